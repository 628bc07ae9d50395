// Streaming figures of a tiled panorama (run by hand, see README "Performance"; no timed assertion anywhere):
//   vrex_tiles_bench PYRAMID_FOLDER [--finest FACE_SIZE]
// PYRAMID_FOLDER is a pyramid made by `vrex tile` (tiles.json). With --finest, the pyramid is stretched to levels up
// to that face size (e.g. 10432, a 32768x16384 equirect's), each tile read from the folder's finest level at the
// same face, column and row modulo its tiles per side: the decode and upload work of the big pyramid, without its
// gigabytes on disk.
// Prints: the first frame at the coarsest level (make_tiled to the first frame drawn, 1280x720 offscreen), then a
// turn at 1920x1080 (72 steps of 5 degrees, 3 frames each, streaming: no frame waits for a decode): frame times,
// tiles decoded, evictions, and the process's resident memory (VmRSS, VmHWM); then the same turn over the pyramid's
// preview equirect through the equirect path, as the run's floor.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "core/clock.hpp"
#include "gpu/context.hpp"
#include "math/camera.hpp"
#include "media/image.hpp"
#include "media/tile_writer.hpp"
#include "media/tiles.hpp"
#include "platform/offscreen_presenter.hpp"
#include "render/renderer.hpp"

namespace {
using namespace vrex;

std::string proc_status(const char* key) {
    std::ifstream f("/proc/self/status");
    for (std::string line; std::getline(f, line);)
        if (line.rfind(key, 0) == 0) return line.substr(line.find_first_not_of(" \t", std::string(key).size()));
    return "?";
}

media::TilePyramid stretched(media::TilePyramid source, int finest) {
    const media::TileLevel top = source.levels.back();
    media::TilePyramid p = source;
    p.levels = media::tile_levels(finest, top.tile_size);
    const int n = top.tiles_per_side(), last = int(source.levels.size()) - 1;
    p.tile_path = [source, n, last](const media::TileKey& k) {
        return source.tile_path(media::TileKey{last, k.face, k.x % std::max(1, n - 1), k.y % std::max(1, n - 1)});
    };
    return p;
}

double draw(platform::OffscreenPresenter& presenter, render::Renderer& renderer, render::TiledPanorama& tiled,
            double yaw, double pitch, VkExtent2D size, bool* drawn = nullptr) {
    core::Stopwatch clock;
    gpu::Frame& frame = presenter.begin_frame();
    gpu::View& view = frame.views[0];
    view.world_from_view = math::orientation_from_yaw_pitch(yaw, pitch);
    view.projection = math::projection_from_fov(math::fov_from_hfov(90, double(size.width) / size.height));
    tiled.update({&view, 1});
    const bool base = tiled.base_resident();
    if (base) renderer.draw(frame.cmd, render::RenderScene{.tiled = &tiled}, view);
    presenter.end_frame(frame);
    if (drawn) *drawn = base;
    return clock.lap_ms();
}
// From make_tiled to the first frame drawn with the coarsest level, 1280x720 (the pipelines made beforehand).
void measure_first_frame(gpu::Context& ctx, render::Renderer& renderer, const media::TilePyramid& pyramid) {
    {
        platform::OffscreenPresenter small(ctx, {1280, 720});
        (void)draw(small, renderer, *renderer.make_tiled(pyramid), 0, 0, {1280, 720}); // pipelines made
    }
    platform::OffscreenPresenter presenter(ctx, {1280, 720});
    core::Stopwatch first;
    auto tiled = renderer.make_tiled(pyramid);
    bool drawn = false;
    int frames = 0;
    while (!drawn && frames < 100000) {
        draw(presenter, renderer, *tiled, 0, 0, {1280, 720}, &drawn);
        ++frames;
    }
    std::printf("first frame at the coarsest level: %.1f ms (%d frames, 1280x720)\n", first.lap_ms(), frames);
}

// The turn over the pyramid's preview equirect through the equirect path.
void measure_equirect_floor(platform::OffscreenPresenter& big, render::Renderer& renderer,
                            const media::TilePyramid& pyramid) {
    if (!pyramid.preview_equirect) return;
    auto preview = media::decode_image(*pyramid.preview_equirect);
    if (!preview) return;
    const render::Panorama pano = renderer.load_panorama(*preview);
    std::vector<double> floor;
    for (int step = 0; step < 72; ++step) {
        core::Stopwatch clock;
        gpu::Frame& frame = big.begin_frame();
        gpu::View& view = frame.views[0];
        view.world_from_view = math::orientation_from_yaw_pitch(step * 5.0, 10 * std::sin(step * 0.3));
        view.projection = math::projection_from_fov(math::fov_from_hfov(90, 1920.0 / 1080));
        renderer.draw(frame.cmd, render::RenderScene{&pano}, view);
        big.end_frame(frame);
        floor.push_back(clock.lap_ms());
    }
    std::sort(floor.begin(), floor.end());
    std::printf("the same turn over the preview equirect (equirect path): median %.1f ms, p95 %.1f ms\n",
                floor[floor.size() / 2], floor[floor.size() * 95 / 100]);
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: vrex_tiles_bench PYRAMID_FOLDER [--finest FACE_SIZE]\n";
        return 2;
    }
    auto pyramid = media::read_vrex_pyramid(argv[1]);
    if (!pyramid) {
        std::cerr << pyramid.error() << "\n";
        return 1;
    }
    if (argc >= 4 && std::string(argv[2]) == "--finest") *pyramid = stretched(*pyramid, std::stoi(argv[3]));
    gpu::Context ctx({});
    render::Renderer renderer(ctx);
    std::printf("pyramid: %zu levels, faces %d to %d, %d px tiles\n", pyramid->levels.size(),
                pyramid->levels.front().face_size, pyramid->levels.back().face_size, pyramid->levels.back().tile_size);
    std::printf("resident before: VmRSS %s, VmHWM %s\n", proc_status("VmRSS:").c_str(), proc_status("VmHWM:").c_str());
    measure_first_frame(ctx, renderer, *pyramid);
    auto turning = renderer.make_tiled(*pyramid);
    platform::OffscreenPresenter big(ctx, {1920, 1080});
    for (bool base = false; !base;) draw(big, renderer, *turning, 0, 0, {1920, 1080}, &base); // its coarsest level
    std::vector<double> times;
    for (int step = 0; step < 72; ++step)
        for (int f = 0; f < 3; ++f)
            times.push_back(draw(big, renderer, *turning, step * 5.0, 10 * std::sin(step * 0.3), {1920, 1080}));
    std::sort(times.begin(), times.end());
    const render::TiledStats s = turning->stats();
    std::printf("turn at 1920x1080: %zu frames, median %.1f ms, p95 %.1f ms; %zu tiles decoded, %llu evictions, %zu of "
                "%zu slots resident (%.0f MiB)\n",
                times.size(), times[times.size() / 2], times[times.size() * 95 / 100], s.decoded,
                (unsigned long long)s.evictions, s.resident, s.slots, double(s.memory) / (1 << 20));
    std::printf("resident after: VmRSS %s, VmHWM %s\n", proc_status("VmRSS:").c_str(), proc_status("VmHWM:").c_str());
    // A still view once its tiles are in: the drawing alone.
    while (!turning->complete()) draw(big, renderer, *turning, 30, 10, {1920, 1080});
    std::vector<double> still;
    for (int i = 0; i < 30; ++i) still.push_back(draw(big, renderer, *turning, 30, 10, {1920, 1080}));
    std::sort(still.begin(), still.end());
    std::printf("a still view, every tile in: median %.1f ms\n", still[still.size() / 2]);
    // The same turn over the pyramid's preview equirect drawn by the equirect path: the floor of this run.
    measure_equirect_floor(big, renderer, *pyramid);
    return 0;
}
