#pragma once
// `vrex shot`: renders one view of a panorama headless to a PNG.
#include <filesystem>
#include <iosfwd>
#include <optional>

namespace vrex::app {

struct ShotOptions {
    std::filesystem::path input;
    double yaw = 0;
    double pitch = 0;
    double hfov = 90;
    uint32_t width = 1280;
    uint32_t height = 720;
    std::filesystem::path output = "out.png";
    bool timings = false;
};

// Returns the exit code: 0 written, 1 bad input (the reason printed on `err`), 3 GPU failure or validation errors.
int run_shot(const ShotOptions& options, std::ostream& out, std::ostream& err);

} // namespace vrex::app
