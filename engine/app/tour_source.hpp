#pragma once
// What `vrex view` and `vrex shot` open: a tour file or folder, or a single panorama image as a one-scene tour.
#include <filesystem>
#include <iosfwd>
#include <optional>

#include "app/modules.hpp"
#include "tour/load.hpp"

namespace vrex::app {

// Loads a vrex tour, or another viewer's tour (tour::load_foreign_tour) after printing to `note` one line that says
// what was recognised ("vrex: tour.xml: a krpano tour, 2 scenes, opened through vrex's importer").
tour::LoadResult load_any_tour(const std::filesystem::path& path, const tour::LoadOptions& options, std::ostream* note);

// Reads GPano XMP from the panorama image `path` into the scene's partial coverage and north, printing one line
// to `err` saying what it found. False when the image has none (or it cannot be read: said on `err`).
bool apply_gpano(const std::filesystem::path& path, tour::Scene& scene, std::ostream& err);

// Loads `path` as a tour (printing all its diagnostics to `err`), or wraps a panorama image in a one-scene tour
// (with its GPano XMP, when it has some).
// Missing or unreadable media files do not stop a tour from opening (their scenes show the problem instead);
// nullopt when the tour has other errors or the image cannot be read (already reported on `err`).
std::optional<tour::Tour> open_tour_or_image(const std::filesystem::path& path, std::ostream& err);

} // namespace vrex::app
