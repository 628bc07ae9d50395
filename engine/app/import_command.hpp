#pragma once
// `vrex import SOURCE -o DIR [--copy] [--force]`: a tour made for another viewer (Pannellum, Marzipano, Google VR
// View, krpano, Photo Sphere Viewer) written as DIR/tour.yaml (docs/import/).
#include <filesystem>
#include <iosfwd>

namespace vrex::app {

struct ImportOptions {
    std::filesystem::path source; // the foreign tour file
    std::filesystem::path output; // the folder tour.yaml goes to
    bool copy = false;            // copy the media into the output folder (else they must lie inside it)
    bool force = false;           // replace an existing tour.yaml
};

// Writes the tour and checks it as `vrex lint` does; what was not carried over is printed to `err` with the
// source's file:line. Returns 0 when a tour without errors was written, 1 when the source cannot be imported,
// its media lie outside the output folder without --copy, or tour.yaml exists without --force.
int run_import(const ImportOptions& options, std::ostream& out, std::ostream& err);

} // namespace vrex::app
