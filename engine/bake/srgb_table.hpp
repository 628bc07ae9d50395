#pragma once
// Fast sRGB <-> linear for the bake's per-pixel loops: tables built once (thread-safe), read inline. Hot loops take
// the tables once (srgb_tables()) and index them directly.
#include <algorithm>
#include <array>
#include <cstdint>

namespace vrex::bake {

struct SrgbTables {
    static constexpr int k_steps = 4096;
    std::array<float, 256> linear{};         // sRGB byte -> linear [0, 1]
    std::array<uint8_t, k_steps + 1> srgb{}; // linear * k_steps, rounded -> sRGB byte

    float to_linear(uint8_t v) const { return linear[v]; }
    uint8_t to_srgb(float v) const { return srgb[size_t(std::clamp(v, 0.0f, 1.0f) * k_steps + 0.5f)]; }
};

const SrgbTables& srgb_tables();

} // namespace vrex::bake
