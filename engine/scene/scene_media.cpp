#include "scene/scene_media.hpp"
#include "tour/import.hpp"

#include <algorithm>
#include <cstring>

#include "core/buffer_pool.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "scene/tiles_source.hpp"

namespace vrex::scene {
namespace {

media::Image crop(const media::Image& src, uint32_t x0, uint32_t y0, uint32_t w, uint32_t h) {
    media::Image out{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
    for (uint32_t y = 0; y < h; ++y)
        std::memcpy(&out.rgba[size_t(y) * w * 4], &src.rgba[(size_t(y0 + y) * src.width + x0) * 4], size_t(w) * 4);
    return out;
}

core::Expected<ScenePanorama, std::string> load_faces(const tour::Scene& scene) {
    ScenePanorama out;
    for (const tour::FileRef& f : scene.panorama.cube) {
        auto face = media::decode_image(f.path);
        if (!face) return core::unexpected(face.error());
        if (face->width != face->height || (!out.faces.empty() && face->width != out.faces[0].width))
            return core::unexpected(f.path.string() + ": cube faces must be square and all of one size (this one is " +
                                    std::to_string(face->width) + "x" + std::to_string(face->height) + ")");
        out.faces.push_back(std::move(*face));
    }
    if (out.faces.size() != 6) return core::unexpected("scene '" + scene.id + "': a cube panorama needs 6 faces");
    return out;
}

} // namespace

UploadedPanorama upload_scene_panorama(render::Renderer& renderer, ScenePanorama&& source,
                                       render::PanoramaTimings* timings) {
    if (!source.faces.empty()) return {renderer.load_panorama_faces(source.faces, timings), std::nullopt};
    UploadedPanorama out{renderer.load_panorama(std::move(source.image), source.coverage, timings), std::nullopt};
    if (source.right) out.right = renderer.load_panorama(std::move(*source.right), source.coverage);
    return out;
}

namespace {

// A stereo image's left eye (and, with both_eyes, its right) as the tour's layout says.
void split_eyes(const media::Image& img, tour::StereoLayout layout, bool both_eyes, render::PanoramaStore& store,
                ScenePanorama& out) {
    if (layout == tour::StereoLayout::TopBottom) {
        if (both_eyes) out.right = store.from_image(crop(img, 0, img.height / 2, img.width, img.height / 2));
        out.image = store.from_image(crop(img, 0, 0, img.width, img.height / 2));
    } else {
        if (both_eyes) out.right = store.from_image(crop(img, img.width / 2, 0, img.width / 2, img.height));
        out.image = store.from_image(crop(img, 0, 0, img.width / 2, img.height));
    }
}

// A mono equirect decoded straight into the store's memory (an image beyond the GPU's limit through a CPU copy that
// is halved first), mips built.
core::Expected<ScenePanorama, std::string> decode_mono(std::span<const uint8_t> bytes, const std::string& name,
                                                       render::PanoramaStore& store, ScenePanorama out,
                                                       bool defer_mips) {
    core::Stopwatch clock;
    std::optional<media::Image> oversize;
    auto info = media::decode_image_into(bytes, name,
                                         [&](uint32_t w, uint32_t h) -> core::Expected<media::PixelRows, std::string> {
                                             if (w > store.max_side() || h > store.max_side()) {
                                                 oversize = media::Image{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
                                                 return media::PixelRows{oversize->rgba.data(), size_t(w) * 4, w, h};
                                             }
                                             out.image = store.allocate(w, h);
                                             return out.image.level(0);
                                         });
    if (!info) return core::unexpected(info.error());
    out.timings.decode_ms = clock.lap_ms();
    if (oversize)
        out.image = store.from_image(*oversize);
    else
        store.finish_mips(out.image, defer_mips);
    out.timings.mips_ms = clock.lap_ms();
    return out;
}

// `pooled`: the file read into a buffer used again from load to load (core::take_buffer; a viewer's loads), else into
// memory of its own, freed at once (a one-off picture: the pool would keep 9 MB of an 8192x4096 JPEG to its end).
core::Expected<ScenePanorama, std::string> load_equirect(const std::filesystem::path& path, const tour::Panorama& p,
                                                         bool both_eyes, render::PanoramaStore& store, bool defer_mips,
                                                         bool pooled) try {
    core::Stopwatch clock;
    ScenePanorama out;
    out.coverage = {p.haov, p.vaov, p.voffset};
    const auto read = core::read_file_pooled(path, media::k_max_image_file_bytes, pooled);
    if (!read) return core::unexpected(read.error());
    const std::span<const uint8_t> bytes = read->span();
    out.timings.read_ms = clock.lap_ms();
    if (p.stereo == tour::StereoLayout::Mono)
        return decode_mono(bytes, path.string(), store, std::move(out), defer_mips);
    auto decoded = media::decode_image_memory(bytes, path.string());
    if (!decoded) return core::unexpected(decoded.error());
    out.timings.decode_ms = clock.lap_ms();
    split_eyes(*decoded, p.stereo, both_eyes, store, out);
    out.timings.mips_ms = clock.lap_ms();
    return out;
} catch (const core::Error& e) { // out of GPU memory
    return core::unexpected(path.string() + ": " + e.what());
}

} // namespace

core::Expected<ScenePanorama, std::string> load_scene_panorama(const tour::Scene& scene, bool both_eyes,
                                                               render::PanoramaStore& store, bool defer_mips) {
    const tour::Panorama& p = scene.panorama;
    if (p.kind == tour::PanoramaKind::Cube) return load_faces(scene);
    return load_equirect(p.image.path, p, both_eyes, store, defer_mips, /*pooled=*/true);
}

core::Expected<ScenePanorama, std::string> load_panorama_file(const std::filesystem::path& path,
                                                              render::PanoramaStore& store, bool pooled) {
    return load_equirect(path, tour::Panorama{}, false, store, false, pooled);
}

std::future<void> warm_first_load(const tour::Tour& tour, const std::string& scene) {
    const tour::Scene* s = tour.find_scene(scene.empty() ? tour.start : scene);
    if (!s && !tour.scenes.empty()) s = &tour.scenes.front();
    const bool equirect = s && s->panorama.kind == tour::PanoramaKind::Equirect && !s->panorama.image.path.empty();
    // The probe and the size on that thread too: no file is read on the caller's, which starts the GPU meanwhile.
    return std::async(std::launch::async, [path = equirect ? s->panorama.image.path : std::filesystem::path()] {
        if (path.empty()) return;
        const auto info = media::probe_image(path);
        std::error_code ec;
        const uintmax_t size = std::filesystem::file_size(path, ec);
        if (info && info->format == "jpeg" && !ec) core::warm_buffers(size_t(size), 2);
    });
}

const media::PreviewCache& default_preview_cache() {
    static const media::PreviewCache cache(media::PreviewCache::default_dir());
    return cache;
}

core::Expected<ScenePanorama, std::string> load_scene_preview(const tour::Scene& scene, bool both_eyes,
                                                              render::PanoramaStore& store,
                                                              const media::PreviewCache& previews, uint32_t min_width,
                                                              bool defer_mips) try {
    const tour::Panorama& p = scene.panorama;
    if (p.kind == tour::PanoramaKind::Cube)
        return core::unexpected("scene '" + scene.id + "': no preview of cube faces");
    const uint32_t across = p.stereo == tour::StereoLayout::SideBySide ? 2 * min_width : min_width;
    core::Stopwatch clock;
    auto loaded = previews.load(p.image.path, across);
    if (!loaded) return core::unexpected(loaded.error());
    const media::Image* decoded = &loaded->image;
    ScenePanorama out;
    out.timings.preview_cached = loaded->from_cache;
    out.coverage = {p.haov, p.vaov, p.voffset};
    out.timings.decode_ms = clock.lap_ms();
    if (p.stereo == tour::StereoLayout::Mono)
        out.image = store.from_image(*decoded, defer_mips);
    else
        split_eyes(*decoded, p.stereo, both_eyes, store, out);
    out.timings.mips_ms = clock.lap_ms();
    return out;
} catch (const core::Error& e) {
    return core::unexpected(scene.panorama.image.path.string() + ": " + e.what());
}

tour::LoadOptions tour_load_options() {
    tour::LoadOptions options;
    options.probe_image = [](const std::filesystem::path& path) -> core::Expected<tour::ImageSize, std::string> {
        auto info = media::probe_image(path);
        if (!info) return core::unexpected(info.error());
        return tour::ImageSize{int(info->width), int(info->height)};
    };
    options.check_tiles = check_tiles;
    return options;
}

bool looks_like_tour(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return true;
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".yaml" || ext == ".yml" || ext == ".json" || tour::looks_like_foreign_tour(path);
}

} // namespace vrex::scene
