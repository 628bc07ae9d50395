#include "scene/panorama_cache.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <spdlog/spdlog.h>

#include "core/memory.hpp"
#include "gpu/fault.hpp"
#include "scene/tiles_source.hpp"

namespace vrex::scene {
namespace {
// Nice levels a full-resolution or preload decode runs below the loop and the preview decode: a quarter of a core
// the frames want (CFS weights 1024 : 335).
constexpr int k_full_decode_nice = 5;
} // namespace

PanoramaCache::PanoramaCache(render::Renderer& renderer, Retire retire, bool both_eyes, bool previews,
                             PanoramaDecoders decoders)
    : m_renderer(renderer), m_retire(std::move(retire)), m_both_eyes(both_eyes), m_previews(previews),
      m_decoders(std::move(decoders)) {}

PanoramaCache::~PanoramaCache() {
    clear();
}

void PanoramaCache::want(const tour::Tour& tour, const std::vector<std::string>& wanted,
                         const std::vector<std::string>& preload) {
    ++m_tick;
    m_wanted = std::set<std::string>(wanted.begin(), wanted.end());
    m_preload.clear();
    for (const std::string& id : preload)
        if (!m_wanted.contains(id)) m_preload.push_back(id);
    for (const std::string& id : wanted) {
        Entry& e = m_entries[id];
        // Entered again: a panorama file removed or changed since it was read is read again (a placeholder with
        // the reason when it is gone), instead of the copy held from before.
        if (e.last_wanted + 1 != m_tick && e.ready && e.scene && source_changed(e)) reload(id, e);
        e.last_wanted = m_tick;
        // A preload still decoding is wanted now: its preview comes first after all, if the full decode is far off.
        const bool promoted = e.preload && e.decoding.valid() && !e.ready && !e.preview_decoding.valid();
        e.preload = false;
        if (promoted) start_load(tour, id, e, true);
        if (e.ready || e.decoding.valid() || e.low_res) continue;
        start_load(tour, id, e, true);
    }
    fit_budget(0);
    start_preload(tour);
}

void PanoramaCache::start_load(const tour::Tour& tour, const std::string& id, Entry& e, bool preview) {
    const tour::Scene* scene = tour.find_scene(id);
    if (!scene) {
        e.error = "no scene '" + id + "'";
        e.ready = true;
        return;
    }
    if (scene->panorama.kind == tour::PanoramaKind::Tiles) return start_tiled(tour, *scene, e);
    e.scene = *scene; // for a fallback decode (fall_back) and to notice a changed file (source_changed)
    e.source_time = source_time(*scene);
    // The scene is copied: the tour may be replaced (curator reload) while the decode runs. The preview decodes on a
    // thread of its own, the full one on another.
    const std::shared_ptr<render::PanoramaStore> store = m_renderer.panorama_store();
    // The full decode starts once the preview is decoded and its first frame drawn (or after the head start at most):
    // on 2 cores, both decodes at once took an 8192x4096 JPEG's preview on screen from 85-135 ms to 108-213 (the
    // preview's decode from 50 ms to 90-200), for a full panorama 50 ms sooner; and a full decode beside the preview's
    // first frame took that frame from 25 ms to 31-51 on lavapipe (vrex bench load, 1 December 2026).
    std::shared_future<void> preview_done;
    if (preview && m_previews && scene->panorama.kind != tour::PanoramaKind::Cube) {
        e.full_gate = std::make_shared<std::promise<void>>();
        preview_done = e.full_gate->get_future().share();
        e.preview_decoding =
            std::async(std::launch::async, [decode = m_decoders.preview, s = *scene, both = m_both_eyes, store] {
                return decode(s, both, *store);
            });
    }
    if (!e.decoding.valid())
        e.decoding = std::async(std::launch::async, [decode = m_decoders.full, s = *scene, both = m_both_eyes, store,
                                                     preview_done, head_start = m_preview_head_start] {
            if (preview_done.valid()) preview_done.wait_for(head_start);
            // Below the frames and the preview: it takes the time they leave (on 2 cores, one
            // core less what the frame loop needs), and the preview is on screen sooner.
            core::lower_thread_priority(k_full_decode_nice);
            return decode(s, both, *store);
        });
    const PanoramaCost cost = plan(*scene).value_or(PanoramaCost{});
    e.reserved_cpu = cost.cpu;
    e.reserved_gpu = cost.gpu;
}

// A tiled panorama reads its manifest here (a small file) and starts decoding its coarsest level on its own workers.
void PanoramaCache::start_tiled(const tour::Tour& tour, const tour::Scene& scene, Entry& e) {
    if (e.tiled) return;
    auto pyramid = tile_pyramid(scene.panorama.tiles, tour.folder);
    if (!pyramid) {
        spdlog::error("{}", pyramid.error());
        e.error = pyramid.error();
        e.ready = true;
        return;
    }
    e.tiled = m_renderer.make_tiled(std::move(*pyramid));
}

// Uploads a tiled panorama's coarsest level (update with no view) until it is in. True when it came in.
bool PanoramaCache::poll_tiled(Entry& e) {
    if (!e.tiled || e.ready) return false;
    e.tiled->update({});
    if (!e.tiled->base_resident() && !e.tiled->complete()) return false;
    e.ready = true;
    return true;
}

std::optional<std::filesystem::file_time_type> PanoramaCache::source_time(const tour::Scene& scene) {
    if (scene.panorama.kind != tour::PanoramaKind::Equirect) return std::nullopt;
    std::error_code ec;
    const auto t = std::filesystem::last_write_time(scene.panorama.image.path, ec);
    return ec ? std::nullopt : std::optional(t);
}

bool PanoramaCache::source_changed(const Entry& e) const {
    return e.scene->panorama.kind == tour::PanoramaKind::Equirect && source_time(*e.scene) != e.source_time;
}

// Drops what the entry holds and decodes its panorama again (the file changed or went since it was read).
void PanoramaCache::reload(const std::string& id, Entry& e) {
    spdlog::warn("scene '{}': {} changed on disk since it was read; reading it again", id,
                 e.scene->panorama.image.path.string());
    const tour::Scene scene = *e.scene;
    if (e.panorama) m_retire(std::move(*e.panorama));
    if (e.right) m_retire(std::move(*e.right));
    open_gate(e); // the old decodes are waited for below: none waits for a frame
    e = Entry{};
    tour::Tour one; // start_load finds the scene by id
    one.scenes.push_back(scene);
    start_load(one, id, e, true);
}

bool PanoramaCache::reload_changed(const std::string& scene) {
    const auto it = m_entries.find(scene);
    if (it == m_entries.end() || !it->second.ready || !it->second.scene || !source_changed(it->second)) return false;
    reload(scene, it->second);
    it->second.last_wanted = m_tick;
    return true;
}

std::vector<std::string> PanoramaCache::poll() {
    m_renderer.collect();
    std::vector<std::string> became_ready;
    for (auto& [id, e] : m_entries)
        if (std::exchange(e.open_gate_next_poll, false)) open_gate(e);
    for (auto& [id, e] : m_entries) {
        if (poll_full(id, e) || poll_preview(e) || poll_tiled(e)) became_ready.push_back(id);
    }
    if (!became_ready.empty()) {
        learn_sizes();
        fit_budget(0); // a panorama may have taken more than planned
    }
    return became_ready;
}

// Uploads the entry's full panorama once decoded (in place of its preview), or keeps its error (and drops the preview:
// the placeholder says what is wrong). True when it came in (or its fallback did, fall_back).
bool PanoramaCache::poll_full(const std::string& id, Entry& e) {
    if (!e.decoding.valid() || e.decoding.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    auto decoded = e.decoding.get();
    std::optional<UploadedPanorama> uploaded;
    if (decoded) try {
            uploaded = upload_scene_panorama(m_renderer, std::move(*decoded));
        } catch (const gpu::OutOfDeviceMemory& oom) {
            return fall_back(id, e, oom.what());
        }
    else if (gpu::is_out_of_device_memory(decoded.error())) // the decode's own image found no room
        return fall_back(id, e, decoded.error());
    if (e.panorama) m_retire(std::move(*e.panorama));
    if (e.right) m_retire(std::move(*e.right));
    e.panorama.reset();
    e.right.reset();
    if (uploaded) {
        e.panorama = std::move(uploaded->left);
        e.right = std::move(uploaded->right);
        e.error.clear();
        if (e.preload) spdlog::info("scene '{}': preloaded", id);
    } else {
        spdlog::error("{}", decoded.error());
        e.error = decoded.error();
    }
    e.ready = true;
    return true;
}

// The device had no room for the full panorama: the preview on screen stays, or a preview is decoded now (poll_preview
// uploads it and makes the scene ready), with a warning; a scene without a preview (cube faces) shows the error.
bool PanoramaCache::fall_back(const std::string& id, Entry& e, const std::string& why) {
    spdlog::warn("scene '{}': {}; showing its panorama at a lower resolution", id, why);
    e.low_res = true;
    if (e.panorama) {
        e.ready = true;
        return true;
    }
    if (!e.preview_decoding.valid() && e.scene && e.scene->panorama.kind != tour::PanoramaKind::Cube)
        e.preview_decoding =
            std::async(std::launch::async, [decode = m_decoders.preview, s = *e.scene, both = m_both_eyes,
                                            store = m_renderer.panorama_store()] { return decode(s, both, *store); });
    if (e.preview_decoding.valid()) return false;
    e.error = "scene '" + id + "': " + why;
    e.ready = true;
    return true;
}

void PanoramaCache::open_gate(Entry& e) {
    if (e.full_gate) e.full_gate->set_value();
    e.full_gate.reset();
    e.open_gate_next_poll = false;
}

// Uploads the entry's preview once decoded, unless the full panorama came first. True when it can now be shown.
bool PanoramaCache::poll_preview(Entry& e) {
    if (!e.preview_decoding.valid() ||
        e.preview_decoding.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return false;
    auto decoded = e.preview_decoding.get();
    std::string problem = decoded ? "" : decoded.error();
    std::optional<UploadedPanorama> uploaded;
    if (decoded && !e.ready) try {
            uploaded = upload_scene_panorama(m_renderer, std::move(*decoded));
        } catch (const gpu::OutOfDeviceMemory& oom) {
            problem = oom.what();
        }
    if (!uploaded) open_gate(e);
    if (!uploaded && e.low_res && !e.ready) { // the fallback of a full panorama the device had no room for
        e.error = "no room on the GPU for the panorama, nor for its preview: " + problem;
        spdlog::error("{}", e.error);
        e.ready = true;
        return true;
    }
    if (!uploaded) {
        if (!problem.empty()) spdlog::debug("no preview: {}", problem); // the full decode says what is wrong
        return false;
    }
    e.open_gate_next_poll = true; // its frame is drawn before the next poll
    e.panorama = std::move(uploaded->left);
    e.right = std::move(uploaded->right);
    if (e.low_res) e.ready = true;
    return true;
}

void PanoramaCache::clear() {
    for (auto& [id, e] : m_entries) {
        open_gate(e); // a full decode waiting for its preview's frame goes on at once
        if (e.preview_decoding.valid()) e.preview_decoding.wait();
        if (e.decoding.valid()) e.decoding.wait();
        if (e.panorama) m_retire(std::move(*e.panorama));
        if (e.right) m_retire(std::move(*e.right));
    }
    m_entries.clear(); // a tiled panorama waits for the GPU as it goes (render::TileCache)
    m_known_gpu.clear();
    m_estimated_cpu.clear();
}

const render::Panorama* PanoramaCache::panorama(const std::string& scene) const {
    auto it = m_entries.find(scene);
    return it != m_entries.end() && it->second.panorama ? &*it->second.panorama : nullptr;
}

render::TiledPanorama* PanoramaCache::tiled(const std::string& scene) const {
    auto it = m_entries.find(scene);
    return it != m_entries.end() ? it->second.tiled.get() : nullptr;
}

const render::Panorama* PanoramaCache::panorama_right(const std::string& scene) const {
    auto it = m_entries.find(scene);
    return it != m_entries.end() && it->second.right ? &*it->second.right : nullptr;
}

std::string PanoramaCache::error(const std::string& scene) const {
    auto it = m_entries.find(scene);
    return it != m_entries.end() ? it->second.error : "";
}

bool PanoramaCache::ready(const std::string& scene) const {
    auto it = m_entries.find(scene);
    return it != m_entries.end() && it->second.ready;
}

bool PanoramaCache::showing_preview(const std::string& scene) const {
    auto it = m_entries.find(scene);
    return it != m_entries.end() && !it->second.ready && it->second.panorama;
}

bool PanoramaCache::preview_frame_pending() const {
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [](const auto& kv) { return kv.second.open_gate_next_poll; });
}

bool PanoramaCache::busy() const {
    return std::any_of(m_entries.begin(), m_entries.end(), [](const auto& kv) {
        return !kv.second.preload && (kv.second.decoding.valid() || kv.second.preview_decoding.valid());
    });
}

} // namespace vrex::scene
