#pragma once
// The one frame function: the desktop loop, the headset loop and `vrex shot` each begin a frame on their presenter
// (gpu::Presenter), call draw_frame, and end it. What differs between them is only how the views are aimed.
#include <functional>
#include <optional>

#include "gpu/frame.hpp"
#include "scene/model_cache.hpp"
#include "scene/panorama_cache.hpp"
#include "scene/scene_drawer.hpp"
#include "viewer/viewer.hpp"

namespace vrex::scene {

enum class Aim {
    // Desktop and shot: every view looks along the Viewer's camera (yaw, pitch, hfov) or FrameOptions::camera, with
    // a projection for its target's aspect.
    camera,
    // Headset: the presenter has posed each eye (head tracking, per-eye field of view) in the reference space; the
    // Viewer's camera yaw turns the body inside the panorama.
    body,
};

struct FrameOptions {
    Aim aim = Aim::camera;
    std::optional<viewer::Camera> camera; // Aim::camera: look along this instead (shot's --yaw, --pitch, --hfov)
    bool hotspots = true;                 // false: the panorama alone (shot's --no-hotspots)
    // Last changes to the scene before it is drawn (the headset hands the panorama to a cube layer).
    std::function<void(render::RenderScene&)> adjust;
};

// What a frame shows: the tour, the visitor's state, and what is loaded of the tour's media.
struct FrameSources {
    const tour::Tour& tour;
    Viewer& viewer;
    const PanoramaCache& panoramas;
    const ModelCache* models = nullptr; // nullptr: no model is drawn
};

struct FrameTimes {
    double build_ms = 0;  // the Viewer's state into a RenderScene (text textures made on first use included)
    double record_ms = 0; // recording every view
};

// Builds one RenderScene from the Viewer's state and records it into every view of `frame`, aimed as `options`
// says; then tells the Viewer how tall the panel and how large the model were drawn (for pointing at them).
// Records nothing when frame.should_render is false.
FrameTimes draw_frame(gpu::Frame& frame, SceneDrawer& drawer, const FrameSources& sources,
                      const FrameOptions& options = {});

} // namespace vrex::scene
