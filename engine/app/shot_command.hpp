#pragma once
// `vrex shot`: renders views headless to PNG, of a panorama image or of a tour's scenes.
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
    std::string scene; // tour: which scene (default: the tour's start)
    bool all = false;  // tour: one PNG per scene into the output folder (the curator's contact sheet)
};

// Returns the exit code: 0 written, 1 bad input (the reasons printed on `err`), 3 GPU failure or validation errors.
int run_shot(const ShotOptions& options, std::ostream& out, std::ostream& err);

} // namespace vrex::app
