// `vrex bench`'s frame section: steady frames while the view turns, at a screen's size and at a headset's two eyes,
// beside the machine's floor (render::FlatPass) at the same size in the same run.
#include "app/bench_detail.hpp"

#include "render/flat_pass.hpp"

namespace vrex::app::bench {
namespace {

constexpr uint32_t k_warm_up = 3;      // frames before the timed ones (pipelines, text textures, caches)
constexpr double k_turn_deg = 3;       // the view turns this much every frame
constexpr double k_frame_s = 1.0 / 60; // the viewer's clock per frame

struct Series {
    std::vector<double> cpu, wall;
    GpuTimer gpu;
    explicit Series(gpu::Context& ctx) : gpu(ctx) {}
    Json json() {
        gpu.collect();
        std::vector<double> g(gpu.ms().begin() + std::min<size_t>(k_warm_up, gpu.ms().size()), gpu.ms().end());
        Json j{{"cpu_ms", stats(cpu)}, {"wall_ms", stats(wall)}};
        j["gpu_ms"] = gpu.available() ? stats(g) : Json("no timestamps on this queue");
        return j;
    }
};

void measure_frames(Rig& rig, platform::OffscreenPresenter& presenter, uint32_t frames, Series& s) {
    double yaw = rig.viewer.camera().yaw, t = 0;
    const double pitch = rig.viewer.camera().pitch;
    for (uint32_t i = 0; i < k_warm_up + frames; ++i) {
        yaw += k_turn_deg;
        rig.viewer.look_at(yaw, pitch);
        rig.viewer.update(t += k_frame_s, {});
        const Shown shown = rig.draw(presenter, t, &s.gpu);
        if (i < k_warm_up) continue;
        s.cpu.push_back(shown.cpu_ms);
        s.wall.push_back(shown.wall_ms);
    }
}

void measure_floor(const render::FlatPass& flat, platform::OffscreenPresenter& presenter, uint32_t frames, Series& s) {
    for (uint32_t i = 0; i < k_warm_up + frames; ++i) {
        const double start = now_ms();
        gpu::Frame* frame = presenter.begin_frame(0.0);
        s.gpu.begin(frame->cmd);
        for (const gpu::View& v : frame->views) flat.draw(frame->cmd, v.target, {0.001f * float(i), 0.0f});
        s.gpu.end(frame->cmd);
        const double cpu = now_ms() - start;
        presenter.end_frame(*frame);
        if (i < k_warm_up) continue;
        s.cpu.push_back(cpu);
        s.wall.push_back(now_ms() - start);
    }
}

double ratio(const Json& a, const Json& b, const char* key) {
    if (!a[key].is_object() || !b[key].is_object() || b[key]["median"].get<double>() <= 0) return 0;
    return std::round(a[key]["median"].get<double>() / b[key]["median"].get<double>() * 1000) / 1000;
}

Json measure_config(Bench& b, Rig& rig, VkExtent2D size, uint32_t views) {
    gpu::Context& ctx = b.gpu.ctx;
    platform::OffscreenPresenter presenter(ctx, size, views);
    const render::FlatPass flat(ctx, size);
    Series frame(ctx), floor(ctx);
    measure_frames(rig, presenter, b.options.frames, frame);
    measure_floor(flat, presenter, b.options.frames, floor);
    Json out{{"width", size.width}, {"height", size.height}, {"views", views}, {"frames", b.options.frames}};
    out["frame"] = frame.json();
    out["floor"] = floor.json();
    out["ratio"] = {{"gpu", ratio(out["frame"], out["floor"], "gpu_ms")},
                    {"wall", ratio(out["frame"], out["floor"], "wall_ms")}};
    return out;
}

} // namespace

std::string run_frame(Bench& b, Json& out) {
    Rig rig(b, b.tour, b.scene.id, {b.options.width, b.options.height});
    double t = 0;
    if (std::string e = rig.wait_ready({b.scene.id}, t, 0.05); !e.empty()) return e;
    out["turn_deg_per_frame"] = k_turn_deg;
    out["mono"] = measure_config(b, rig, {b.options.width, b.options.height}, 1);
    out["stereo"] = measure_config(b, rig, {b.options.eye_width, b.options.eye_height}, 2);
    return "";
}

} // namespace vrex::app::bench
