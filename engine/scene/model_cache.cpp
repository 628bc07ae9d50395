#include "scene/model_cache.hpp"

#include <algorithm>
#include <chrono>
#include <spdlog/spdlog.h>
#include <utility>

#include "core/mutation.hpp"

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

void ModelCache::want(const tour::Tour& tour, const std::vector<std::string>& wanted) {
    ++m_tick;
    for (const std::string& id : wanted) {
        Entry& e = m_entries[id];
        e.last_wanted = m_tick;
        if (e.ready || e.loading.valid()) continue;
        const tour::Exhibit* exhibit = tour.find_exhibit(id);
        if (!exhibit || !exhibit->model) {
            e.error = "exhibit '" + id + "' has no model";
            e.ready = true;
            continue;
        }
        // The path is copied: the tour may be replaced (curator reload) while the load runs.
        e.loading =
            std::async(std::launch::async,
                       [path = exhibit->model->path, limits = m_limits]() -> core::Expected<Loaded, std::string> {
                           core::Expected<media::Model, std::string> model = media::load_model(path, limits);
                           if (!model) return core::unexpected(model.error());
                           PickMesh pick(*model);
                           return Loaded{std::move(*model), std::move(pick)};
                       });
        if (core::mutated(core::Mutation::model_load_on_loop)) e.loading.wait();
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

std::vector<std::string> ModelCache::poll() {
    std::vector<std::string> became_ready;
    VkDeviceSize budget = k_upload_bytes; // for all uploads together
    for (auto& [id, e] : m_entries) {
        if (e.upload) {
            if (budget == 0 || !m_renderer.continue_model_upload(*e.upload, e.source->model, std::exchange(budget, 0)))
                continue;
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
        auto loaded = e.loading.get();
        if (loaded) {
            for (const std::string& w : loaded->model.warnings) spdlog::warn("{}", w);
            // Uploaded by the next polls, a slice each.
            e.source = std::move(*loaded);
            e.upload = m_renderer.begin_model_upload(e.source->model, id.c_str());
            e.error.clear();
            continue;
        } else {
            spdlog::error("{}", loaded.error());
            e.error = loaded.error();
        }
        e.ready = true;
        became_ready.push_back(id);
    }
    return became_ready;
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
