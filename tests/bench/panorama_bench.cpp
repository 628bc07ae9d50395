// Speed of the panorama path, stage by stage (Google Benchmark; not part of ctest, numbers go into notes).
//   build/tests/vrex_bench [--benchmark_filter=...]
// Inputs are generated, so the benchmark needs nothing outside the repository.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <turbojpeg.h>

#include "gpu/context.hpp"
#include "math/camera.hpp"
#include "media/image.hpp"
#include "media/png_write.hpp"
#include "platform/offscreen_presenter.hpp"
#include "render/renderer.hpp"

using namespace vrex;

namespace {

// A noisy colour field (not trivially compressible, like a photo).
media::Image synthetic(uint32_t w, uint32_t h) {
    media::Image img{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
    uint32_t seed = 12345;
    for (size_t i = 0; i < img.rgba.size(); i += 4) {
        seed = seed * 1664525u + 1013904223u;
        const size_t px = i / 4;
        img.rgba[i] = uint8_t((px % w) * 255 / w + (seed >> 28));
        img.rgba[i + 1] = uint8_t((px / w) * 255 / h + (seed >> 27 & 15));
        img.rgba[i + 2] = uint8_t(seed >> 24);
        img.rgba[i + 3] = 255;
    }
    return img;
}

std::vector<uint8_t> encode_jpeg(const media::Image& img) {
    tjhandle tj = tjInitCompress();
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    tjCompress2(tj, img.rgba.data(), int(img.width), 0, int(img.height), TJPF_RGBA, &jpeg, &size, TJSAMP_420, 90, 0);
    std::vector<uint8_t> out(jpeg, jpeg + size);
    tjFree(jpeg);
    tjDestroy(tj);
    return out;
}

gpu::Context& context() {
    static gpu::Context ctx{gpu::ContextOptions{}};
    return ctx;
}

void BM_DecodeJpeg(benchmark::State& state) {
    const uint32_t w = uint32_t(state.range(0));
    const std::vector<uint8_t> jpeg = encode_jpeg(synthetic(w, w / 2));
    for (auto _ : state) benchmark::DoNotOptimize(media::decode_image_memory(jpeg, "bench.jpg"));
    state.counters["MPix"] = w * (w / 2) / 1e6;
}
BENCHMARK(BM_DecodeJpeg)->Arg(4096)->Arg(8192)->Unit(benchmark::kMillisecond)->UseRealTime();

// The preview: the same JPEG decoded reduced to at least 1024 px across (1/8 of 8192), then uploaded and converted as
// a panorama: what stands between a request and the first picture.
void BM_PreviewDecodeAndUpload(benchmark::State& state) {
    const uint32_t w = uint32_t(state.range(0));
    const std::vector<uint8_t> jpeg = encode_jpeg(synthetic(w, w / 2));
    render::Renderer renderer(context());
    double decode_ms = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        auto preview = media::decode_image_reduced_memory(jpeg, "bench.jpg", 1024);
        decode_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        benchmark::DoNotOptimize(renderer.load_panorama(*preview));
    }
    state.counters["decode_ms"] = decode_ms / double(state.iterations());
}
BENCHMARK(BM_PreviewDecodeAndUpload)->Arg(8192)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_UploadAndConvert(benchmark::State& state) {
    render::Renderer renderer(context());
    const uint32_t w = uint32_t(state.range(0));
    const media::Image img = synthetic(w, w / 2);
    render::PanoramaTimings t;
    double upload = 0, convert = 0;
    for (auto _ : state) {
        render::Panorama pano = renderer.load_panorama(img, {}, &t);
        upload += t.upload_ms;
        convert += t.convert_ms;
    }
    state.counters["upload_ms"] = upload / state.iterations();
    state.counters["convert_ms"] = convert / state.iterations();
}
BENCHMARK(BM_UploadAndConvert)->Arg(2048)->Arg(4096)->Arg(8192)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RenderView(benchmark::State& state) {
    render::Renderer renderer(context());
    const render::Panorama pano = renderer.load_panorama(synthetic(4096, 2048));
    const uint32_t w = uint32_t(state.range(0)), h = uint32_t(state.range(1));
    platform::OffscreenPresenter presenter(context(), {w, h});
    double yaw = 0;
    for (auto _ : state) {
        gpu::Frame& frame = presenter.begin_frame();
        frame.views[0].world_from_view = math::orientation_from_yaw_pitch(yaw += 7, 10);
        frame.views[0].projection = math::projection_from_fov(math::fov_from_hfov(100, double(w) / h));
        renderer.draw(frame.cmd, render::RenderScene{&pano}, frame.views[0]);
        presenter.end_frame(frame);
    }
}
BENCHMARK(BM_RenderView)->Args({1280, 720})->Args({1920, 1080})->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadbackAndPng(benchmark::State& state) {
    platform::OffscreenPresenter presenter(context(), {1280, 720});
    gpu::Frame& frame = presenter.begin_frame();
    presenter.end_frame(frame);
    const std::string path = "/tmp/vrex-bench.png";
    for (auto _ : state) {
        platform::Pixels px = presenter.read_pixels(0);
        benchmark::DoNotOptimize(media::write_png(path, media::Image{px.width, px.height, std::move(px.rgba)}));
    }
}
BENCHMARK(BM_ReadbackAndPng)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
