#pragma once
// Cube faces (CubeFaces) to an equirectangular image on the CPU: each output pixel's direction (DESIGN §2) picks its
// face by its major axis and is sampled bilinearly in linear light. A direction sits inside exactly one face and the
// faces carry a margin, so there is no seam at face edges, at yaw +-180 degrees or at the poles.
#include <cstdint>
#include <vector>

namespace vrex::bake {

struct CubeFaces;

// RGB8 (sRGB), `width` x `height`, top row first. Panorama yaw 0 shows model yaw `yaw_deg` (positive turns right).
// `rgb` is resized to hold it, or written at `row_offset` rows into an image of the same width (a stereo pair).
void faces_to_equirect(const CubeFaces& faces, uint32_t width, uint32_t height, double yaw_deg,
                       std::vector<uint8_t>& rgb, uint32_t row_offset = 0);

} // namespace vrex::bake
