#pragma once
// From a tour scene to what the renderer needs: the decoded panorama of one eye and what it covers.
#include <future>
#include <optional>
#include <string>

#include "core/expected.hpp"
#include "media/image.hpp"
#include "media/preview_cache.hpp"
#include "render/renderer.hpp"
#include "tour/load.hpp"

namespace vrex::scene {

struct ScenePanorama {
    render::PanoramaPixels image; // an equirect in memory the GPU reads, mips built (empty for a cube panorama)
    render::Coverage coverage;
    std::vector<media::Image> faces;             // a cube panorama: front, right, back, left, up, down
    std::optional<render::PanoramaPixels> right; // a stereo equirect's right eye (`image` is then the left eye)
    struct Timings {
        double read_ms = 0, decode_ms = 0, mips_ms = 0;
        bool preview_cached = false; // a preview taken from the preview cache, not decoded from its file
    } timings;                       // on the worker thread
};

struct UploadedPanorama {
    render::Panorama left;                 // or the only one
    std::optional<render::Panorama> right; // stereo
};

// Hands what load_scene_panorama decoded to the GPU (both eyes of a stereo panorama); cube faces are converted.
UploadedPanorama upload_scene_panorama(render::Renderer& renderer, ScenePanorama&& source,
                                       render::PanoramaTimings* timings = nullptr);

// Decodes the scene's panorama (on any thread) into `store`'s memory, a JPEG straight in, and builds its mips; a
// stereo image is split into its left (`image`) and right (`right`) eyes, unless `both_eyes` is false (then only the
// left). With `defer_mips`, a mono equirect's mips are left to be built once it is on the GPU, where the store allows
// it (render::PanoramaStore::can_defer_mips): its level 0 is drawn about 30-60 ms sooner on lavapipe. The error
// names the file and the reason.
core::Expected<ScenePanorama, std::string> load_scene_panorama(const tour::Scene& scene, bool both_eyes,
                                                               render::PanoramaStore& store, bool defer_mips = false);
// An image file as a full equirect panorama (`vrex shot IMAGE`), the same way; read into a pooled buffer as the
// viewers' loads are with `pooled` (core::take_buffer; it stays in the pool), else into memory freed at once.
core::Expected<ScenePanorama, std::string> load_panorama_file(const std::filesystem::path& path,
                                                              render::PanoramaStore& store, bool pooled = false);

// A first picture of the scene while load_scene_panorama runs: its equirect JPEG decoded reduced (at least
// `min_width` pixels across, see media::decode_image_reduced), or taken from `previews` when it holds one of the file
// as it is (media::PreviewCache), split into eyes the same way. An error for what has no quick decode (cube faces,
// other formats, an image already small), and for what the full decode will report anyway. `defer_mips` as for
// load_scene_panorama (a mono preview).
core::Expected<ScenePanorama, std::string> load_scene_preview(const tour::Scene& scene, bool both_eyes,
                                                              render::PanoramaStore& store,
                                                              const media::PreviewCache& previews,
                                                              uint32_t min_width = 1024, bool defer_mips = false);
// The buffers the first load of the scene's panorama (`scene`, else the tour's start, else its first) takes from core's
// pool (its file's bytes, the preview decode's scratch: two of the file's size), warmed on a thread of their own
// (core::warm_buffers). A viewer starts this before its GPU, which takes longer, so that its first request finds their
// pages in place (about 12 ms less to the preview of an 8192x4096 JPEG here). Nothing to do (a future already done)
// unless the panorama is one equirect JPEG file.
std::future<void> warm_first_load(const tour::Tour& tour, const std::string& scene = "");

// The process's preview cache (media::PreviewCache::default_dir()).
const media::PreviewCache& default_preview_cache();

// Load options with media's header probe, so that lint and the viewer check image sizes.
tour::LoadOptions tour_load_options();

// True for a tour file (.yaml, .yml, .json), a folder (holding tour.yaml) or another viewer's tour that
// tour::looks_like_foreign_tour recognises (Marzipano's data.js, krpano's tour.xml); false for anything else.
bool looks_like_tour(const std::filesystem::path& path);

} // namespace vrex::scene
