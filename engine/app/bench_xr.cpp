// `vrex bench`'s xr section: the frame figures through the headset presenter (xr::XrPresenter) on an OpenXR
// runtime, vrex's own test runtime (tests/xrsim) by default, as `vrex view --xr` draws (xr_view.cpp): projection
// layers, both eyes, the Viewer's body turned every frame.
#include "app/bench_detail.hpp"

#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/error.hpp"
#include "scene/frame.hpp"
#include "scene/preload.hpp"
#include "xr/xr_presenter.hpp"

namespace vrex::app::bench {
namespace {

constexpr uint32_t k_warm_up = 3;
constexpr double k_turn_deg = 3;

// XR_RUNTIME_JSON if set; else the test runtime's manifest where the build puts it beside vrex; else "" (the
// loader then looks for the system's active runtime).
std::string choose_runtime() {
    if (const char* env = std::getenv("XR_RUNTIME_JSON")) return env;
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::canonical("/proc/self/exe", ec);
    const std::filesystem::path manifest = exe.parent_path() / "tests/xrsim/vrex_xrsim.json";
    if (ec || !std::filesystem::exists(manifest, ec)) return "";
    ::setenv("XR_RUNTIME_JSON", manifest.c_str(), 1);
    return manifest.string();
}

// The headset viewer's pieces (xr_view.cpp's XrApp), in creation order: the system before the Vulkan context it
// creates, the presenter after both.
class XrBench {
public:
    XrBench(Bench& b, xr::XrSystem system)
        : m_bench(b), m_system(std::move(system)),
          m_ctx(m_system.vulkan_options(gpu::validation_requested_by_environment())), m_renderer(m_ctx),
          m_presenter(m_system, m_ctx, {false, false}),
          m_cache(
              m_renderer, [this](render::Panorama&& p) { m_presenter.retire(std::move(p)); }, true),
          m_drawer(m_renderer, b.fonts, [this](render::Texture&& t) { m_presenter.retire(std::move(t)); }),
          m_viewer(b.tour, ViewerConfig{}, b.scene.id) {
        m_cache.set_memory_budget(scene::default_memory_budget(m_ctx.memory_properties()));
    }
    ~XrBench() { vkDeviceWaitIdle(m_ctx.device()); }

    std::string run(Json& out);

private:
    bool tick(GpuTimer& timer, bool& timed);

    Bench& m_bench;
    xr::XrSystem m_system;
    gpu::Context m_ctx;
    render::Renderer m_renderer;
    xr::XrPresenter m_presenter;
    PanoramaCache m_cache;
    SceneDrawer m_drawer;
    Viewer m_viewer;
    uint32_t m_warm = 0;
    bool m_exiting = false;
    double m_yaw = 0;
    std::vector<double> m_cpu, m_wall;
    VkExtent2D m_eye{0, 0};
};

// One frame of the headset loop; `timed`: it was one of the measured frames. False when the session is not running.
bool XrBench::tick(GpuTimer& timer, bool& timed) {
    const double start = now_ms();
    gpu::Frame* frame = m_presenter.begin_frame(0.0);
    if (!frame) return false;
    const std::string& scene = m_bench.scene.id;
    scene::update_panoramas(m_cache, m_viewer, m_bench.tour, m_viewer.camera().yaw, 0); // as xr_view.cpp
    const bool loaded = m_cache.ready(scene) && frame->should_render && !m_exiting;
    if (loaded) m_viewer.look_at(m_yaw += k_turn_deg, 0);
    m_viewer.update(frame->time, {});
    m_viewer.take_events();
    timed = loaded && m_warm >= k_warm_up;
    if (timed) timer.begin(frame->cmd);
    scene::FrameOptions options;
    options.aim = scene::Aim::body;
    scene::draw_frame(*frame, m_drawer, {m_bench.tour, m_viewer, m_cache, nullptr}, options);
    if (timed) timer.end(frame->cmd);
    const double cpu = now_ms() - start;
    if (!frame->views.empty()) m_eye = frame->views.front().target.extent;
    m_presenter.end_frame(*frame);
    if (timed) {
        m_cpu.push_back(cpu);
        m_wall.push_back(now_ms() - start);
    } else if (loaded) {
        ++m_warm;
    }
    return true;
}

std::string XrBench::run(Json& out) {
    GpuTimer timer(m_ctx);
    const double deadline = now_ms() + 600'000;
    while (m_presenter.poll_events()) {
        bool timed = false;
        if (!tick(timer, timed)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        const bool done = m_cpu.size() >= m_bench.options.frames || now_ms() > deadline;
        if (done && !m_exiting) {
            m_presenter.request_exit();
            m_exiting = true;
        }
        if (m_cache.ready(m_bench.scene.id) && !m_cache.error(m_bench.scene.id).empty()) break;
        if (now_ms() > deadline + 10'000) break; // the runtime never ended the session
    }
    vkDeviceWaitIdle(m_ctx.device());
    timer.collect();
    if (std::string e = m_cache.error(m_bench.scene.id); !e.empty()) return e;
    if (m_ctx.validation_errors() > 0)
        throw core::Error(std::to_string(m_ctx.validation_errors()) + " Vulkan validation error(s) in the headset");
    if (m_cpu.size() < m_bench.options.frames) {
        out["skipped"] = "the session ended after " + std::to_string(m_cpu.size()) + " timed frames";
        return "";
    }
    out["runtime"] = m_system.runtime_name();
    out["eye"] = {{"width", m_eye.width}, {"height", m_eye.height}};
    out["frames"] = m_cpu.size();
    out["cpu_ms"] = stats(m_cpu);
    out["wall_ms"] = stats(m_wall);
    out["gpu_ms"] = timer.available() ? stats(timer.ms()) : Json("no timestamps on this queue");
    return "";
}

} // namespace

std::string run_xr(Bench& b, Json& out) {
    const std::string manifest = choose_runtime();
    // The test runtime's recommended eye size (a real runtime decides its own).
    ::setenv("VREX_XRSIM_VIEW_WIDTH", std::to_string(b.options.eye_width).c_str(), 0);
    ::setenv("VREX_XRSIM_VIEW_HEIGHT", std::to_string(b.options.eye_height).c_str(), 0);
    ::setenv("XR_LOADER_DEBUG", "none", 0);
    xr::XrStartError error;
    std::optional<xr::XrSystem> system = xr::XrSystem::create(error);
    if (!system) {
        out["skipped"] = error.reason;
        return "";
    }
    if (!manifest.empty()) out["runtime_manifest"] = manifest;
    XrBench bench(b, std::move(*system));
    return bench.run(out);
}

} // namespace vrex::app::bench
