#pragma once
// `vrex bake`: an equirectangular panorama (JPEG) rendered from a point inside a 3D model through the engine's own
// renderer: six supersampled cube faces, resampled to equirect on the CPU; top-bottom stereo with --stereo. With
// --hotspots it also prints the yaw/pitch of the model's `hotspot:NAME` nodes as seen from the point.
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>

#include <glm/vec3.hpp>

namespace vrex::app {

struct BakeOptions {
    std::filesystem::path model;
    glm::dvec3 at{0.0};               // the bake point, model coordinates (glTF: metres)
    double yaw = 0;                   // the model's yaw at the panorama's centre, degrees
    uint32_t size = 8192;             // width; height is half (per eye)
    std::optional<double> stereo_ipd; // metres: a top-bottom pair, left eye on top
    std::filesystem::path output = "pano.jpg";
    bool hotspots = false;      // print `NAME yaw=Y pitch=P` for the model's hotspot:NAME nodes
    int quality = 92;           // JPEG quality, 1-100
    uint32_t supersample = 2;   // faces rendered at this many times their size and filtered down
    bool flat_lighting = false; // the viewer's exhibit lighting instead of the bake's (sky, AO, lights)
    bool timings = false;
};

// Returns the exit code: 0 written, 1 bad input (unreadable model, a point outside the model, a size the GPU cannot
// render, an unwritable output; the reason printed on `err`, no output file left), 3 GPU failure or validation
// errors.
int run_bake(const BakeOptions& options, std::ostream& out, std::ostream& err);

// "1.5,-2,0.25" -> the point; an error text for CLI11, or "" when fine.
std::string parse_point(const std::string& text, glm::dvec3& point);

} // namespace vrex::app
