#pragma once
// `vrex shot`: renders views headless to PNG, of a panorama image or of a tour's scenes. A tour's scene is drawn as
// the desktop viewer shows it: the panorama with hotspot markers and labels, and optionally an open panel.
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace vrex::app {

struct ShotOptions {
    std::filesystem::path input; // a panorama image, or a tour (file or folder)
    std::optional<double> yaw;   // unset: 0 for an image, the scene's view for a tour
    std::optional<double> pitch;
    std::optional<double> hfov; // unset: 90 for an image, the scene's view for a tour
    uint32_t width = 1280;
    uint32_t height = 720;
    std::filesystem::path output = "out.png"; // with `all`: a folder
    bool timings = false;
    float anisotropy = 0;             // anisotropic filtering of the panorama (RendererOptions::anisotropy)
    std::string scene;                // tour: which scene (default: the tour's start)
    bool all = false;                 // tour: one PNG per scene into the output folder (the curator's contact sheet)
    bool no_hotspots = false;         // tour: the panorama alone, without markers, labels or panels
    std::string open;                 // tour: the hotspot (id, or "#N" for the Nth without one) whose panel is open
    std::optional<double> turn_model; // tour, with `open` a model hotspot: the object turned by this, degrees
    // tour: a missing media file is drawn as the viewer's placeholder instead of refusing the tour (a served tour's
    // files that neither the cache nor the server, unreachable, could give)
    bool placeholders = false;
};

// Returns the exit code: 0 written, 1 bad input (the reasons printed on `err`; also an unknown or link hotspot given to
// `open`), 2 options that need a tour given an image, 3 GPU failure or validation errors.
int run_shot(const ShotOptions& options, std::ostream& out, std::ostream& err);

} // namespace vrex::app
