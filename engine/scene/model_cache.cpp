#include "scene/model_cache.hpp"

#include <algorithm>
#include <chrono>
#include <spdlog/spdlog.h>
#include <utility>

#include "core/mutation.hpp"
#include "gpu/fault.hpp"

namespace vrex::scene {

ModelCache::ModelCache(render::Renderer& renderer, Retire retire, media::ModelLimits limits)
    : m_renderer(renderer), m_retire(std::move(retire)), m_limits(limits) {}

ModelCache::~ModelCache() {
    clear();
}

void ModelCache::drop(Entry& e) {
    if (e.loading.valid()) e.loading.wait();
    if (e.model) m_retire(std::move(*e.model));
    if (e.upload) m_retire(std::move(*e.upload).take());
    e.model.reset();
    e.upload.reset();
    e.source.reset();
    e.pick = {};
}

std::vector<ModelCache::Stamp> ModelCache::stamps(const std::vector<std::filesystem::path>& files) {
    std::vector<Stamp> out;
    for (const std::filesystem::path& f : files) {
        if (std::any_of(out.begin(), out.end(), [&](const Stamp& s) { return s.path == f; })) continue;
        std::error_code ec;
        Stamp s{f, std::filesystem::last_write_time(f, ec), 0};
        if (ec) s.time.reset();
        const uintmax_t size = s.time ? std::filesystem::file_size(f, ec) : 0;
        s.size = ec ? 0 : size;
        out.push_back(std::move(s));
    }
    return out;
}

bool ModelCache::changed(const std::string& id, const Entry& e) const {
    if (!e.ready || e.files.empty()) return false;
    std::vector<std::filesystem::path> paths;
    for (const Stamp& s : e.files) paths.push_back(s.path);
    const std::vector<Stamp> now = stamps(paths);
    for (size_t i = 0; i < now.size(); ++i)
        if (now[i] != e.files[i]) {
            spdlog::warn("exhibit '{}': {} {} since the model was read; reading it again", id, now[i].path.string(),
                         !now[i].time ? "was removed" : (e.files[i].time ? "changed" : "appeared"));
            return true;
        }
    return false;
}

void ModelCache::start_load(const tour::Tour& tour, const std::string& id, Entry& e) {
    const tour::Exhibit* exhibit = tour.find_exhibit(id);
    if (!exhibit || !exhibit->model) {
        e.error = "exhibit '" + id + "' has no model";
        e.ready = true;
        return;
    }
    // The path is copied: the tour may be replaced (curator reload) while the load runs.
    // A load that fails still watches the files an earlier load read: a .bin put back is noticed.
    std::vector<std::filesystem::path> known{exhibit->model->path};
    for (const Stamp& s : e.files) known.push_back(s.path);
    e.loading = std::async(std::launch::async, [known, limits = m_limits]() -> Result {
        core::Expected<media::Model, std::string> model = media::load_model(known[0], limits);
        if (!model) return {core::unexpected(model.error()), stamps(known)};
        std::vector<std::filesystem::path> files = model->files;
        files.insert(files.begin(), known[0]);
        PickMesh pick(*model);
        return {Loaded{std::move(*model), std::move(pick)}, stamps(files)};
    });
    if (core::mutated(core::Mutation::model_load_on_loop)) e.loading.wait();
}

void ModelCache::want(const tour::Tour& tour, const std::vector<std::string>& wanted) {
    ++m_tick;
    for (const std::string& id : wanted) {
        Entry& e = m_entries[id];
        const bool opened = e.last_wanted + 1 != m_tick;
        e.last_wanted = m_tick;
        if (opened && changed(id, e)) {
            drop(e);
            e = Entry{.files = std::move(e.files), .last_wanted = m_tick};
        }
        if (e.ready || e.loading.valid()) continue;
        start_load(tour, id, e);
    }
    std::vector<std::pair<uint64_t, std::string>> idle;
    for (auto& [id, e] : m_entries)
        if (e.last_wanted != m_tick && !e.loading.valid() && !e.upload) idle.push_back({e.last_wanted, id});
    std::sort(idle.rbegin(), idle.rend());
    for (size_t i = k_keep; i < idle.size(); ++i) {
        drop(m_entries[idle[i].second]);
        m_entries.erase(idle[i].second);
    }
}

bool ModelCache::reload_changed(const tour::Tour& tour) {
    bool any = false;
    for (auto& [id, e] : m_entries) {
        if (e.last_wanted != m_tick || !changed(id, e)) continue;
        drop(e);
        e = Entry{.files = std::move(e.files), .last_wanted = m_tick};
        start_load(tour, id, e);
        any = true;
    }
    return any;
}

std::vector<std::string> ModelCache::poll() {
    std::vector<std::string> became_ready;
    VkDeviceSize budget = k_upload_bytes; // for all uploads together
    for (auto& [id, e] : m_entries) {
        if (e.upload) {
            bool done = false;
            try {
                done = budget > 0 &&
                       m_renderer.continue_model_upload(*e.upload, e.source->model, std::exchange(budget, 0));
            } catch (const gpu::OutOfDeviceMemory& oom) {
                fail_upload(id, e, oom.what());
                became_ready.push_back(id);
                continue;
            }
            if (!done) continue;
            if (e.model) m_retire(std::move(*e.model));
            e.model = std::move(*e.upload).take();
            e.pick = std::move(e.source->pick);
            e.upload.reset();
            e.source.reset();
            e.ready = true;
            became_ready.push_back(id);
            continue;
        }
        if (!e.loading.valid() || e.loading.wait_for(std::chrono::seconds(0)) != std::future_status::ready) continue;
        take_loaded(id, e, became_ready);
    }
    return became_ready;
}

// A finished load: its upload begins (the next polls go on with it, a slice each), or its error is kept.
void ModelCache::take_loaded(const std::string& id, Entry& e, std::vector<std::string>& became_ready) {
    Result result = e.loading.get();
    e.files = std::move(result.files);
    if (result.loaded) {
        for (const std::string& w : result.loaded->model.warnings) spdlog::warn("{}", w);
        e.source = std::move(*result.loaded);
        try {
            e.upload = m_renderer.begin_model_upload(e.source->model, id.c_str());
            e.error.clear();
            return;
        } catch (const gpu::OutOfDeviceMemory& oom) {
            fail_upload(id, e, oom.what());
        }
    } else {
        spdlog::error("{}", result.loaded.error());
        e.error = result.loaded.error();
    }
    e.ready = true;
    became_ready.push_back(id);
}

// No room on the device for the model (its buffers, or its textures even at 1x1): the placeholder says so.
void ModelCache::fail_upload(const std::string& id, Entry& e, const std::string& why) {
    if (e.upload) m_retire(std::move(*e.upload).take());
    e.upload.reset();
    e.source.reset();
    e.error = "exhibit '" + id + "': no room on the GPU for its model (" + why + ")";
    spdlog::error("{}", e.error);
    e.ready = true;
}

void ModelCache::clear() {
    for (auto& [id, e] : m_entries) drop(e);
    m_entries.clear();
}

const render::GpuModel* ModelCache::model(const std::string& exhibit) const {
    auto it = m_entries.find(exhibit);
    return it != m_entries.end() && it->second.model ? &*it->second.model : nullptr;
}

const PickMesh* ModelCache::pick_mesh(const std::string& exhibit) const {
    auto it = m_entries.find(exhibit);
    return it != m_entries.end() && it->second.model ? &it->second.pick : nullptr;
}

std::string ModelCache::error(const std::string& exhibit) const {
    auto it = m_entries.find(exhibit);
    return it != m_entries.end() ? it->second.error : "";
}

bool ModelCache::ready(const std::string& exhibit) const {
    auto it = m_entries.find(exhibit);
    return it != m_entries.end() && it->second.ready;
}

bool ModelCache::busy() const {
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [](const auto& kv) { return kv.second.loading.valid() || kv.second.upload; });
}

std::vector<std::string> wanted_models(const viewer::Viewer& viewer) {
    const std::optional<viewer::ModelState> m = viewer.model();
    if (!m) return {};
    return {m->exhibit->id};
}

viewer::ModelHitTest model_hit_test(const ModelCache& models) {
    return [&models](const viewer::ModelState& model, const viewer::Ray& ray) -> std::optional<double> {
        if (const PickMesh* mesh = models.pick_mesh(model.exhibit->id)) return pick_model(*mesh, model, ray);
        return viewer::intersect_sphere(model.centre(), model.radius_m(), ray);
    };
}

} // namespace vrex::scene
