#include "gpu/fault.hpp"

#include <charconv>
#include <cstdlib>
#include <sstream>

namespace vrex::gpu {
namespace {

struct Kind {
    const char* name;
    FaultPoint point;
    VkResult result;
};

constexpr Kind k_kinds[] = {
    {"device_lost", FaultPoint::Submit, VK_ERROR_DEVICE_LOST},
    {"out_of_date", FaultPoint::Acquire, VK_ERROR_OUT_OF_DATE_KHR},
    {"surface_lost", FaultPoint::Acquire, VK_ERROR_SURFACE_LOST_KHR},
    {"suboptimal", FaultPoint::Present, VK_SUBOPTIMAL_KHR},
};

uint64_t parse_number(const std::string& item, const std::string& text) {
    uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
        throw core::Error("VREX_GPU_FAULT: '" + item + "' wants a number after the colon");
    return n;
}

} // namespace

FaultPlan::FaultPlan(const std::string& spec) {
    std::istringstream items(spec);
    std::string item;
    while (std::getline(items, item, ',')) {
        if (item.empty()) continue;
        const size_t at = item.find('@');
        const size_t colon = item.find(':', at == std::string::npos ? 0 : at);
        if (at == std::string::npos || colon == std::string::npos)
            throw core::Error("VREX_GPU_FAULT: '" + item + "' is not KIND@frame:N or out_of_memory@bytes:N");
        const std::string kind = item.substr(0, at), unit = item.substr(at + 1, colon - at - 1);
        const uint64_t n = parse_number(item, item.substr(colon + 1));
        if (kind == "out_of_memory" && unit == "bytes") {
            m_image_limit = n;
            continue;
        }
        bool known = false;
        for (const Kind& k : k_kinds)
            if (kind == k.name && unit == "frame") {
                m_faults.push_back({k.point, n, k.result});
                known = true;
            }
        if (!known)
            throw core::Error("VREX_GPU_FAULT: unknown fault '" + item +
                              "' (device_lost, out_of_date, surface_lost, suboptimal @frame:N; out_of_memory@bytes:N)");
    }
}

FaultPlan FaultPlan::from_environment() {
    const char* spec = std::getenv("VREX_GPU_FAULT");
    return spec ? FaultPlan(spec) : FaultPlan();
}

std::optional<VkResult> FaultPlan::take(FaultPoint point, uint64_t frame) {
    for (Fault& f : m_faults)
        if (!f.fired && f.point == point && f.frame == frame) {
            f.fired = true;
            return f.result;
        }
    return std::nullopt;
}

} // namespace vrex::gpu
