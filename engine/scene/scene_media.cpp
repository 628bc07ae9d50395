#include "scene/scene_media.hpp"

#include <algorithm>
#include <cstring>

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

UploadedPanorama upload_scene_panorama(render::Renderer& renderer, const ScenePanorama& source,
                                       render::PanoramaTimings* timings) {
    if (!source.faces.empty()) return {renderer.load_panorama_faces(source.faces, timings), std::nullopt};
    UploadedPanorama out{renderer.load_panorama(source.image, source.coverage, timings), std::nullopt};
    if (source.right) out.right = renderer.load_panorama(*source.right, source.coverage);
    return out;
}

namespace {

// A stereo image's left eye (and, with both_eyes, its right) as the tour's layout says; a mono one as it is.
ScenePanorama split_eyes(media::Image decoded, const tour::Panorama& p, bool both_eyes) {
    ScenePanorama out{std::move(decoded), {p.haov, p.vaov, p.voffset}, {}, std::nullopt};
    const media::Image& img = out.image;
    if (p.stereo == tour::StereoLayout::TopBottom) {
        if (both_eyes) out.right = crop(img, 0, img.height / 2, img.width, img.height / 2);
        out.image = crop(img, 0, 0, img.width, img.height / 2);
    } else if (p.stereo == tour::StereoLayout::SideBySide) {
        if (both_eyes) out.right = crop(img, img.width / 2, 0, img.width / 2, img.height);
        out.image = crop(img, 0, 0, img.width / 2, img.height);
    }
    return out;
}

} // namespace

core::Expected<ScenePanorama, std::string> load_scene_panorama(const tour::Scene& scene, bool both_eyes) {
    const tour::Panorama& p = scene.panorama;
    if (p.kind == tour::PanoramaKind::Cube) return load_faces(scene);
    auto decoded = media::decode_image(p.image.path);
    if (!decoded) return core::unexpected(decoded.error());
    return split_eyes(std::move(*decoded), p, both_eyes);
}

core::Expected<ScenePanorama, std::string> load_scene_preview(const tour::Scene& scene, bool both_eyes,
                                                              uint32_t min_width) {
    const tour::Panorama& p = scene.panorama;
    if (p.kind == tour::PanoramaKind::Cube)
        return core::unexpected("scene '" + scene.id + "': no preview of cube faces");
    const uint32_t across = p.stereo == tour::StereoLayout::SideBySide ? 2 * min_width : min_width;
    auto decoded = media::decode_image_reduced(p.image.path, across);
    if (!decoded) return core::unexpected(decoded.error());
    return split_eyes(std::move(*decoded), p, both_eyes);
}

tour::LoadOptions tour_load_options() {
    tour::LoadOptions options;
    options.probe_image = [](const std::filesystem::path& path) -> std::optional<tour::ImageSize> {
        auto info = media::probe_image(path);
        if (!info) return std::nullopt;
        return tour::ImageSize{int(info->width), int(info->height)};
    };
    return options;
}

bool looks_like_tour(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return true;
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

} // namespace vrex::scene
