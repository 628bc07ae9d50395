#pragma once
// A tour's tiled panorama (tour::Tiles, plain values) as media's TilePyramid, and the check `vrex lint` runs on it.
#include <filesystem>
#include <string>

#include "core/expected.hpp"
#include "media/tiles.hpp"
#include "tour/tour.hpp"

namespace vrex::scene {

// The pyramid a scene's `tiles:` names: a vrex pyramid's manifest read (media::read_vrex_pyramid), or a web viewer's
// layout (media::foreign_pyramid) with its patterns relative to `tour_folder`. The error names the manifest or the
// layout.
core::Expected<media::TilePyramid, std::string> tile_pyramid(const tour::Tiles& tiles,
                                                             const std::filesystem::path& tour_folder);

// "" when the pyramid reads and every tile of its coarsest level (and the preview it names) is on disk; otherwise
// what is wrong, naming up to three missing files. For tour::LoadOptions::check_tiles.
std::string check_tiles(const tour::Tiles& tiles, const std::filesystem::path& tour_folder);

} // namespace vrex::scene
