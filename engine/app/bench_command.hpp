#pragma once
// `vrex bench`: the viewer's speed and memory, measured headless through the renderer and presenters the viewer
// uses, on a panorama or a tour (issue 10). A table on the terminal, or JSON.
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace vrex::app {

// The sections, in the order they run (load first: its cold figures are the first load in the process).
inline const std::vector<std::string> k_bench_sections{"load", "frame", "switch", "memory", "xr", "decode-floor"};

struct BenchOptions {
    std::filesystem::path input;                  // a panorama image, or a tour (its start scene and first link)
    std::vector<std::string> only;                // empty: every section
    uint32_t iterations = 5;                      // load (warm), stages and decode-floor repeats
    uint32_t frames = 120;                        // timed frames per frame configuration (and in the headset)
    uint32_t switches = 1000;                     // memory: switches after the first visit of every scene
    uint32_t scenes = 20;                         // memory: scenes of the generated tour
    uint32_t width = 1920, height = 1080;         // frame: the mono view
    uint32_t eye_width = 1832, eye_height = 1920; // frame and xr: each of two eyes
    bool json = false;
};

// Runs the chosen sections and prints the figures on `out`. Exit codes as the other commands: 0, 1 bad input (a
// missing or unreadable panorama, a tour with errors), 3 GPU failure or validation errors (core::Error propagates).
int run_bench(const BenchOptions& o, std::ostream& out, std::ostream& err);

} // namespace vrex::app
