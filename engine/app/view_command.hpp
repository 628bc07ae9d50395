#pragma once
// `vrex view`: the tour in a desktop window (kiosk or PC), and the curator's live preview (--edit).
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "app/remote_tour.hpp"
#include "tour/tour.hpp"

namespace vrex::gpu {
class Context;
}

namespace vrex::app {

enum class ViewMode {
    Auto,    // a headset if an OpenXR runtime has one, else the window (with a one-line notice)
    Xr,      // a headset or nothing: exits non-zero with the reason
    Desktop, // the window; never touches OpenXR
};

struct ViewOptions {
    ViewMode mode = ViewMode::Auto;
    std::filesystem::path tour; // a tour (file or folder) or a panorama image (a one-scene tour)
    std::string scene;          // start here instead of the tour's start
    // A tour given as a URL (`tour` is then its copy in the HTTP cache; "" otherwise): with `edit`, it is
    // re-validated every 2 s (RemoteTourWatch) and reloaded when it changed on the server.
    std::string url;
    NetOptions net;
    bool edit = false; // curator mode: clicks report yaw/pitch, the tour file is watched and reloaded
    // Kiosk (docs/kiosk.md): in a window, after `kiosk_idle_seconds` without input the tour restarts and turns
    // slowly, and only the operator's Ctrl+Alt+Shift+Q quits; in a headset, it restarts for each visitor.
    bool kiosk = false;
    double kiosk_idle_seconds = 60;
    // The station's language (--lang): the tour starts in it and a kiosk returns to it; "" = the tour's first.
    std::string language;
    bool events = false; // one JSON line per viewer event on stdout
    // Visitor statistics (docs/stats.md): one JSON-lines log per visit in this folder.
    std::optional<std::filesystem::path> stats;
    uint64_t frames = 0; // exit after this many frames (0 = run until the window closes)
    uint32_t width = 1280, height = 800;
    bool fullscreen = false;
    float anisotropy = 0; // anisotropic filtering of the panorama (RendererOptions::anisotropy)
    // Memory for panoramas, on the device and decoded, in MiB; unset: scene::default_memory_budget of the device.
    // 0 keeps only the scenes on screen (no preloading).
    std::optional<double> memory_budget_mb;
    // Headset only:
    std::optional<double> dwell_seconds; // gaze dwell before a hotspot activates; unset: the tour's, else 1 s
    double snap_turn_deg = 30;           // one thumbstick flick turns this much
    bool stage = false;                  // standing (STAGE space) instead of seated (LOCAL)
    // The panorama as a compositor cube layer when the runtime offers XR_KHR_composition_layer_cube (auto), never
    // (projection: everything drawn into the eye images), or insisting on it (cube: a warning if not offered).
    enum class Layers { Auto, Projection, Cube } layers = Layers::Auto;
};

// Returns the exit code: 0 closed normally, 1 bad input (tour or image), 2 --xr without a usable runtime,
// 3 no display / GPU failure / validation errors.
int run_view(const ViewOptions& options, std::ostream& out, std::ostream& err);

// The bytes PanoramaCache may hold: --memory-budget, else the device's default.
uint64_t memory_budget(const ViewOptions& options, const gpu::Context& ctx);

// The headset path of run_view (xr_view.cpp). Returns nullopt when no runtime/headset is usable, having written
// the reason to `reason`; otherwise the exit code.
std::optional<int> run_xr_view(const ViewOptions& options, const tour::Tour& tour, std::ostream& out, std::ostream& err,
                               std::string& reason);

} // namespace vrex::app
