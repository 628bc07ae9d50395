#pragma once
// What `vrex view` and `vrex shot` open: a tour file or folder, or a single panorama image as a one-scene tour.
#include <filesystem>
#include <iosfwd>
#include <optional>

#include "tour/load.hpp"

namespace vrex::app {

// Loads `path` as a tour (printing its diagnostics to `err`), or wraps a panorama image in a one-scene tour.
// nullopt when the tour has errors or the image cannot be read (already reported on `err`).
std::optional<tour::Tour> open_tour_or_image(const std::filesystem::path& path, std::ostream& err);

} // namespace vrex::app
