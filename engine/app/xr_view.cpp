// `vrex view` in a headset: the same Viewer, renderer and scene drawer as the desktop, fed by OpenXR.
#include <algorithm>
#include <chrono>
#include <glm/gtc/quaternion.hpp>
#include <memory>
#include <ostream>
#include <spdlog/spdlog.h>
#include <string_view>
#include <thread>

#include "app/gpu_session.hpp"
#include "app/headset_station.hpp"
#include "app/modules.hpp"
#include "app/view_command.hpp"
#include "app/visit_recorder.hpp"
#include "core/mutation.hpp"
#include "math/angles.hpp"
#include "math/camera.hpp"
#include "scene/frame.hpp"
#include "scene/model_cache.hpp"
#include "scene/panorama_cache.hpp"
#include "scene/preload.hpp"
#include "scene/scene_drawer.hpp"
#include "scene/scene_media.hpp"
#include "viewer/viewer.hpp"
#include "xr/xr_presenter.hpp"

namespace vrex::app {
namespace {

constexpr double k_snap_interval_s = 0.25;   // never more than four snap turns a second
constexpr double k_gaze_close_panel_s = 2.0; // gaze only: looking away from an open panel this long closes it
constexpr double k_max_viewer_step_s = 0.25; // a runtime's hitch never jumps timers further than this
constexpr int k_max_instance_rebuilds = 3;   // after that an instance loss ends the XR view (window fallback)

glm::dvec3 forward_of(const XrPosef& p) {
    const glm::dquat q(p.orientation.w, p.orientation.x, p.orientation.y, p.orientation.z);
    return q * glm::dvec3(0.0, 0.0, -1.0);
}

const char* state_name(XrSessionState s) {
    switch (s) {
    case XR_SESSION_STATE_IDLE:
        return "idle";
    case XR_SESSION_STATE_READY:
        return "ready";
    case XR_SESSION_STATE_SYNCHRONIZED:
        return "synchronized";
    case XR_SESSION_STATE_VISIBLE:
        return "visible";
    case XR_SESSION_STATE_FOCUSED:
        return "focused";
    case XR_SESSION_STATE_STOPPING:
        return "stopping";
    case XR_SESSION_STATE_LOSS_PENDING:
        return "loss_pending";
    case XR_SESSION_STATE_EXITING:
        return "exiting";
    default:
        return "unknown";
    }
}

// Members in creation order: the system before the Vulkan context it creates, the presenter after both.
class XrApp {
public:
    // `station`: --kiosk's headset station (kept across instance rebuilds), else null.
    XrApp(const ViewOptions& o, const tour::Tour& tour, xr::XrSystem system, HeadsetStation* station, std::ostream& out,
          std::ostream& err);
    // The GPU may still be using what the members own, also when run() ends by an exception.
    ~XrApp() { vkDeviceWaitIdle(m_ctx.device()); }
    int run();
    // The runtime lost its instance: the caller destroys this app and builds everything again.
    bool instance_lost() const { return m_presenter.instance_lost(); }
    const std::string& scene_id() const { return m_viewer.scene().id; }

private:
    void report_changes();
    void watch_station();
    double viewer_time(double frame_time, bool focused);
    const char* pointer_name(const xr::XrFrameInput& in) const;
    std::optional<Ray> pointer_ray(const xr::XrFrameInput& in, PointerKind& kind) const;
    ViewerInput translate(const xr::XrFrameInput& in, double now);
    void after_update(const xr::XrFrameInput& in);
    void record_view(const xr::XrFrameInput& in, double now);
    void draw(gpu::Frame& frame);
    void use_cube_layer(render::RenderScene& scene);

    const ViewOptions& m_options;
    const tour::Tour& m_tour;
    std::ostream& m_out;
    std::ostream& m_err;
    HeadsetStation* m_station;
    std::future<void> m_warm_up; // the first load's buffers, while the GPU starts
    xr::XrSystem m_system;
    gpu::Context m_ctx;
    render::Renderer m_renderer;
    xr::XrPresenter m_presenter;
    std::optional<text::FontLibrary> m_fonts;
    PanoramaCache m_cache;
    scene::ModelCache m_models;
    SceneDrawer m_drawer;
    Viewer m_viewer;
    bool m_turn_armed = true;
    double m_last_snap = -1;
    bool m_first_scene = true;
    double m_gaze_off_panel_since = 0;
    // The controller's aim direction last frame (reference space), for a grab's turn.
    std::optional<glm::dvec3> m_last_aim;
    std::string m_cube_scene; // the scene whose panorama the cube layer holds
    const render::Panorama* m_cube_panorama = nullptr;
    XrSessionState m_reported_state = XR_SESSION_STATE_UNKNOWN;
    std::string m_reported_profile;
    std::string_view m_reported_pointer = "none";
    uint32_t m_session_count = 1;
    // The Viewer's clock: the runtime's display time, stopped while the session is not FOCUSED (dwell, fades and
    // turns pause with the headset off or the system menu up).
    std::optional<double> m_last_frame_time;
    double m_viewer_time = 0;
    VisitRecorder m_visits; // --stats: a visit per put-on
};

ViewerConfig xr_config(const ViewOptions& o, const tour::Tour& tour, const HeadsetStation* station) {
    ViewerConfig c;
    c.dwell_seconds = o.dwell_seconds.value_or(tour.dwell_seconds.value_or(c.dwell_seconds));
    c.panel_distance_m = 1.3;
    c.panel_width_m = 0.9;
    c.language = o.language;
    if (station && !tour.scenes.empty()) // the station's start, else the tour's (whose first scene stands in for none)
        c.restart_scene = !station->start_scene().empty() ? station->start_scene()
                          : tour.find_scene(tour.start)   ? tour.start
                                                          : tour.scenes[0].id;
    return c;
}

XrApp::XrApp(const ViewOptions& o, const tour::Tour& tour, xr::XrSystem system, HeadsetStation* station,
             std::ostream& out, std::ostream& err)
    : m_options(o), m_tour(tour), m_out(out), m_err(err), m_station(station),
      m_warm_up(scene::warm_first_load(tour, o.scene)), m_system(std::move(system)),
      m_ctx(m_system.vulkan_options(gpu::validation_requested_by_environment())),
      m_renderer(m_ctx, render::RendererOptions{o.anisotropy}),
      m_presenter(m_system, m_ctx, {o.stage, o.layers != ViewOptions::Layers::Projection}), m_fonts(load_fonts(err)),
      m_cache(
          m_renderer, [this](render::Panorama&& p) { m_presenter.retire(std::move(p)); }, true, true,
          scene::PanoramaDecoders::with_mips()),
      m_models(m_renderer, [this](render::GpuModel&& m) { m_presenter.retire(std::move(m)); }),
      m_drawer(m_renderer, m_fonts ? &*m_fonts : nullptr,
               [this](render::Texture&& t) { m_presenter.retire(std::move(t)); }),
      m_viewer(tour, xr_config(o, tour, station), o.scene), m_visits(o.stats, o.tour, "headset", err) {
    m_viewer.set_model_hit_test(scene::model_hit_test(m_models)); // the model's triangles take the ray, not its bounds
    m_cache.set_memory_budget(memory_budget(o, m_ctx));
    if (m_station) m_station->new_instance();
}

int XrApp::run() {
    if (m_options.layers == ViewOptions::Layers::Cube && !m_presenter.cube_layer_active())
        m_err << "vrex: the OpenXR runtime offers no XR_KHR_composition_layer_cube; drawing the panorama itself\n";
    uint64_t frames = 0;
    while (m_presenter.poll_events()) {
        report_changes();
        watch_station();
        gpu::Frame* frame = m_presenter.begin_frame(0.0);
        if (!frame) { // not running yet (or any more): wait for the runtime's next event
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        // Viewer time follows the predicted display time (what the visitor will see), paused while not focused.
        const xr::XrFrameInput& in = m_presenter.input();
        const double now = viewer_time(frame->time, in.focused);
        m_viewer.update(now, translate(in, now));
        after_update(in);
        record_view(in, now);
        draw(*frame); // records nothing when the runtime says not to render
        m_presenter.end_frame(*frame);
        if (m_options.frames && ++frames >= m_options.frames) m_presenter.request_exit();
    }
    m_visits.end(m_viewer_time);
    vkDeviceWaitIdle(m_ctx.device());
    if (m_presenter.session_lost())
        m_err << "vrex: the headset session was lost and could not be started again; vrex ends here\n";
    return report_validation(m_ctx, m_err) ? 0 : 3;
}

// --events lines for what the runtime changed: the session state, the controller in use, the pointer's kind.
void XrApp::report_changes() {
    if (m_presenter.session_count() != m_session_count) { // a new session after a loss: new swapchains
        m_session_count = m_presenter.session_count();
        m_cube_panorama = nullptr;
        m_cube_scene.clear();
        m_err << "vrex: the headset session was lost; a new one was started\n";
    }
    // Taken off (the session stops; VISIBLE alone is the system menu): the visit ends, the next put-on starts one.
    if (m_presenter.state() == XR_SESSION_STATE_STOPPING || m_presenter.state() == XR_SESSION_STATE_IDLE)
        m_visits.end(m_viewer_time);
    if (!m_options.events) return;
    if (m_presenter.state() != m_reported_state) {
        m_reported_state = m_presenter.state();
        m_out << "{\"event\":\"xr_state\",\"state\":\"" << state_name(m_reported_state) << "\"}" << std::endl;
    }
    if (m_presenter.controller_profile() != m_reported_profile) {
        m_reported_profile = m_presenter.controller_profile();
        m_out << "{\"event\":\"xr_controller\",\"profile\":\"" << m_reported_profile << "\"}" << std::endl;
    }
}

// The headset station: a headset put back on restarts the tour from black (panels closed, the station's language,
// the start scene's view, turned to the head by after_update); each visitor is counted.
void XrApp::watch_station() {
    if (!m_station) return;
    const HeadsetStation::Change change = m_station->update(m_presenter.state(), m_presenter.session_count());
    if (change.restart && !core::mutated(core::Mutation::kiosk_no_restart)) m_viewer.restart(true);
    if (change.new_visitor && m_options.events)
        m_out << "{\"event\":\"visitor\",\"time\":" << m_viewer_time << ",\"count\":" << m_station->visitors() << "}"
              << std::endl;
}

double XrApp::viewer_time(double frame_time, bool focused) {
    if (core::mutated(core::Mutation::xr_timers_unpaused)) return frame_time; // the display time as it comes
    if (!m_last_frame_time)
        m_viewer_time = frame_time;
    else if (focused)
        m_viewer_time += std::clamp(frame_time - *m_last_frame_time, 0.0, k_max_viewer_step_s);
    m_last_frame_time = frame_time;
    return m_viewer_time;
}

const char* XrApp::pointer_name(const xr::XrFrameInput& in) const {
    if (!in.focused) return "none";
    return in.controller.active ? "controller" : in.head_valid ? "gaze" : "none";
}

// Head and controller poses are in the reference space; the Viewer's camera yaw turns the body within the
// panorama, so world = (turn by camera yaw) * pose. The controller's aim ray when one is tracked, else the gaze.
std::optional<Ray> XrApp::pointer_ray(const xr::XrFrameInput& in, PointerKind& kind) const {
    if (!in.focused) return std::nullopt; // VISIBLE only: the system menu has the input; no ray, no haptics
    const glm::dmat3 body(math::orientation_from_yaw_pitch(m_viewer.camera().yaw, 0));
    const XrPosef* pose = in.controller.active ? &in.controller.aim : in.head_valid ? &in.head : nullptr;
    if (!pose) return std::nullopt;
    kind = in.controller.active ? PointerKind::Controller : PointerKind::Gaze;
    const XrVector3f& p = pose->position;
    return Ray{body * glm::dvec3(p.x, p.y, p.z), body * forward_of(*pose)};
}

ViewerInput XrApp::translate(const xr::XrFrameInput& in, double t) {
    ViewerInput vi;
    vi.pointer = pointer_ray(in, vi.pointer_kind);
    if (!vi.pointer || vi.pointer_kind != PointerKind::Controller) m_last_aim.reset();
    // Looking away from a panel counts from when the gaze took over (a controller gone, e.g. with the focus).
    if (!vi.pointer || vi.pointer_kind != PointerKind::Gaze) m_gaze_off_panel_since = t;
    if (!vi.pointer) return vi;
    if (vi.pointer_kind == PointerKind::Controller) {
        vi.select = in.controller.select;
        vi.back = in.controller.back;
        // A held model turns with the hand: by the change of the aim's yaw since the last frame, taken before the
        // body's turn, so that a snap turn does not turn it.
        vi.grab = in.controller.grab;
        const glm::dvec3 aim = forward_of(in.controller.aim);
        if (m_last_aim) vi.grab_turn_deg = math::yaw_change_deg(*m_last_aim, aim);
        m_last_aim = aim;
    } else {
        // Without a controller there is no button to close a panel: looking away from it for a while does.
        const auto panel = m_viewer.panel();
        if (!panel || panel->hovered) m_gaze_off_panel_since = t;
        if (panel && t - m_gaze_off_panel_since > k_gaze_close_panel_s) vi.close = true;
    }
    const float x = in.controller.turn;
    if (std::abs(x) < 0.3f) m_turn_armed = true;
    if (m_turn_armed && std::abs(x) > 0.7f && t - m_last_snap >= k_snap_interval_s) {
        vi.turn_deg = x > 0 ? m_options.snap_turn_deg : -m_options.snap_turn_deg;
        vi.gallery_step = x > 0 ? 1 : -1; // an open gallery takes the flick instead of the turn (the Viewer decides)
        m_turn_armed = false;
        m_last_snap = t;
    }
    return vi;
}

void XrApp::after_update(const xr::XrFrameInput& in) {
    const double head_yaw = in.head_valid ? math::yaw_pitch_from_direction(forward_of(in.head)).yaw : 0.0;
    for (const ViewerEvent& e : m_viewer.take_events()) {
        if (m_options.events) m_out << e.to_json() << "\n";
        m_visits.event(e);
        if (e.type == EventType::HotspotHovered && in.controller.active) m_presenter.haptic_pulse();
        // Arriving, the visitor faces the arrival view whichever way the head is turned.
        if (e.type == EventType::SceneEntered && !m_first_scene) m_viewer.look_at(m_viewer.camera().yaw - head_yaw, 0);
        if (e.type == EventType::SceneEntered) m_first_scene = false;
    }
    if (m_options.events) m_out.flush();
    if (in.recenter_requested) m_viewer.look_at(m_viewer.scene().view.yaw - head_yaw, 0);
    // Preloads go by where the head looks in the scene: the camera's yaw turns the head's.
    const double head_pitch = in.head_valid ? math::yaw_pitch_from_direction(forward_of(in.head)).pitch : 0.0;
    scene::update_panoramas(m_cache, m_viewer, m_tour, m_viewer.camera().yaw + head_yaw, head_pitch);
    m_models.want(m_tour, scene::wanted_models(m_viewer));
    m_models.poll();
    m_drawer.poll_images(m_viewer);
}

// --stats: where the head looks in the panorama (the camera's yaw turns the body), while the headset is worn.
void XrApp::record_view(const xr::XrFrameInput& in, double now) {
    const math::YawPitch head = math::yaw_pitch_from_direction(forward_of(in.head));
    m_visits.frame(now, m_viewer, in.focused && in.head_valid, m_viewer.camera().yaw + head.yaw, head.pitch);
}

void XrApp::draw(gpu::Frame& frame) {
    const xr::XrFrameInput& in = m_presenter.input();
    std::optional<PointerVisual> pointer;
    PointerKind kind = PointerKind::Gaze;
    if (const std::optional<Ray> ray = pointer_ray(in, kind)) {
        double hit = 0;
        if (const auto panel = m_viewer.panel(); panel && panel->hovered)
            if (const auto h = intersect_panel(*panel, *ray)) hit = h->distance;
        if (const auto model = m_viewer.model(); model && model->hovered)
            if (const auto d = m_viewer.model_hit(*ray)) hit = *d;
        double dwell = 0;
        for (const HotspotState& h : m_viewer.hotspots())
            if (h.hovered) {
                hit = hit > 0 ? hit : 8.0;
                dwell = h.dwell_progress;
            }
        pointer = PointerVisual{*ray, kind, hit, dwell};
    }
    m_drawer.set_pointer(pointer);
    if (const std::string_view name = pointer ? pointer_name(in) : "none";
        m_options.events && name != m_reported_pointer) {
        m_reported_pointer = name;
        m_out << "{\"event\":\"xr_pointer\",\"kind\":\"" << name << "\"}" << std::endl;
    }
    scene::FrameOptions options;
    options.aim = scene::Aim::body;
    options.adjust = [this](render::RenderScene& scene) {
        // A stereo panorama needs an image per eye, a tiled one is streamed by view: they stay in the projection layer.
        if (m_presenter.cube_layer_active() && !scene.panorama_right && !scene.tiled) {
            use_cube_layer(scene);
        } else if (m_cube_panorama) {
            m_presenter.clear_background();
            m_cube_panorama = nullptr;
        }
    };
    scene::draw_frame(frame, m_drawer, {m_tour, m_viewer, m_cache, &m_models}, options);
}

// The panorama goes to the compositor as a cube layer; the eye images keep markers, panels and the pointer over
// transparent black.
void XrApp::use_cube_layer(render::RenderScene& scene) {
    const std::string& id = m_viewer.scene().id;
    if (scene.panorama != m_cube_panorama || id != m_cube_scene) {
        if (scene.panorama && scene.panorama->kind() == render::Panorama::Kind::cube) {
            m_presenter.set_background_cube(scene.panorama->image(), scene.panorama->face_size());
        } else if (scene.panorama) {
            // The compositor takes a cube: made from the equirect once per panorama, copied into the layer's
            // swapchain (which waits), then no longer needed.
            render::Panorama cube = m_renderer.make_cube(*scene.panorama);
            m_presenter.set_background_cube(cube.image(), cube.face_size());
            m_presenter.retire(std::move(cube));
        } else
            m_presenter.clear_background();
        m_cube_panorama = scene.panorama;
        m_cube_scene = id;
    }
    if (!scene.panorama) return;
    const glm::quat body = glm::angleAxis(float(-m_viewer.camera().yaw * 3.14159265358979 / 180.0), glm::vec3(0, 1, 0));
    m_presenter.set_background_orientation({body.x, body.y, body.z, body.w});
    scene.panorama = nullptr;
    scene.background = glm::vec4(0.0f);
}

} // namespace

std::optional<int> run_xr_view(const ViewOptions& o, const tour::Tour& tour, std::ostream& out, std::ostream& err,
                               std::string& reason) {
    // Under --xr a sleeping headset is waited for; the default mode shows the window at once instead.
    const bool wait = o.mode == ViewMode::Xr;
    ViewOptions options = o;
    std::optional<HeadsetStation> station;
    if (o.kiosk) station.emplace(o.scene);
    auto finish = [&](std::optional<int> code) { // the count covers the XR view's every instance
        if (station)
            err << "vrex: kiosk: " << station->visitors() << (station->visitors() == 1 ? " visitor" : " visitors")
                << "\n";
        return code;
    };
    for (int rebuilds = 0;; ++rebuilds) {
        xr::XrStartError error;
        std::optional<xr::XrSystem> system = xr::XrSystem::create(error, wait);
        if (!system) {
            reason =
                rebuilds ? "the OpenXR runtime lost its instance and is not back (" + error.reason + ")" : error.reason;
            return finish(std::nullopt);
        }
        auto app = std::make_unique<XrApp>(options, tour, std::move(*system), station ? &*station : nullptr, out, err);
        const int code = app->run();
        if (!app->instance_lost() || code != 0) return finish(code);
        // Everything made from the lost instance goes (presenter, Vulkan device, instance), then all is made again,
        // in the scene the visitor was in.
        options.scene = app->scene_id();
        app.reset();
        if (rebuilds + 1 >= k_max_instance_rebuilds) {
            reason = "the OpenXR runtime lost its instance " + std::to_string(rebuilds + 1) + " times";
            return finish(std::nullopt);
        }
        err << "vrex: the OpenXR runtime lost its instance; starting XR again\n";
    }
}

} // namespace vrex::app
