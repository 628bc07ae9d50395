// PanoramaCache's memory budget and preloads; decoding and uploads are in panorama_cache.cpp.
#include <algorithm>

#include "scene/panorama_cache.hpp"

namespace vrex::scene {

void PanoramaCache::set_memory_budget(uint64_t bytes) {
    m_budget = bytes;
    fit_budget(0);
}

// What an entry takes: its panoramas (a preview, or the full one), and while it decodes, what the decode plans
// (the decoded image and the panorama it becomes; a preview's own few bytes are not counted).
uint64_t PanoramaCache::held_bytes(const Entry& e) const {
    uint64_t bytes = 0;
    if (e.panorama) bytes += e.panorama->memory_size();
    if (e.right) bytes += e.right->memory_size();
    if (e.tiled) bytes += e.tiled->stats().memory;
    if (e.decoding.valid()) bytes += e.reserved_cpu + e.reserved_gpu;
    return bytes;
}

PanoramaCache::Memory PanoramaCache::memory() const {
    Memory m;
    m.entries = m_entries.size();
    for (const auto& [id, e] : m_entries) {
        if (e.panorama) m.gpu += e.panorama->memory_size();
        if (e.right) m.gpu += e.right->memory_size();
        if (e.tiled) m.gpu += e.tiled->stats().memory;
        if (e.decoding.valid()) {
            m.cpu += e.reserved_cpu;
            m.gpu += e.reserved_gpu;
        }
        m.decodes += size_t(e.decoding.valid()) + size_t(e.preview_decoding.valid());
    }
    return m;
}

bool PanoramaCache::preloading() const {
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [](const auto& kv) { return kv.second.preload && kv.second.decoding.valid(); });
}

// The entries that may go, least valuable first: those neither wanted nor to be preloaded, least recently wanted
// first; then the preloads from the far end of the list, up to `before` (exclusive; empty: all of them). An entry
// still decoding stays (a decode cannot be called back; what it plans counts meanwhile).
std::vector<std::string> PanoramaCache::eviction_order(const std::string& before) const {
    auto idle = [this](const std::string& id, const Entry& e) {
        return !m_wanted.contains(id) && !e.decoding.valid() && !e.preview_decoding.valid() && held_bytes(e) > 0;
    };
    std::vector<std::pair<uint64_t, std::string>> unlisted;
    for (const auto& [id, e] : m_entries)
        if (idle(id, e) && std::find(m_preload.begin(), m_preload.end(), id) == m_preload.end())
            unlisted.push_back({e.last_wanted, id});
    std::sort(unlisted.begin(), unlisted.end());
    std::vector<std::string> order;
    for (auto& [tick, id] : unlisted) order.push_back(std::move(id));
    for (auto it = m_preload.rbegin(); it != m_preload.rend() && *it != before; ++it)
        if (auto e = m_entries.find(*it); e != m_entries.end() && idle(*it, e->second)) order.push_back(*it);
    return order;
}

void PanoramaCache::evict(const std::string& id) {
    auto it = m_entries.find(id);
    if (it == m_entries.end()) return;
    if (it->second.panorama) m_retire(std::move(*it->second.panorama));
    if (it->second.right) m_retire(std::move(*it->second.right));
    open_gate(it->second);
    m_entries.erase(it);
}

// Drops entries, least valuable first (eviction_order(before)), until `extra` more bytes fit the budget.
void PanoramaCache::fit_budget(uint64_t extra, const std::string& before) {
    uint64_t held = memory().total();
    if (held + extra <= m_budget) return;
    for (const std::string& id : eviction_order(before)) {
        held -= held_bytes(m_entries.at(id));
        evict(id);
        if (held + extra <= m_budget) return;
    }
}

// What loading the scene will take: its image headers read once; on the device, what it took last time, or the
// decoded bytes times what the device took per decoded byte for the last scene loaded.
std::optional<PanoramaCost> PanoramaCache::plan(const tour::Scene& scene) {
    auto [cpu, inserted] = m_estimated_cpu.try_emplace(scene.id, 0);
    if (inserted)
        if (const std::optional<PanoramaCost> cost = estimate_panorama_cost(scene)) cpu->second = cost->cpu;
    if (cpu->second == 0) return std::nullopt;
    PanoramaCost cost;
    cost.cpu = cpu->second;
    const auto known = m_known_gpu.find(scene.id);
    cost.gpu = known != m_known_gpu.end() ? known->second : uint64_t(double(cost.cpu) * m_gpu_per_cpu);
    return cost;
}

// Remembers what the loaded scenes took on the device (full panoramas only, not previews or errors).
void PanoramaCache::learn_sizes() {
    for (const auto& [id, e] : m_entries) {
        if (!e.ready || !e.panorama) continue;
        const uint64_t gpu = held_bytes(e);
        auto [known, inserted] = m_known_gpu.insert_or_assign(id, gpu);
        const auto cpu = m_estimated_cpu.find(id);
        if (inserted && cpu != m_estimated_cpu.end() && cpu->second > 0) m_gpu_per_cpu = double(gpu) / cpu->second;
    }
}

// Starts the nearest preload that fits, once every wanted scene is loaded and no other preload decodes: one decode
// at a time, so that preloading never takes the cores from the scene the visitor waits for. A preload fits when it
// does after dropping everything less valuable than it (eviction_order); a farther, smaller one may still fit.
void PanoramaCache::start_preload(const tour::Tour& tour) {
    for (const std::string& id : m_wanted)
        if (auto it = m_entries.find(id);
            it == m_entries.end() || !it->second.ready || it->second.preview_decoding.valid())
            return;
    if (preloading()) return;
    for (const std::string& id : m_preload) {
        if (m_entries.contains(id)) continue; // loaded, or failed
        const tour::Scene* scene = tour.find_scene(id);
        const std::optional<PanoramaCost> cost = scene ? plan(*scene) : std::nullopt;
        if (!cost) continue; // no header: the decode would fail; the error can wait until the scene is wanted
        uint64_t freeable = 0;
        for (const std::string& other : eviction_order(id)) freeable += held_bytes(m_entries.at(other));
        if (memory().total() - freeable + cost->total() > m_budget) continue;
        fit_budget(cost->total(), id);
        Entry& e = m_entries[id];
        e.preload = true;
        e.last_wanted = m_tick;
        start_load(tour, id, e, false);
        return;
    }
}

} // namespace vrex::scene
