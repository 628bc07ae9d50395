#include "app/view_command.hpp"
#include "app/modules.hpp"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <ostream>
#include <spdlog/spdlog.h>
#include <sstream>

#include "app/desktop_controls.hpp"
#include "app/gpu_session.hpp"
#include "app/model_watch.hpp"
#include "app/remote_watch.hpp"
#include "app/tour_source.hpp"
#include "app/visit_recorder.hpp"
#include "math/angles.hpp"
#include "math/camera.hpp"
#include "platform/window_presenter.hpp"
#include "scene/frame.hpp"
#include "scene/model_cache.hpp"
#include "scene/panorama_cache.hpp"
#include "scene/preload.hpp"
#include "scene/scene_drawer.hpp"
#include "scene/scene_media.hpp"
#include "viewer/viewer.hpp"

namespace vrex::app {
namespace {

gpu::ContextOptions window_context_options() {
    gpu::ContextOptions o;
    o.validation = gpu::validation_requested_by_environment();
    o.instance_extensions = platform::Window::required_instance_extensions();
    o.device_extensions = {VK_KHR_SWAPCHAIN_EXTENSION_NAME};
    return o;
}

std::filesystem::file_time_type modified(const std::filesystem::path& p) {
    std::error_code ec;
    const auto file = std::filesystem::is_directory(p, ec) ? p / "tour.yaml" : p;
    const auto t = std::filesystem::last_write_time(file, ec);
    return ec ? std::filesystem::file_time_type{} : t;
}

std::string tour_title(const tour::Tour& t) {
    const std::string title = t.title.get(t.default_language());
    return title.empty() ? "vrex" : "vrex — " + title;
}

// The desktop viewer: one window, one view. Members in creation order.
class DesktopApp {
public:
    DesktopApp(const ViewOptions& o, std::unique_ptr<tour::Tour> tour, std::ostream& out, std::ostream& err);
    // The GPU may still be using what the members own, also when run() ends by an exception.
    ~DesktopApp() { vkDeviceWaitIdle(m_ctx.device()); }
    int run();

private:
    bool tick();
    void update_busy(const platform::WindowInput& in);
    void report_idle(double now, const platform::WindowInput& in, bool drew);
    void handle_window_keys(const platform::WindowInput& in);
    void print_events();
    void poll_loads();
    bool streaming() const; // the scene on screen is a tiled panorama still missing tiles its view wants
    std::optional<std::pair<int, double>> model_on_screen() const; // hotspot index and turn of the open model
    void report_click(double x, double y);
    void reload_if_changed(double now);
    bool render(double now); // false: nothing could be drawn this tick
    double now() const;

    const ViewOptions& m_options;
    std::ostream& m_out;
    std::ostream& m_err;
    std::unique_ptr<tour::Tour> m_tour;
    std::future<void> m_warm_up; // the first load's buffers, while the window and the GPU start
    platform::Window m_window;
    gpu::Context m_ctx;
    render::Renderer m_renderer;
    platform::WindowPresenter m_presenter;
    std::optional<text::FontLibrary> m_fonts;
    PanoramaCache m_cache;
    scene::ModelCache m_models;
    SceneDrawer m_drawer;
    Viewer m_viewer;
    DesktopControls m_controls;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    uint64_t m_frames = 0;
    bool m_dirty = true;
    bool m_busy = true;        // something to draw or load (not idle)
    double m_wait_seconds = 0; // how long the next poll may wait for an event (update_busy)
    bool m_drew_first = false;
    Camera m_drawn_camera;
    double m_drawn_fade = -1;
    std::optional<std::pair<int, double>> m_drawn_model;
    uint32_t m_drawn_width = 0, m_drawn_height = 0; // the window's size when the last frame was drawn
    std::optional<VkExtent2D> m_idle;               // the size the last idle event reported, while idle
    ModelLoadWatch m_model_watch;                   // --events' model_ready
    std::filesystem::file_time_type m_tour_time;
    double m_next_watch = 0;
    VisitRecorder m_visits;                    // --stats
    std::unique_ptr<RemoteTourWatch> m_remote; // --edit of a tour given as a URL: the server is asked, not the file
};

ViewerConfig viewer_config(const ViewOptions& o) {
    ViewerConfig c;
    c.panel_width_m = 1.2; // on a screen, larger than in a headset: about 46 degrees at 1.4 m
    if (o.kiosk) {
        c.kiosk_idle_seconds = o.kiosk_idle_seconds;
        c.kiosk_restart = true;
    }
    c.language = o.language;
    return c;
}

DesktopApp::DesktopApp(const ViewOptions& o, std::unique_ptr<tour::Tour> tour, std::ostream& out, std::ostream& err)
    : m_options(o), m_out(out), m_err(err), m_tour(std::move(tour)),
      m_warm_up(scene::warm_first_load(*m_tour, o.scene)), m_window(tour_title(*m_tour), o.width, o.height),
      m_ctx(window_context_options()), m_renderer(m_ctx, render::RendererOptions{o.anisotropy}),
      m_presenter(m_ctx, m_window), m_fonts(load_fonts(err)),
      m_cache(m_renderer, [this](render::Panorama&& p) { m_presenter.retire(std::move(p)); }),
      m_models(m_renderer, [this](render::GpuModel&& m) { m_presenter.retire(std::move(m)); }),
      m_drawer(m_renderer, m_fonts ? &*m_fonts : nullptr,
               [this](render::Texture&& t) { m_presenter.retire(std::move(t)); }),
      m_viewer(*m_tour, viewer_config(o), o.scene), m_tour_time(modified(o.tour)),
      m_visits(o.stats, o.tour, "window", err) {
    m_viewer.set_model_hit_test(scene::model_hit_test(m_models)); // the model's triangles take the ray, not its bounds
    m_cache.set_memory_budget(memory_budget(o, m_ctx));
    if (o.fullscreen) m_window.toggle_fullscreen();
    m_window.set_closable(!o.kiosk); // a kiosk's visitor cannot close it; the operator's keys can
    if (o.edit && !o.url.empty() && !o.net.offline) m_remote = std::make_unique<RemoteTourWatch>(o.url, o.net);
}

double DesktopApp::now() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

int DesktopApp::run() {
    while (tick()) {
        if (m_options.frames && m_frames >= m_options.frames) break;
    }
    m_visits.end(now());
    vkDeviceWaitIdle(m_ctx.device());
    m_out.flush();
    return report_validation(m_ctx, m_err) ? 0 : 3;
}

bool DesktopApp::tick() {
    platform::WindowInput in;
    // Nothing to draw: sleep until an event (or 50 ms, to notice file changes and a kiosk's idle time running out);
    // while only a load is under way, 2 ms (update_busy).
    if (!m_window.poll(in, m_wait_seconds)) return false;
    ++m_frames;
    const double t = now();
    handle_window_keys(in);
    ViewerInput vi = m_controls.translate(in, m_viewer.camera());
    if (m_options.edit && m_controls.clicked()) report_click(m_controls.click_x(), m_controls.click_y());
    m_viewer.update(t, vi);
    print_events();
    m_visits.frame(t, m_viewer, true, m_viewer.camera().yaw, m_viewer.camera().pitch);
    // The first frame (black) goes out before the first panorama is asked for, so that the driver's first-frame costs
    // (on lavapipe the shader compiles and the target's fresh memory, 20-80 ms of 2 cores) are not paid beside the
    // first decode (vrex bench load, cold). From the start of the process the panorama comes no later.
    const bool first = !m_drew_first && in.width > 0 && in.height > 0;
    if (!first) poll_loads();
    if (m_options.edit) reload_if_changed(t);
    const Camera& c = m_viewer.camera();
    m_dirty = m_dirty || in.any || model_on_screen() != m_drawn_model || c.yaw != m_drawn_camera.yaw ||
              c.pitch != m_drawn_camera.pitch || c.hfov != m_drawn_camera.hfov || m_viewer.fade() != m_drawn_fade ||
              in.width != m_drawn_width || in.height != m_drawn_height;
    const bool has_pixels = in.width > 0 && in.height > 0; // none while minimised: nothing is drawn then
    const bool changed = m_dirty;                          // --frames draws every tick, changed or not
    const bool drew = has_pixels && (m_dirty || m_options.frames || first) && render(t);
    // The first frame of a preview finishes before the full decode starts (at the next poll): on a CPU renderer the
    // two would share the cores, and the preview reach the screen later (PanoramaCache::preview_frame_pending).
    if (drew && m_cache.preview_frame_pending()) vkDeviceWaitIdle(m_ctx.device());
    if (first) {
        m_drew_first = true;
        poll_loads();
    }
    if (!m_dirty) {
        m_drawn_width = in.width;
        m_drawn_height = in.height;
    }
    update_busy(in);
    report_idle(t, in, drew && changed);
    return true;
}

void DesktopApp::poll_loads() {
    const Camera& camera = m_viewer.camera();
    if (scene::update_panoramas(m_cache, m_viewer, *m_tour, camera.yaw, camera.pitch)) m_dirty = true;
    m_models.want(*m_tour, scene::wanted_models(m_viewer));
    if (const auto m = m_viewer.model(); m && !m_models.ready(m->exhibit->id)) // read again: its files changed
        m_model_watch.loading(m->exhibit->id);
    for (const std::string& id : m_models.poll()) {
        m_model_watch.became_ready(id, !m_models.error(id).empty());
        m_dirty = true;
    }
    if (m_drawer.poll_images(m_viewer)) m_dirty = true;
    // A tiled panorama streams: frames go on (each asks for the view's tiles and uploads some) until they are in.
    if (streaming()) m_dirty = true;
}

bool DesktopApp::streaming() const {
    const render::TiledPanorama* tiled = m_cache.tiled(m_viewer.scene().id);
    return tiled && !tiled->complete();
}

std::optional<std::pair<int, double>> DesktopApp::model_on_screen() const {
    const std::optional<viewer::ModelState> m = m_viewer.model();
    if (!m) return std::nullopt;
    return std::pair{m->hotspot_index, m->turn_deg};
}

// Held arrow keys turn the camera every tick; the panorama of the scene on screen may still be loading (after a
// reload of the tour, or a failed upload retried).
void DesktopApp::update_busy(const platform::WindowInput& in) {
    const bool has_pixels = in.width > 0 && in.height > 0;
    const bool keys = in.key_left || in.key_right || in.key_up || in.key_down;
    const bool loading = m_cache.busy() || !m_cache.ready(m_viewer.scene().id) || m_models.busy() ||
                         m_drawer.images_busy() || streaming();
    const bool moving = m_dirty || keys || m_viewer.animating();
    m_busy = has_pixels && (moving || loading);
    // Something moves: the next frame at once. Only a load under way: look for it every 2 ms, sleeping between (a loop
    // that spins takes a third of 2 cores from the decode it waits for). Nothing: sleep until an event, 50 ms at most.
    m_wait_seconds = !has_pixels ? 0.05 : moving ? 0.0 : loading ? 0.002 : 0.05;
}

// `{"event":"idle",...}` once each time the loop goes from drawing to idle: the current scene's panorama is on
// screen, nothing moves by itself, and the last frame drawn has been presented (vkQueuePresentKHR returned and the
// GPU has finished it; with lavapipe on X11, as in the tests, its pixels have then been sent to the X server). A
// window without pixels (minimised) is idle at 0x0; it reports again once it is drawn again.
void DesktopApp::report_idle(double now, const platform::WindowInput& in, bool drew) {
    const bool has_pixels = in.width > 0 && in.height > 0;
    if (drew || (has_pixels && m_busy)) m_idle.reset();
    if (has_pixels && m_busy) return;
    const VkExtent2D size = has_pixels ? m_presenter.extent() : VkExtent2D{0, 0};
    if (m_idle && m_idle->width == size.width && m_idle->height == size.height) return;
    m_idle = size;
    if (!m_options.events) return;
    vkDeviceWaitIdle(m_ctx.device()); // cheap: the loop is about to sleep anyway
    m_out << "{\"event\":\"idle\",\"time\":" << now << ",\"frames\":" << m_presenter.frames_presented()
          << ",\"width\":" << size.width << ",\"height\":" << size.height
          << ",\"button_down\":" << (in.left_down ? "true" : "false") << "}\n";
    m_out.flush();
}

// A kiosk keeps its window as it is: only the operator's Ctrl+Alt+Shift+Q closes it (docs/kiosk.md).
void DesktopApp::handle_window_keys(const platform::WindowInput& in) {
    if (m_options.kiosk) {
        constexpr int k_operator = GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SHIFT;
        if (in.pressed(GLFW_KEY_Q) && (in.mods & k_operator) == k_operator) m_window.request_close();
        if (in.close_refused && m_options.events)
            m_out << "{\"event\":\"close_refused\",\"time\":" << now() << "}" << std::endl;
        return;
    }
    if (in.pressed(GLFW_KEY_F11)) m_window.toggle_fullscreen();
    if (in.pressed(GLFW_KEY_Q) && (in.mods & GLFW_MOD_CONTROL)) m_window.request_close();
}

void DesktopApp::print_events() {
    for (const ViewerEvent& e : m_viewer.take_events()) {
        if (m_options.events) m_out << e.to_json() << "\n";
        m_visits.event(e);
        if (e.type == EventType::SceneEntered) spdlog::info("scene {}", e.scene);
        // On a flat screen a panel or model seen off-centre is distorted by the wide perspective: turn to face it.
        if (e.type == EventType::PanelOpened || e.type == EventType::GalleryOpened)
            if (const auto panel = m_viewer.panel()) {
                const math::YawPitch yp = math::yaw_pitch_from_direction(panel->centre);
                m_viewer.turn_to(yp.yaw, yp.pitch);
            }
        if (e.type == EventType::ModelOpened)
            if (const auto model = m_viewer.model()) {
                const math::YawPitch yp = math::yaw_pitch_from_direction(model->direction);
                m_viewer.turn_to(yp.yaw, yp.pitch);
                const std::string& id = model->exhibit->id;
                m_model_watch.opened(id, now(), m_presenter.frames_presented(), m_models.ready(id));
                if (m_models.ready(id)) m_model_watch.became_ready(id, !m_models.error(id).empty());
            }
        if (e.type == EventType::ModelClosed) m_model_watch.closed();
    }
    if (m_options.events) m_out.flush();
}

void DesktopApp::report_click(double x, double y) {
    uint32_t w = 0, h = 0;
    m_window.framebuffer_size(w, h);
    const Ray ray = ray_through_pixel(m_viewer.camera(), x, y, w, h);
    const math::YawPitch yp = math::yaw_pitch_from_direction(ray.direction);
    char line[96];
    std::snprintf(line, sizeof line, "at: {yaw: %.1f, pitch: %.1f}", yp.yaw, yp.pitch);
    m_out << line << "\n";
    m_out.flush();
    m_window.set_clipboard(line);
}

void DesktopApp::reload_if_changed(double now) {
    const bool remote_changed = m_remote && m_remote->changed(now, m_err);
    if (now < m_next_watch && !remote_changed) return;
    m_next_watch = now + 0.25;
    // The panorama on screen and the open model are read again when the curator saves them.
    if (m_cache.reload_changed(m_viewer.scene().id)) m_dirty = true;
    if (m_models.reload_changed(*m_tour)) {
        m_dirty = true;
        if (const auto model = m_viewer.model()) // --events: model_ready again once the new one is shown
            m_model_watch.opened(model->exhibit->id, now, m_presenter.frames_presented(), false);
    }
    const auto t = modified(m_options.tour);
    if (m_remote ? !remote_changed : t == m_tour_time) return; // a served tour: reloaded once its media are in
    m_tour_time = t;
    std::ostringstream problems;
    std::optional<tour::Tour> next = open_tour_or_image(m_options.tour, problems);
    m_err << problems.str();
    m_dirty = true;
    if (!next) {
        // Keep the last good tour on screen; show what is wrong.
        std::string first_lines, line;
        std::istringstream lines(problems.str());
        for (int i = 0; i < 4 && std::getline(lines, line); ++i) first_lines += line + "\n";
        m_drawer.set_status(first_lines + "The last good version of the tour stays on screen.");
        m_err << "vrex: the tour has errors; showing the last good version\n";
        return;
    }
    auto tour = std::make_unique<tour::Tour>(std::move(*next));
    m_cache.clear();
    m_models.clear();
    m_drawer.forget_text();
    m_drawer.set_status("");
    m_viewer.replace_tour(*tour);
    m_tour = std::move(tour);
    m_window.set_title(tour_title(*m_tour));
    m_out << "{\"event\":\"tour_reloaded\",\"time\":" << now << "}\n";
    m_out.flush();
}

bool DesktopApp::render(double t) {
    gpu::Frame* frame = m_presenter.begin_frame(t);
    if (!frame) return false; // minimised, or the swapchain was just recreated
    scene::draw_frame(*frame, m_drawer, {*m_tour, m_viewer, m_cache, &m_models});
    m_presenter.end_frame(*frame);
    if (const auto ready = m_model_watch.presented(now(), m_presenter.frames_presented()); ready && m_options.events) {
        m_out << *ready << "\n";
        m_out.flush();
    }
    m_drawn_camera = m_viewer.camera();
    m_drawn_fade = m_viewer.fade();
    m_drawn_model = model_on_screen();
    m_dirty = m_presenter.out_of_date(); // resized while drawing: this frame does not fit the window, draw again
    return true;
}

} // namespace

uint64_t memory_budget(const ViewOptions& o, const gpu::Context& ctx) {
    if (!o.memory_budget_mb) return scene::default_memory_budget(ctx.memory_properties());
    return uint64_t(*o.memory_budget_mb * 1024 * 1024);
}

int run_view(const ViewOptions& o, std::ostream& out, std::ostream& err) {
    std::optional<tour::Tour> tour = open_tour_or_image(o.tour, err);
    if (!tour) return 1;
    if (!o.scene.empty() && !tour->find_scene(o.scene)) {
        err << "vrex view: the tour has no scene '" << o.scene << "'\n";
        return 1;
    }
    if (const auto problem = o.stats ? check_stats_dir(*o.stats) : std::nullopt) {
        err << "vrex view: --stats: " << *problem << "\n";
        return 1;
    }
    if (!o.language.empty() &&
        std::find(tour->languages.begin(), tour->languages.end(), o.language) == tour->languages.end()) {
        std::string known;
        for (const std::string& l : tour->languages) known += (known.empty() ? "" : ", ") + l;
        err << "vrex view: --lang " << o.language << ": the tour's languages are "
            << (known.empty() ? "not declared (`languages` in tour.yaml)" : known) << "\n";
        return 1;
    }
    if (o.mode != ViewMode::Desktop) {
        // Only probing for a headset: the loader's own error lines would bury the one-line notice below.
        if (o.mode == ViewMode::Auto) ::setenv("XR_LOADER_DEBUG", "none", 0);
        std::string reason;
        if (std::optional<int> code = run_xr_view(o, *tour, out, err, reason)) return *code;
        if (o.mode == ViewMode::Xr) {
            err << "vrex view --xr: " << reason << "\n";
            return 2;
        }
        err << "vrex: " << reason << "; showing the tour in a window instead\n";
    }
    DesktopApp app(o, std::make_unique<tour::Tour>(std::move(*tour)), out, err);
    return app.run();
}

} // namespace vrex::app
