#include "scene/frame.hpp"

#include "core/clock.hpp"
#include "math/camera.hpp"

namespace vrex::scene {
namespace {

// The headset's text resolution: markers and panels are sized for about this field of view.
constexpr double k_headset_hfov = 100;

void aim(gpu::View& view, const viewer::Camera& c) {
    const VkExtent2D e = view.target.extent;
    view.world_from_view = math::orientation_from_yaw_pitch(c.yaw, c.pitch);
    view.projection = math::projection_from_fov(math::fov_from_hfov(c.hfov, double(e.width) / e.height));
}

} // namespace

FrameTimes draw_frame(gpu::Frame& frame, SceneDrawer& drawer, const FrameSources& sources,
                      const FrameOptions& options) {
    FrameTimes times;
    if (!frame.should_render || frame.views.empty()) return times;
    core::Stopwatch clock;
    Viewer& viewer = sources.viewer;
    const viewer::Camera camera = options.camera.value_or(viewer.camera());
    const VkExtent2D e = frame.views.front().target.extent;
    const double hfov = options.aim == Aim::camera ? camera.hfov : k_headset_hfov;
    render::RenderScene scene;
    if (options.hotspots) {
        scene = drawer.build(sources.tour, viewer, sources.panoramas, {e.width, e.height, hfov}, sources.models);
    } else {
        scene.panorama = sources.panoramas.panorama(viewer.scene().id);
        scene.panorama_right = sources.panoramas.panorama_right(viewer.scene().id);
        scene.tiled = sources.panoramas.tiled(viewer.scene().id);
    }
    if (options.adjust) options.adjust(scene);
    times.build_ms = clock.lap_ms();
    const glm::mat4 body = math::orientation_from_yaw_pitch(viewer.camera().yaw, 0);
    for (gpu::View& view : frame.views) {
        if (options.aim == Aim::camera)
            aim(view, camera);
        else
            view.world_from_view = body * view.world_from_view;
    }
    // A tiled panorama asks for the tiles of every view (both eyes) and uploads some before it is drawn.
    if (render::TiledPanorama* tiled = sources.panoramas.tiled(viewer.scene().id); tiled && scene.tiled == tiled)
        tiled->update(frame.views);
    for (gpu::View& view : frame.views) drawer.renderer().draw(frame.cmd, scene, view);
    times.record_ms = clock.lap_ms();
    if (drawer.panel_height_m() > 0) viewer.set_panel_height(drawer.panel_height_m());
    if (drawer.model_radius_m() > 0) viewer.set_model_radius(drawer.model_radius_m());
    return times;
}

} // namespace vrex::scene
