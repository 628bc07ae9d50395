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

class PanoramaCache {
public:
    // `retire` keeps a replaced panorama alive until the GPU is done with it (the presenter's deferred deletion).
    using Retire = std::function<void(render::Panorama&&)>;
    // `both_eyes`: decode and keep both eyes of stereo panoramas (the headset); else only the left (screens).
    PanoramaCache(render::Renderer& renderer, Retire retire, bool both_eyes = false);
    ~PanoramaCache();

    // Starts decoding the scenes in `wanted` that are not loaded or loading; drops the others (but keeps `keep`
    // extra entries, most recently used first, so that going back is instant).
    void want(const tour::Tour& tour, const std::vector<std::string>& wanted);
    // Uploads finished decodes. Returns the scenes that became ready (loaded or failed) in this call.
    std::vector<std::string> poll();
    // Forgets everything (the tour was reloaded).
    void clear();

    const render::Panorama* panorama(const std::string& scene) const;
    // A stereo panorama's right eye; nullptr for a mono one.
    const render::Panorama* panorama_right(const std::string& scene) const;
    // The reason a scene has no panorama ("" when it has one or is still loading).
    std::string error(const std::string& scene) const;
    bool ready(const std::string& scene) const;
    bool busy() const; // decodes in flight

private:
    struct Entry {
        std::future<core::Expected<ScenePanorama, std::string>> decoding;
        std::optional<render::Panorama> panorama;
        std::optional<render::Panorama> right; // stereo
        std::string error;
        bool ready = false;
        uint64_t last_wanted = 0;
    };
    render::Renderer& m_renderer;
    Retire m_retire;
    std::map<std::string, Entry> m_entries;
    uint64_t m_tick = 0;
    bool m_both_eyes = false;
    static constexpr size_t k_keep = 3; // scenes kept beyond the wanted ones
};

} // namespace vrex::scene
