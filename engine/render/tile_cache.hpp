#pragma once
// The GPU side of a tiled panorama: a fixed set of tile slots (layers of one 2D-array image, RGBA8 sRGB, as many as
// a memory budget holds), least-recently-used eviction, pinned slots (the coarsest level, never evicted), and
// uploads through staging buffers in a gpu::Submission that the frame loop does not wait for.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "gpu/context.hpp"
#include "gpu/resources.hpp"
#include "gpu/submission.hpp"
#include "gpu/upload.hpp"
#include "media/image.hpp"
#include "media/tiles.hpp"

namespace vrex::render {

struct TileSlot {
    uint32_t layer = 0;
    uint32_t width = 0, height = 0; // of the tile in it (the last row and column of a face may be narrower)
};

class TileCache {
public:
    // Slots of `tile_size` squared texels: budget / (tile_size^2 * 4), at least `min_slots`, at most the device's
    // array layers. Throws core::Error only on GPU failure.
    TileCache(gpu::Context& ctx, uint32_t tile_size, VkDeviceSize budget, uint32_t min_slots,
              VkDescriptorSetLayout layout, VkSampler sampler);
    ~TileCache();

    uint32_t tile_size() const { return m_tile_size; }
    uint32_t slot_count() const { return uint32_t(m_slots.size()); }
    size_t resident_count() const { return m_index.size(); }
    uint64_t evictions() const { return m_evictions; }
    VkDeviceSize memory_size() const { return m_image.memory_size(); }
    VkDescriptorSet descriptor_set() const { return m_set.set; }

    std::optional<TileSlot> find(const media::TileKey& key) const;
    // Marks a resident tile used in frame `frame` (a slot used in the current frame is never evicted).
    void touch(const media::TileKey& key, uint64_t frame);
    // Tiles to keep resident once uploaded (the coarsest level).
    void pin(const media::TileKey& key) { m_pinned.insert(key); }

    // Whether a tile could be placed now in frame `frame` (a free slot, or one neither pinned nor used in it).
    bool has_room(uint64_t frame) const;
    // Uploads the tiles (each at most tile_size square) into free or least recently used slots, in one submission,
    // not waited for: later frames on the queue see them. Returns how many were placed (the first ones; the rest
    // found no slot). Call on the thread that submits frames.
    size_t upload(const std::vector<std::pair<media::TileKey, const media::Image*>>& tiles, uint64_t frame);
    // Takes back the staging memory of finished uploads; once a frame.
    void collect();

private:
    struct Slot {
        media::TileKey key;
        bool used = false;
        bool pinned = false;
        uint64_t last_used = 0;
        uint32_t width = 0, height = 0;
    };
    struct Staging {
        gpu::Buffer buffer;
        gpu::Submission submission;
    };
    std::optional<uint32_t> take_slot(uint64_t frame);
    Staging& staging_for(VkDeviceSize bytes);

    gpu::Context& m_ctx;
    uint32_t m_tile_size = 0;
    gpu::Image m_image;
    gpu::ImageView m_view;
    gpu::ImageSet m_set;
    std::vector<Slot> m_slots;
    std::map<media::TileKey, uint32_t> m_index;
    std::set<media::TileKey> m_pinned;
    uint64_t m_evictions = 0;
    // Declared after the image: destroyed first, each waiting for its submission.
    gpu::Submission m_init;
    std::vector<std::unique_ptr<Staging>> m_staging;
};

} // namespace vrex::render
