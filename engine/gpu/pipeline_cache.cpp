#include "gpu/pipeline_cache.hpp"

#include <cstdlib>
#include <cstring>
#include <spdlog/spdlog.h>
#include <utility>

#include "core/file.hpp"
#include "core/vk_check.hpp"

namespace vrex::gpu {
namespace {

// Before the driver's data: a magic, its size and a checksum. The driver checks only its own header; a file cut
// short or damaged after it would reach the driver, and not every driver survives that.
struct FileHeader {
    char magic[8] = {'v', 'r', 'e', 'x', 'p', 'c', '1', '\0'};
    uint64_t size = 0;
    uint64_t hash = 0;
};
static_assert(sizeof(FileHeader) == 24);

uint64_t fnv1a(std::span<const uint8_t> bytes) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint8_t b : bytes) h = (h ^ b) * 0x100000001b3ull;
    return h;
}

// The driver data in the file's bytes, or an empty span with the reason in `why`.
std::span<const uint8_t> driver_data(std::span<const uint8_t> file, std::string& why) {
    FileHeader header;
    FileHeader expected;
    if (file.size() < sizeof header) {
        why = "shorter than its header";
        return {};
    }
    std::memcpy(&header, file.data(), sizeof header);
    const std::span<const uint8_t> data = file.subspan(sizeof header);
    if (std::memcmp(header.magic, expected.magic, sizeof header.magic) != 0)
        why = "not a vrex pipeline cache";
    else if (header.size != data.size())
        why = "cut short or padded (" + std::to_string(data.size()) + " bytes of " + std::to_string(header.size) + ")";
    else if (header.hash != fnv1a(data))
        why = "damaged (checksum)";
    return why.empty() ? data : std::span<const uint8_t>{};
}

} // namespace

std::filesystem::path default_pipeline_cache_path() {
    return core::user_cache_path("VREX_PIPELINE_CACHE", "pipelines.bin");
}

std::string check_pipeline_cache_header(std::span<const uint8_t> data, const VkPhysicalDeviceProperties& device) {
    VkPipelineCacheHeaderVersionOne header{};
    if (data.size() < sizeof header) return "shorter than a Vulkan pipeline cache header";
    std::memcpy(&header, data.data(), sizeof header);
    if (header.headerSize < sizeof header || header.headerSize > data.size())
        return "header size " + std::to_string(header.headerSize);
    if (header.headerVersion != VK_PIPELINE_CACHE_HEADER_VERSION_ONE)
        return "header version " + std::to_string(header.headerVersion);
    if (header.vendorID != device.vendorID || header.deviceID != device.deviceID) return "made by another device";
    if (std::memcmp(header.pipelineCacheUUID, device.pipelineCacheUUID, VK_UUID_SIZE) != 0)
        return "made by another driver version";
    return {};
}

PipelineCache::PipelineCache(VkDevice device, const VkPhysicalDeviceProperties& properties, std::filesystem::path path)
    : m_device(device), m_path(std::move(path)) {
    std::vector<uint8_t> file;
    std::span<const uint8_t> data;
    std::error_code ec;
    if (!m_path.empty() && std::filesystem::exists(m_path, ec)) {
        if (auto read = core::read_file(m_path))
            file = std::move(*read);
        else
            spdlog::warn("pipeline cache: {}", read.error());
        std::string why;
        data = driver_data(file, why);
        if (why.empty()) why = check_pipeline_cache_header(data, properties);
        if (!why.empty()) {
            spdlog::warn("pipeline cache {} ignored: {}", m_path.string(), why);
            data = {};
        }
    }
    VkPipelineCacheCreateInfo info{VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
    info.initialDataSize = data.size();
    info.pInitialData = data.empty() ? nullptr : data.data();
    VK_CHECK(vkCreatePipelineCache(m_device, &info, nullptr, &m_cache));
    m_loaded_bytes = data.size();
    m_loaded_hash = data.empty() ? 0 : fnv1a(data);
    spdlog::debug("pipeline cache: {} bytes from {}", m_loaded_bytes, m_path.string());
}

PipelineCache::PipelineCache(PipelineCache&& o) noexcept
    : m_device(std::exchange(o.m_device, VK_NULL_HANDLE)), m_cache(std::exchange(o.m_cache, VK_NULL_HANDLE)),
      m_path(std::move(o.m_path)), m_loaded_bytes(o.m_loaded_bytes), m_loaded_hash(o.m_loaded_hash) {}

PipelineCache& PipelineCache::operator=(PipelineCache&& o) noexcept {
    if (this != &o) {
        reset();
        m_device = std::exchange(o.m_device, VK_NULL_HANDLE);
        m_cache = std::exchange(o.m_cache, VK_NULL_HANDLE);
        m_path = std::move(o.m_path);
        m_loaded_bytes = o.m_loaded_bytes;
        m_loaded_hash = o.m_loaded_hash;
    }
    return *this;
}

bool PipelineCache::save() const {
    if (m_cache == VK_NULL_HANDLE || m_path.empty()) return false;
    size_t size = 0;
    if (vkGetPipelineCacheData(m_device, m_cache, &size, nullptr) != VK_SUCCESS) return false;
    std::vector<uint8_t> file(sizeof(FileHeader) + size);
    // VK_INCOMPLETE cannot happen with the size just asked for; anything else is no data to keep.
    if (vkGetPipelineCacheData(m_device, m_cache, &size, file.data() + sizeof(FileHeader)) != VK_SUCCESS) return false;
    file.resize(sizeof(FileHeader) + size);
    FileHeader header;
    header.size = size;
    header.hash = fnv1a(std::span(file).subspan(sizeof(FileHeader)));
    if (m_loaded_bytes == size && m_loaded_hash == header.hash) return true; // the file holds this already
    std::memcpy(file.data(), &header, sizeof header);
    std::error_code ec;
    std::filesystem::create_directories(m_path.parent_path(), ec);
    auto written = core::write_file_atomic(m_path, file.data(), file.size());
    if (!written) spdlog::warn("pipeline cache not saved: {}", written.error());
    return bool(written);
}

void PipelineCache::reset() {
    if (m_cache == VK_NULL_HANDLE) return;
    save();
    vkDestroyPipelineCache(m_device, m_cache, nullptr);
    m_cache = VK_NULL_HANDLE;
}

} // namespace vrex::gpu
