// `vrex bench`'s load and decode-floor sections: from a request to the first frames, end to end through the
// PanoramaCache as the desktop viewer loads, each stage on its own, and TurboJPEG's bare decode beside them.
#include "app/bench_detail.hpp"

#include <turbojpeg.h>

#include <chrono>
#include <thread>

#include "core/file.hpp"
#include "math/camera.hpp"
#include "media/image.hpp"
#include "scene/scene_media.hpp"

namespace vrex::app::bench {
namespace {

// From want() to the first frame that shows the preview (if one came first) and to the first that shows the full
// panorama, each finished on the GPU. As in the desktop viewer, a frame is drawn at once, without the panorama.
std::string measure_end_to_end(Rig& rig, const std::string& scene, Json& out) {
    const double start = now_ms();
    double first = -1, preview = -1, full = -1;
    int frames = 0;
    rig.redraw = true;
    while (full < 0) {
        const std::optional<Shown> shown = rig.tick((now_ms() - start) / 1000.0);
        if (rig.cache.ready(scene) && !rig.cache.error(scene).empty()) return rig.cache.error(scene);
        if (!shown) continue;
        ++frames;
        if (!shown->panorama) continue;
        const double t = now_ms() - start;
        if (first < 0) first = t;
        if (shown->preview && preview < 0) preview = t;
        if (shown->full()) full = t;
    }
    out["first_frame_ms"] = round2(first);
    out["first_frame"] = preview >= 0 ? "preview" : "full";
    if (preview >= 0) out["preview_ms"] = round2(preview);
    out["full_ms"] = round2(full);
    out["frames"] = frames;
    // Mips built after level 0 is on screen (zero copy, PanoramaPixels::defer_mips): when they are in.
    if (const render::Panorama* p = rig.cache.panorama(scene)) {
        while (!p->mips_ready()) std::this_thread::sleep_for(std::chrono::microseconds(200));
        out["mips_in_ms"] = round2(std::max(now_ms() - start, full));
    }
    return "";
}

// Each stage alone, `iterations` times; medians.
std::string measure_stages(Bench& b, Rig& rig, Json& out) {
    std::vector<double> read, decode, mips, upload, preview, kept_preview, first_draw;
    std::string preview_note;
    uint32_t preview_width = 0;
    const std::shared_ptr<render::PanoramaStore> store = b.gpu.renderer.panorama_store();
    for (uint32_t i = 0; i < std::max(1u, b.options.iterations); ++i) {
        // The viewer's own path: read, decode straight into memory the GPU reads, mips, the hand-over to the GPU.
        auto source = scene::load_panorama_file(b.image, *store, /*pooled=*/true); // as the viewers read
        if (!source) return source.error();
        read.push_back(source->timings.read_ms);
        decode.push_back(source->timings.decode_ms);
        mips.push_back(source->timings.mips_ms);
        render::PanoramaTimings pt;
        render::Panorama pano = b.gpu.renderer.load_panorama(std::move(source->image), {}, &pt);
        upload.push_back(pt.upload_ms);
        double t = now_ms();
        gpu::Frame& frame = rig.presenter.begin_frame();
        const VkExtent2D e = frame.views[0].target.extent;
        frame.views[0].world_from_view = glm::mat4(1.0f);
        frame.views[0].projection = math::projection_from_fov(math::fov_from_hfov(90, double(e.width) / e.height));
        b.gpu.renderer.draw(frame.cmd, render::RenderScene{&pano}, frame.views[0]);
        rig.presenter.end_frame(frame);
        first_draw.push_back(now_ms() - t);
        rig.presenter.retire(std::move(pano));
        const auto bytes = core::read_file(b.image);
        if (!bytes) return bytes.error();
        t = now_ms();
        const auto reduced = media::decode_image_reduced_memory(*bytes, b.image.filename().string(), 1024);
        if (reduced) {
            preview.push_back(now_ms() - t);
            preview_width = reduced->width;
        } else {
            preview_note = reduced.error();
        }
        // The preview kept by the preview cache, when this machine has one (an earlier open of the file made it).
        t = now_ms();
        if (const auto kept = rig.previews.load(b.image, 1024); kept && kept->from_cache)
            kept_preview.push_back(now_ms() - t);
    }
    out["read_ms"] = round2(median(read));
    out["decode_ms"] = round2(median(decode));
    out["mips_ms"] = round2(median(mips));
    out["upload_ms"] = round2(median(upload));
    if (!preview.empty()) {
        out["preview_decode_ms"] = round2(median(preview));
        out["preview_width"] = preview_width;
    } else {
        out["preview_decode"] = "none: " + preview_note;
    }
    if (!kept_preview.empty()) out["preview_from_cache_ms"] = round2(median(kept_preview));
    out["first_draw_ms"] = round2(median(first_draw));
    out["iterations"] = read.size();
    return "";
}

// Where the scene's preview will come from: "cache" (kept by an earlier open of the file), "decode" (a reduced
// decode of the file), "none" (no preview: not a JPEG, or cube faces).
std::string preview_source(const Rig& rig, const tour::Scene& scene) {
    const tour::Panorama& p = scene.panorama;
    if (p.kind != tour::PanoramaKind::Equirect) return "none";
    const auto info = media::probe_image(p.image.path);
    if (!info || info->format != "jpeg") return "none";
    const uint32_t across = p.stereo == tour::StereoLayout::SideBySide ? 2048 : 1024; // as load_scene_preview
    const auto entry = rig.previews.entry(p.image.path, across);
    std::error_code ec;
    return entry && std::filesystem::is_regular_file(*entry, ec) ? "cache" : "decode";
}

// Loads after the first: the scene is dropped, frames go on, the scene is wanted again; medians.
std::string measure_warm(Bench& b, Rig& rig, Json& warm) {
    std::vector<Json> runs;
    std::string source;
    for (uint32_t i = 0; i < std::max(1u, b.options.iterations); ++i) {
        rig.cache.clear();
        // As a viewer does, frames go on after the panorama is dropped, so that it leaves the presenter's deferred
        // deletion and its image returns to the store for the next load (warm: pages already touched).
        for (int f = 0; f < 2; ++f) rig.draw(rig.presenter, 0.0);
        source = preview_source(rig, b.scene);
        Json run;
        if (std::string e = measure_end_to_end(rig, b.scene.id, run); !e.empty()) return e;
        runs.push_back(run);
    }
    warm = Json::object();
    for (const char* key : {"first_frame_ms", "preview_ms", "full_ms"}) {
        std::vector<double> v;
        for (const Json& r : runs)
            if (r.contains(key)) v.push_back(r[key].get<double>());
        if (!v.empty()) warm[key] = round2(median(v));
    }
    warm["preview_from"] = source;
    warm["runs"] = runs.size();
    return "";
}

} // namespace

std::string run_load(Bench& b, Json& out) {
    Rig rig(b, b.tour, b.scene.id, {b.options.width, b.options.height});
    // As the viewer starts: its first frame (no panorama yet) before the first request (view_command.cpp).
    const double start_up = now_ms();
    rig.draw(rig.presenter, 0.0);
    out["first_frame_before_request_ms"] = round2(now_ms() - start_up);
    // Before that, as in the viewers: the buffers of the first load warmed on a thread of their own while the GPU
    // started (scene::warm_first_load), both from the start of the process's work.
    out["warm_up_ms"] = round2(b.warm_up_ms);
    out["gpu_start_ms"] = round2(b.gpu_start_ms);
    Json cold;
    const std::string cold_source = preview_source(rig, b.scene);
    if (std::string e = measure_end_to_end(rig, b.scene.id, cold); !e.empty()) return e;
    cold["preview_from"] = cold_source;
    Json warm;
    if (std::string e = measure_warm(b, rig, warm); !e.empty()) return e;
    // The same for a file never opened before on this machine: no preview kept, the preview decoded from the file.
    Json first_open;
    const media::PreviewCache kept = std::exchange(rig.previews, media::PreviewCache{});
    const std::string e = measure_warm(b, rig, first_open);
    rig.previews = kept;
    if (!e.empty()) return e;
    out["size"] = {{"width", b.options.width}, {"height", b.options.height}};
    out["cold"] = cold;
    out["warm"] = warm;
    out["warm_first_open"] = first_open;
    Json stages;
    if (std::string e = measure_stages(b, rig, stages); !e.empty()) return e;
    out["stages"] = stages;
    return "";
}

std::string run_decode_floor(Bench& b, Json& out) {
    const auto info = media::probe_image(b.image);
    if (!info) return info.error();
    if (info->format != "jpeg") {
        out["skipped"] = "the panorama is " + info->format + ", not a JPEG";
        return "";
    }
    const auto bytes = core::read_file(b.image);
    if (!bytes) return bytes.error();
    tjhandle tj = tjInitDecompress();
    if (!tj) return "TurboJPEG: cannot start a decompressor";
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(tj, bytes->data(), (unsigned long)bytes->size(), &width, &height, &subsampling,
                            &colorspace) != 0) {
        const std::string reason = b.image.string() + ": " + tjGetErrorStr2(tj);
        tjDestroy(tj);
        return reason;
    }
    std::vector<uint8_t> rgba(size_t(width) * size_t(height) * 4);
    std::vector<double> ms;
    std::string error;
    for (uint32_t i = 0; i < std::max(3u, b.options.iterations) && error.empty(); ++i) {
        const double t = now_ms();
        // A warning (a truncated file) counts too: media::decode_image refuses such files.
        if (tjDecompress2(tj, bytes->data(), (unsigned long)bytes->size(), rgba.data(), width, 0, height, TJPF_RGBA,
                          0) != 0)
            error = b.image.string() + ": " + tjGetErrorStr2(tj);
        ms.push_back(now_ms() - t);
    }
    tjDestroy(tj);
    if (!error.empty()) return error;
    out["width"] = width;
    out["height"] = height;
    out["iterations"] = ms.size();
    out["median_ms"] = round2(median(ms));
    out["min_ms"] = round2(*std::min_element(ms.begin(), ms.end()));
    return "";
}

} // namespace vrex::app::bench
