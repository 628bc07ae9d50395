#pragma once
// What the sections of `vrex bench` share (bench_*.cpp): the figures as JSON, statistics, GPU timestamps, and the
// desktop viewer's pieces without a window.
#include <filesystem>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/bench_command.hpp"
#include "app/gpu_session.hpp"
#include "app/modules.hpp"
#include "platform/offscreen_presenter.hpp"
#include "text/font_library.hpp"
#include "tour/tour.hpp"

namespace vrex::app::bench {

using Json = nlohmann::ordered_json;

// What every section gets. `ring` is the generated tour of `options.scenes` copies of the panorama (memory; and
// switch when the input is a single image); nullptr until made.
struct Bench {
    const BenchOptions& options;
    std::ostream& err;
    const tour::Tour& tour;
    const tour::Scene& scene;           // the tour's start scene
    const std::filesystem::path& image; // its panorama file
    GpuSession& gpu;
    text::FontLibrary* fonts; // nullptr: no labels on markers
    const tour::Tour* ring = nullptr;
    double warm_up_ms = 0, gpu_start_ms = 0; // from the start: the first load's buffers warmed, the GPU started
};

// A section fills `out` and returns "" or the reason the input cannot be measured (exit code 1).
std::string run_load(Bench& b, Json& out);
std::string run_decode_floor(Bench& b, Json& out);
std::string run_frame(Bench& b, Json& out);
std::string run_switch(Bench& b, Json& out);
std::string run_memory(Bench& b, Json& out);
std::string run_xr(Bench& b, Json& out);

// The generated ring tour (bench_tour.cpp): `count` hard links (or copies) of `image` in `folder`, each scene linked
// to the next. Returns the tour or nullopt with the reason in `error`.
std::optional<tour::Tour> make_ring_tour(const std::filesystem::path& image, uint32_t count,
                                         const std::filesystem::path& folder, std::string& error);

double now_ms();
double median(std::vector<double> v);
// {"median": .., "p95": ..} of `ms` (nearest rank), rounded to 0.01.
Json stats(std::vector<double> ms);
double round2(double v);

// GPU time between begin and end in frames' command buffers, by timestamp queries in a pool of its own. A ring of
// pairs: results are read once their frame has finished, so a presenter that does not wait for its frames (the
// headset's) is never waited for here, except when the ring is full.
class GpuTimer {
public:
    explicit GpuTimer(gpu::Context& ctx);
    ~GpuTimer();
    GpuTimer(const GpuTimer&) = delete;
    GpuTimer& operator=(const GpuTimer&) = delete;

    // False when the queue has no timestamps (timestampValidBits 0): begin and end then record nothing.
    bool available() const { return m_pool != VK_NULL_HANDLE; }
    void begin(VkCommandBuffer cmd);
    void end(VkCommandBuffer cmd);
    // Reads every frame ended so far (waits for those still on the GPU).
    void collect();
    const std::vector<double>& ms() const { return m_ms; }

private:
    void read(uint64_t frame);
    static constexpr uint32_t k_ring = 8;
    gpu::Context& m_ctx;
    VkQueryPool m_pool = VK_NULL_HANDLE;
    double m_period_ns = 1;
    uint64_t m_mask = ~0ull;
    uint64_t m_ended = 0, m_read = 0;
    std::vector<double> m_ms;
};

// What a frame showed: the scene, whether its panorama was there and was the preview, and the fade over it.
struct Shown {
    std::string scene;
    bool panorama = false;
    bool preview = false;
    double fade = 0;
    double cpu_ms = 0;  // begin_frame to the end of recording
    double wall_ms = 0; // begin_frame to end_frame's return (submitted, and finished: the offscreen presenter waits)
    bool full() const { return panorama && !preview; }
};

// The desktop viewer (view_command.cpp's DesktopApp) without its window: a PanoramaCache with previews, a
// SceneDrawer and a Viewer over `tour`, drawn by the session's renderer through scene::draw_frame into an
// OffscreenPresenter of `size`. Members in creation order: what the cache and drawer retire goes to the presenter.
// The cache's memory budget is `budget` (0: no preloading), else the desktop's default for the device.
class Rig {
public:
    Rig(Bench& b, const tour::Tour& tour, const std::string& start, VkExtent2D size, uint32_t views = 1,
        std::optional<uint64_t> budget = std::nullopt);
    ~Rig();

    // One tick of the desktop loop at viewer time `t`: update, then the panoramas as the desktop loads them
    // (scene::update_panoramas: the viewer's scenes, preloads of the links) or, while `preload` is not empty, exactly
    // the viewer's scenes and `preload`; then a frame is drawn when something came in or moves (the desktop draws
    // only then) and waited for. Returns what it showed, or nullopt when nothing was drawn (it slept 1 ms instead).
    std::optional<Shown> tick(double t, const ViewerInput& input = {});
    // Draws a frame into `presenter` (this rig's, or another of the same context) and waits for it; `timer` brackets
    // the drawing.
    Shown draw(platform::OffscreenPresenter& presenter, double t, GpuTimer* timer = nullptr);
    // Ticks until `scenes` are ready (full panorama or error); returns the first error.
    std::string wait_ready(const std::vector<std::string>& scenes, double& t, double step_s);
    // Clicks the link `hotspot` of the current scene at `t`; false when the viewer did not start a transition.
    bool activate(int hotspot, double t);

    // Where the rig's previews come from: the machine's preview cache, unless a measurement swaps it (between loads,
    // with no decode in flight) for none, to see a file opened for the first time.
    media::PreviewCache previews{scene::default_preview_cache()};
    platform::OffscreenPresenter presenter;
    PanoramaCache cache;
    SceneDrawer drawer;
    Viewer viewer;
    std::vector<std::string> preload;
    // The next tick draws whatever came in or not, as the desktop viewer's first tick after it is opened or
    // its tour reloaded (it draws the background while the panorama decodes).
    bool redraw = false;
    const tour::Tour& tour() const { return m_tour; }

private:
    const tour::Tour& m_tour;
    gpu::Context& m_ctx;
    // The fade of the last frame drawn: a fade that ended between two ticks is drawn once more.
    double m_drawn_fade = -1;
};

// The index of the first link in `scene`, or -1.
int first_link(const tour::Scene& scene);

} // namespace vrex::app::bench
