#pragma once
// `vrex view`: the tour in a desktop window (kiosk or PC), and the curator's live preview (--edit).
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>

namespace vrex::app {

struct ViewOptions {
    std::filesystem::path tour; // a tour (file or folder) or a panorama image (a one-scene tour)
    std::string scene;          // start here instead of the tour's start
    bool edit = false;          // curator mode: clicks report yaw/pitch, the tour file is watched and reloaded
    bool kiosk = false;         // autorotate after `kiosk_idle_seconds` without input
    double kiosk_idle_seconds = 30;
    bool events = false; // one JSON line per viewer event on stdout
    uint64_t frames = 0; // exit after this many frames (0 = run until the window closes)
    uint32_t width = 1280, height = 800;
    bool fullscreen = false;
};

// Returns the exit code: 0 closed normally, 1 bad input (tour or image), 3 no display / GPU failure / validation.
int run_view(const ViewOptions& options, std::ostream& out, std::ostream& err);

} // namespace vrex::app
