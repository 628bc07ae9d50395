#pragma once
// Panoramas of the scenes the viewer wants, decoded on worker threads (the frame loop never waits on a JPEG) and
// uploaded on the frame loop's thread when ready. A scene whose panorama fails to load keeps its error message,
// shown as a placeholder, and counts as ready.
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "render/renderer.hpp"
#include "scene/scene_media.hpp"
#include "tour/tour.hpp"

namespace vrex::scene {

// How PanoramaCache decodes a scene's panorama (on worker threads): load_scene_panorama and load_scene_preview, unless
// a test wants to hold a decode back.
using PanoramaDecode = std::function<core::Expected<ScenePanorama, std::string>(const tour::Scene&, bool both_eyes)>;
struct PanoramaDecoders {
    PanoramaDecode full = [](const tour::Scene& s, bool both) { return load_scene_panorama(s, both); };
    PanoramaDecode preview = [](const tour::Scene& s, bool both) { return load_scene_preview(s, both); };
};

class PanoramaCache {
public:
    // `retire` keeps a replaced panorama alive until the GPU is done with it (the presenter's deferred deletion).
    using Retire = std::function<void(render::Panorama&&)>;
    // `both_eyes`: decode and keep both eyes of stereo panoramas (the headset); else only the left (screens).
    // `previews`: while a JPEG panorama decodes in full, a reduced decode of it (load_scene_preview) is shown first,
    // within tens of milliseconds; the full one replaces it when ready (a picture, `vrex shot`, wants only the full).
    PanoramaCache(render::Renderer& renderer, Retire retire, bool both_eyes = false, bool previews = true,
                  PanoramaDecoders decoders = {});
    ~PanoramaCache();

    // Starts decoding the scenes in `wanted` that are not loaded or loading; drops the others (but keeps `keep`
    // extra entries, most recently used first, so that going back is instant).
    void want(const tour::Tour& tour, const std::vector<std::string>& wanted);
    // Uploads finished decodes. Returns the scenes that can be shown since this call: a preview arrived, or the full
    // panorama, or its error (a scene may be returned twice: its preview, then its full panorama).
    std::vector<std::string> poll();
    // Forgets everything (the tour was reloaded).
    void clear();

    // The panorama to draw now: the full one, or its preview until then; nullptr while nothing is loaded.
    const render::Panorama* panorama(const std::string& scene) const;
    // A stereo panorama's right eye; nullptr for a mono one.
    const render::Panorama* panorama_right(const std::string& scene) const;
    // The reason a scene has no panorama ("" when it has one or is still loading).
    std::string error(const std::string& scene) const;
    // The full panorama is loaded, or has failed: nothing more will come.
    bool ready(const std::string& scene) const;
    // Something can be shown: the preview or the full panorama, or the error.
    bool showable(const std::string& scene) const { return ready(scene) || panorama(scene); }
    // What panorama() gives is the preview.
    bool showing_preview(const std::string& scene) const;
    bool busy() const; // decodes in flight

private:
    struct Entry {
        std::future<core::Expected<ScenePanorama, std::string>> decoding;
        std::future<core::Expected<ScenePanorama, std::string>> preview_decoding;
        std::optional<render::Panorama> panorama;
        std::optional<render::Panorama> right; // stereo
        std::string error;
        bool ready = false; // the full panorama (or its error) is in; `panorama` may be a preview until then
        uint64_t last_wanted = 0;
    };
    bool poll_full(Entry& e);
    bool poll_preview(Entry& e);

    render::Renderer& m_renderer;
    Retire m_retire;
    std::map<std::string, Entry> m_entries;
    uint64_t m_tick = 0;
    bool m_both_eyes = false;
    bool m_previews = true;
    PanoramaDecoders m_decoders;
    static constexpr size_t k_keep = 3; // scenes kept beyond the wanted ones
};

} // namespace vrex::scene
