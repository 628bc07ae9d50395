#pragma once
// What `vrex view` and `vrex shot` open: a tour file or folder, or a single panorama image as a one-scene tour.
#include <filesystem>
#include <iosfwd>
#include <optional>

#include "app/modules.hpp"
#include "tour/load.hpp"

namespace vrex::app {

// Loads `path` as a tour (printing all its diagnostics to `err`), or wraps a panorama image in a one-scene tour.
// Missing or unreadable media files do not stop a tour from opening (their scenes show the problem instead);
// nullopt when the tour has other errors or the image cannot be read (already reported on `err`).
std::optional<tour::Tour> open_tour_or_image(const std::filesystem::path& path, std::ostream& err);

} // namespace vrex::app
