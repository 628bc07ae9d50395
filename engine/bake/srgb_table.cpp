#include "bake/srgb_table.hpp"

#include <algorithm>

#include "media/srgb.hpp"

namespace vrex::bake {
namespace {

constexpr int k_steps = 4096;

struct Tables {
    std::array<float, 256> linear{};
    std::array<uint8_t, k_steps + 1> srgb{};
    Tables() {
        for (int i = 0; i < 256; ++i) linear[size_t(i)] = media::srgb_to_linear(uint8_t(i));
        for (int i = 0; i <= k_steps; ++i) srgb[size_t(i)] = media::linear_to_srgb(float(i) / k_steps);
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

} // namespace

float to_linear(uint8_t v) {
    return tables().linear[v];
}

uint8_t to_srgb(float linear) {
    const int i = int(std::clamp(linear, 0.0f, 1.0f) * k_steps + 0.5f);
    return tables().srgb[size_t(i)];
}

} // namespace vrex::bake
