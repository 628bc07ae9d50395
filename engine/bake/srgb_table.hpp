#pragma once
// Fast sRGB <-> linear for the bake's per-pixel loops (tables built once, thread-safe).
#include <array>
#include <cstdint>

namespace vrex::bake {

// sRGB byte -> linear [0, 1].
float to_linear(uint8_t v);
// linear -> sRGB byte (clamped; a 4096-entry table, rounded).
uint8_t to_srgb(float linear);

} // namespace vrex::bake
