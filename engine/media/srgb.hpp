#pragma once
#include <cstdint>

namespace vrex::media {

// sRGB transfer functions (IEC 61966-2-1), 8-bit encoded <-> linear [0,1].
float srgb_to_linear(uint8_t v);
uint8_t linear_to_srgb(float v);

} // namespace vrex::media
