#pragma once
// Panoramas of the scenes the viewer wants, decoded on worker threads (the frame loop never waits on a JPEG) and
// uploaded on the frame loop's thread when ready. A scene whose panorama fails to load keeps its error message,
// shown as a placeholder, and counts as ready. Once the wanted scenes are loaded, the scenes the visitor may go to
// next are preloaded, one at a time, nearest first, within a memory budget; the least recently used go first.
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "render/renderer.hpp"
#include "scene/preload.hpp"
#include "scene/scene_media.hpp"
#include "tour/tour.hpp"

namespace vrex::scene {

// How PanoramaCache decodes a scene's panorama (on worker threads): load_scene_panorama and load_scene_preview, unless
// a test wants to hold a decode back.
using PanoramaDecode = std::function<core::Expected<ScenePanorama, std::string>(const tour::Scene&, bool both_eyes,
                                                                                render::PanoramaStore&)>;
struct PanoramaDecoders {
    PanoramaDecode full = [](const tour::Scene& s, bool both, render::PanoramaStore& store) {
        return load_scene_panorama(s, both, store, /*defer_mips=*/true);
    };
    PanoramaDecode preview = [](const tour::Scene& s, bool both, render::PanoramaStore& store) {
        return load_scene_preview(s, both, store, default_preview_cache(), 1024, /*defer_mips=*/true);
    };
    // The full panorama and its preview with their mips built before they go to the GPU (the headset: a level-0-only
    // picture of a zoomed-out eye shimmers, and in a headset shimmer is felt), else the defaults.
    static PanoramaDecoders with_mips() {
        PanoramaDecoders d;
        d.full = [](const tour::Scene& s, bool both, render::PanoramaStore& store) {
            return load_scene_panorama(s, both, store, /*defer_mips=*/false);
        };
        d.preview = [](const tour::Scene& s, bool both, render::PanoramaStore& store) {
            return load_scene_preview(s, both, store, default_preview_cache(), 1024, /*defer_mips=*/false);
        };
        return d;
    }
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

    // Starts decoding the scenes in `wanted` that are not loaded or loading. Once all of them are loaded, preloads the
    // scenes in `preload` (scene::preload_order: nearest first), one decode at a time and without a preview, as far as
    // the memory budget allows. Drops what does not fit the budget, least valuable first: scenes neither wanted nor in
    // `preload`, least recently wanted first, then `preload`'s from its end. The wanted scenes are never dropped.
    void want(const tour::Tour& tour, const std::vector<std::string>& wanted,
              const std::vector<std::string>& preload = {});
    // Uploads finished decodes. Returns the scenes that can be shown since this call: a preview arrived, or the full
    // panorama, or its error (a scene may be returned twice: its preview, then its full panorama).
    std::vector<std::string> poll();
    // The scene's panorama file changed or went since it was read (vrex view --edit: the curator saved it while its
    // scene is on screen): read again, as on entering the scene again (want()). True when it is read again.
    bool reload_changed(const std::string& scene);
    // Forgets everything (the tour was reloaded).
    void clear();

    // The bytes the cache's panoramas may take, on the device and decoded in memory together (default 512 MiB;
    // scene::default_memory_budget gives one from the device). A preload that would not fit is not started. Only
    // the wanted scenes may exceed it (they are never dropped): then nothing else is kept.
    void set_memory_budget(uint64_t bytes);
    uint64_t memory_budget() const { return m_budget; }
    struct Memory {
        uint64_t gpu = 0;   // panoramas on the device (render::Panorama::memory_size)
        uint64_t cpu = 0;   // decodes in flight or waiting for their upload (estimated from the image headers)
        size_t entries = 0; // scenes held or loading, with errors
        size_t decodes = 0; // decodes in flight
        uint64_t total() const { return gpu + cpu; }
    };
    // What the cache holds now. The panoramas of decodes in flight count with what they will take on the device.
    Memory memory() const;
    // The cache holds an entry for the scene (loaded, loading or failed).
    bool holds(const std::string& scene) const { return m_entries.contains(scene); }
    // A preload decode is in flight (busy() leaves it out).
    bool preloading() const;

    // A scene's tiled panorama (`panorama: {tiles: ...}`), streamed by view: the frame function calls its update()
    // with the frame's views (hence not const). Made when the scene is wanted or preloaded, never before (its
    // coarsest level is decoded then); ready() once that level is in. nullptr for other scenes and on error.
    render::TiledPanorama* tiled(const std::string& scene) const;
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
    // A preview came in at the last poll(): its full decode starts at the next, once the frame that shows it is drawn
    // (a window with frames in flight waits for that frame first, so that the decode does not slow it down).
    bool preview_frame_pending() const;
    // The longest a full decode waits for its preview (decoded, and its frame drawn): 400 ms unless set (tests).
    void set_preview_head_start(std::chrono::milliseconds wait) { m_preview_head_start = wait; }
    // Decodes of wanted scenes in flight. Preloads are not counted: a loop need not spin for them, the next want()
    // and poll() take them up.
    bool busy() const;

private:
    struct Entry {
        std::future<core::Expected<ScenePanorama, std::string>> decoding;
        std::future<core::Expected<ScenePanorama, std::string>> preview_decoding;
        std::optional<render::Panorama> panorama;
        std::optional<render::Panorama> right; // stereo
        std::unique_ptr<render::TiledPanorama> tiled;
        std::string error;
        bool ready = false;        // the full panorama (or its error) is in; `panorama` may be a preview until then
        uint64_t last_wanted = 0;  // the want() that last wanted it, or started its preload
        bool preload = false;      // started as a preload: no preview, not counted by busy() until wanted
        uint64_t reserved_cpu = 0; // while decoding: the decoded image's bytes (estimated)
        uint64_t reserved_gpu = 0; // while decoding: the panorama's bytes on the device (estimated)
        std::optional<tour::Scene> scene; // as the decode started (for a fallback decode)
        bool low_res = false; // the device had no room for the full panorama: the preview stands in (fall_back)
        std::optional<std::filesystem::file_time_type> source_time; // of the equirect file as its decode started
        // While its preview is decoded and then drawn, the full decode waits (at most the head start): set
        // once the preview failed, or at the first poll after the one that took it in (its frame drawn meanwhile).
        std::shared_ptr<std::promise<void>> full_gate;
        bool open_gate_next_poll = false;
    };
    static std::optional<std::filesystem::file_time_type> source_time(const tour::Scene& scene);
    bool source_changed(const Entry& e) const;
    void reload(const std::string& id, Entry& e);
    bool poll_full(const std::string& id, Entry& e);
    bool fall_back(const std::string& id, Entry& e, const std::string& why);
    bool poll_tiled(Entry& e);
    void start_tiled(const tour::Tour& tour, const tour::Scene& scene, Entry& e);
    bool poll_preview(Entry& e);
    static void open_gate(Entry& e); // lets the full decode start
    // Starts the decodes of a scene not loaded or loading; its preview too with `preview` (and previews on).
    void start_load(const tour::Tour& tour, const std::string& id, Entry& e, bool preview);
    // panorama_budget.cpp: the budget and the preloads.
    uint64_t held_bytes(const Entry& e) const;
    std::vector<std::string> eviction_order(const std::string& before) const;
    void evict(const std::string& id);
    void fit_budget(uint64_t extra, const std::string& before = {});
    void start_preload(const tour::Tour& tour);
    std::optional<PanoramaCost> plan(const tour::Scene& scene);
    void learn_sizes();

    render::Renderer& m_renderer;
    Retire m_retire;
    std::map<std::string, Entry> m_entries;
    uint64_t m_tick = 0;
    bool m_both_eyes = false;
    bool m_previews = true;
    std::chrono::milliseconds m_preview_head_start{400};
    PanoramaDecoders m_decoders;
    uint64_t m_budget = uint64_t(512) << 20;
    std::set<std::string> m_wanted;     // as of the last want()
    std::vector<std::string> m_preload; // as of the last want(), less the wanted
    // What scenes took on the device once loaded (to plan their next preload), and the device bytes per decoded byte
    // seen last (to plan a scene never loaded).
    std::map<std::string, uint64_t> m_known_gpu;
    std::map<std::string, uint64_t> m_estimated_cpu; // from the image headers; 0: unreadable
    double m_gpu_per_cpu = 1.6;
};

} // namespace vrex::scene
