#include "render/tiled_panorama.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

#include "core/mutation.hpp"

namespace vrex::render {
using media::TileKey;

struct TiledPanorama::Work {
    std::mutex mutex;
    std::condition_variable wake;
    std::vector<TileKey> queue; // most urgent last
    std::set<TileKey> in_flight;
    std::vector<std::pair<TileKey, core::Expected<media::Image, std::string>>> done;
    bool stop = false;
};

namespace {
uint32_t largest_tile(const media::TilePyramid& p) {
    int size = 1;
    for (const media::TileLevel& l : p.levels) size = std::max(size, std::min(l.tile_size, l.face_size));
    return uint32_t(size);
}
// The slots' memory: the budget, or less when the whole pyramid fits in it.
VkDeviceSize slot_budget(const media::TilePyramid& p, VkDeviceSize budget, uint32_t tile_size) {
    VkDeviceSize tiles = 0;
    for (const media::TileLevel& l : p.levels) tiles += VkDeviceSize(l.tiles_per_side()) * l.tiles_per_side() * 6;
    return std::min(budget, tiles * tile_size * tile_size * 4);
}
uint32_t base_tiles(const media::TilePyramid& p) {
    const int n = p.levels.empty() ? 0 : p.levels[0].tiles_per_side();
    return uint32_t(n * n * media::k_cube_faces);
}
} // namespace

TiledPanorama::TiledPanorama(gpu::Context& ctx, media::TilePyramid pyramid, VkDescriptorSetLayout layout,
                             VkSampler sampler, TiledOptions options)
    : m_pyramid(std::move(pyramid)), m_options(std::move(options)),
      m_cache(ctx, largest_tile(m_pyramid), slot_budget(m_pyramid, m_options.budget, largest_tile(m_pyramid)),
              base_tiles(m_pyramid) + 16, layout, sampler),
      m_work(std::make_unique<Work>()) {
    if (!m_options.decode) m_options.decode = media::decode_tile;
    if (!m_pyramid.levels.empty()) {
        const int n = m_pyramid.levels[0].tiles_per_side();
        for (int f = 0; f < media::k_cube_faces; ++f)
            for (int y = 0; y < n; ++y)
                for (int x = 0; x < n; ++x) m_base.push_back(TileKey{0, media::CubeFace(f), x, y});
    }
    for (const TileKey& k : m_base) m_cache.pin(k);
    request({});
    for (uint32_t i = 0; i < std::max(1u, m_options.decode_threads); ++i) m_threads.emplace_back([this] { worker(); });
}

TiledPanorama::~TiledPanorama() {
    {
        std::lock_guard lock(m_work->mutex);
        m_work->stop = true;
    }
    m_work->wake.notify_all();
    for (std::thread& t : m_threads) t.join();
}

void TiledPanorama::worker() {
    Work& w = *m_work;
    for (;;) {
        TileKey key;
        {
            std::unique_lock lock(w.mutex);
            w.wake.wait(lock, [&] { return w.stop || !w.queue.empty(); });
            if (w.stop) return;
            key = w.queue.back();
            w.queue.pop_back();
            w.in_flight.insert(key);
        }
        auto result = m_options.decode(m_pyramid, key);
        std::lock_guard lock(w.mutex);
        w.in_flight.erase(key);
        w.done.emplace_back(key, std::move(result));
    }
}

// The queue becomes the missing tiles of the coarsest level, then the wanted ones in their order: what the views no
// longer want is dropped before it is decoded.
void TiledPanorama::request(const std::vector<TileKey>& wanted) {
    std::vector<TileKey> order;
    auto missing = [&](const TileKey& k) { return !m_cache.find(k) && !m_ready.count(k) && !m_failed.count(k); };
    for (const TileKey& k : m_base)
        if (missing(k)) order.push_back(k);
    for (const TileKey& k : wanted)
        if (k.level > 0 && missing(k)) order.push_back(k);
    std::reverse(order.begin(), order.end());
    {
        std::lock_guard lock(m_work->mutex);
        std::erase_if(order, [&](const TileKey& k) {
            return m_work->in_flight.count(k) > 0 ||
                   std::any_of(m_work->done.begin(), m_work->done.end(), [&](const auto& d) { return d.first == k; });
        });
        m_work->queue = std::move(order);
    }
    m_work->wake.notify_all();
}

void TiledPanorama::take_decoded() {
    std::vector<std::pair<TileKey, core::Expected<media::Image, std::string>>> done;
    {
        std::lock_guard lock(m_work->mutex);
        done.swap(m_work->done);
    }
    const uint32_t size = m_cache.tile_size();
    for (auto& [key, result] : done) {
        if (result && (result->width > size || result->height > size))
            result = core::unexpected(std::string("tile larger than the pyramid's tile size"));
        if (!result) {
            spdlog::warn("tile level {} face {} ({}, {}) not shown (a coarser level covers it): {}", key.level,
                         media::face_letter(key.face), key.x, key.y, result.error());
            m_failed.insert(key);
            continue;
        }
        ++m_decoded;
        m_ready.emplace(key, std::move(*result));
    }
}

void TiledPanorama::upload_ready(const std::vector<TileKey>& wanted) {
    // Base tiles first, then the wanted ones nearest the view's centre; ready tiles no view wants any more go.
    std::vector<std::pair<TileKey, const media::Image*>> batch;
    std::set<TileKey> keep(wanted.begin(), wanted.end());
    keep.insert(m_base.begin(), m_base.end());
    std::erase_if(m_ready, [&](const auto& r) { return !keep.count(r.first); });
    auto add = [&](const TileKey& k) {
        auto it = m_ready.find(k);
        if (it != m_ready.end() && batch.size() < m_options.uploads_per_frame) batch.emplace_back(k, &it->second);
    };
    for (const TileKey& k : m_base) add(k);
    for (const TileKey& k : wanted) add(k);
    const size_t placed = m_cache.upload(batch, m_frame);
    m_full = placed < batch.size();
    for (size_t i = 0; i < placed; ++i) m_ready.erase(batch[i].first);
}

void TiledPanorama::update(std::span<const gpu::View> views) {
    ++m_frame;
    m_cache.collect();
    std::vector<TileKey> wanted;
    std::set<TileKey> seen;
    for (const gpu::View& v : views)
        for (const TileKey& k : wanted_tiles(m_pyramid.levels, view_rate(v)))
            if (seen.insert(k).second) wanted.push_back(k);
    // What this frame draws is used now: never evicted by this frame's uploads.
    std::set<TileKey> drawn;
    for (const TileKey& k : wanted) add_cover(k, drawn);
    for (const TileKey& k : drawn) m_cache.touch(k, m_frame);
    take_decoded();
    upload_ready(wanted);
    m_wanted = std::move(wanted);
    request(m_wanted);
}

bool TiledPanorama::base_resident() const {
    return std::all_of(m_base.begin(), m_base.end(), [&](const TileKey& k) { return m_cache.find(k).has_value(); });
}

bool TiledPanorama::complete() const {
    if (!std::all_of(m_base.begin(), m_base.end(),
                     [&](const TileKey& k) { return m_cache.find(k) || m_failed.count(k); }))
        return false;
    const bool missing = std::any_of(m_wanted.begin(), m_wanted.end(),
                                     [&](const TileKey& k) { return !m_cache.find(k) && !m_failed.count(k); });
    return !missing || (m_full && !m_cache.has_room(m_frame));
}

// The finest resident cover of `key`'s area: the tile itself, else for each coarser level the resident tiles over
// it, down to the first level that covers it whole.
void TiledPanorama::add_cover(const TileKey& key, std::set<TileKey>& out) const {
    if (m_cache.find(key)) {
        out.insert(key);
        return;
    }
    std::vector<TileKey> coarser;
    for (int level = key.level - 1; level >= 0; --level) {
        coarser.clear();
        overlapping_tiles(m_pyramid.levels, key, level, coarser);
        bool whole = true;
        for (const TileKey& k : coarser) {
            if (m_cache.find(k))
                out.insert(k);
            else
                whole = false;
        }
        if (whole) return;
    }
}

std::vector<TileDraw> TiledPanorama::draw_list(const gpu::View& view) const {
    const ViewRate rate = view_rate(view);
    std::set<TileKey> keys;
    for (const TileKey& k : wanted_tiles(m_pyramid.levels, rate)) {
        if (core::mutated(core::Mutation::tiles_no_coarse) && !m_cache.find(k)) continue;
        add_cover(k, keys);
    }
    std::vector<TileDraw> out;
    out.reserve(keys.size());
    for (const TileKey& k : keys) // std::set orders by level first: coarse first
        out.push_back(TileDraw{k, tile_rect(m_pyramid.levels[size_t(k.level)], k), *m_cache.find(k)});
    return out;
}

TiledStats TiledPanorama::stats() const {
    TiledStats s;
    s.resident = m_cache.resident_count();
    s.slots = m_cache.slot_count();
    s.wanted = m_wanted.size();
    s.missing =
        size_t(std::count_if(m_wanted.begin(), m_wanted.end(), [&](const TileKey& k) { return !m_cache.find(k); }));
    s.decoded = m_decoded;
    s.failed = m_failed.size();
    s.evictions = m_cache.evictions();
    s.memory = m_cache.memory_size();
    return s;
}

} // namespace vrex::render
