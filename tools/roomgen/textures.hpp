#pragma once
// Pictures the generator paints: lettered panels (signs, boards, screens) set with the engine's text module, and a
// tiled floor.
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/expected.hpp"
#include "desc.hpp"
#include "media/image.hpp"
#include "text/font_library.hpp"

namespace vrex::roomgen {

// A panel of `pixels`: the title (zh, then en smaller) and the lines (each zh, then en) on the background, shrunk
// until they fit. With no lines the title is centred both ways (a sign); otherwise it heads a left-aligned board.
core::Expected<media::Image, std::string> letter(text::FontLibrary& fonts, const Lettering& lettering,
                                                 glm::ivec2 pixels);

// Pixels for a panel of `metres`: about 320 per metre, at most 2048 on the long side.
glm::ivec2 panel_pixels(glm::vec2 metres);

// One floor tile (256 x 256, tiled by the sampler): the colour with a thin darker joint on two edges.
media::Image floor_tile(glm::vec3 srgb);

} // namespace vrex::roomgen
