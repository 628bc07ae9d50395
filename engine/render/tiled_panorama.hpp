#pragma once
// A tiled multiresolution cube panorama (media::TilePyramid) streamed by view: each frame the views say which tiles
// they want (render/tile_select.hpp), worker threads decode the missing ones nearest the view's centre first, the
// frame thread uploads a bounded number of them per frame into a TileCache, and the renderer draws each wanted tile,
// or where it is missing the finest resident coarser tiles over its area, down to the coarsest level (pinned,
// requested first), so that nothing is ever a hole once that level is in. Made by Renderer::make_tiled.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/expected.hpp"
#include "gpu/render_target.hpp"
#include "media/image.hpp"
#include "media/tiles.hpp"
#include "render/tile_cache.hpp"
#include "render/tile_select.hpp"

namespace vrex::render {

using TileDecoder =
    std::function<core::Expected<media::Image, std::string>(const media::TilePyramid&, const media::TileKey&)>;

struct TiledOptions {
    // GPU memory for tile slots, all taken when made (less for a pyramid smaller than that; the coarsest level and
    // 16 more tiles always fit).
    VkDeviceSize budget = VkDeviceSize(128) << 20;
    uint32_t uploads_per_frame = 8;
    uint32_t decode_threads = 2;
    TileDecoder decode; // empty: media::decode_tile
};

// One tile to draw: where it is on the cube and in the cache.
struct TileDraw {
    media::TileKey key;
    TileRect rect;
    TileSlot slot;
};

struct TiledStats {
    size_t resident = 0, slots = 0, wanted = 0, missing = 0, decoded = 0, failed = 0;
    uint64_t evictions = 0;
    VkDeviceSize memory = 0; // the tile slots' GPU memory
};

class TiledPanorama {
public:
    // Requests the coarsest level at once (decoded on the workers; nothing else is decoded before update()).
    TiledPanorama(gpu::Context& ctx, media::TilePyramid pyramid, VkDescriptorSetLayout layout, VkSampler sampler,
                  TiledOptions options = {});
    ~TiledPanorama(); // stops the workers (a decode in progress finishes first)
    TiledPanorama(const TiledPanorama&) = delete;
    TiledPanorama& operator=(const TiledPanorama&) = delete;

    // Once per frame on the frame thread, before drawing, with every view of the frame (both eyes): chooses the
    // tiles, requests the missing ones, uploads up to uploads_per_frame decoded ones. Never waits for a decode.
    void update(std::span<const gpu::View> views);
    // Every tile the last update() wanted is resident, or failed to decode (logged; a coarser level covers it), or
    // finds no room in the cache; and the coarsest level is in. `vrex shot` updates until this holds.
    bool complete() const;
    // Every tile of the coarsest level is resident (the panorama covers the whole sphere).
    bool base_resident() const;
    // What to draw for `view`, coarse first: for every wanted tile its finest resident cover (the tile, else coarser
    // tiles over its area, down to the coarsest level, which is always in once base_resident()), finest last.
    std::vector<TileDraw> draw_list(const gpu::View& view) const;

    const media::TilePyramid& pyramid() const { return m_pyramid; }
    VkDescriptorSet descriptor_set() const { return m_cache.descriptor_set(); }
    uint32_t tile_size() const { return m_cache.tile_size(); }
    TiledStats stats() const;

private:
    struct Work; // the workers' queue and results
    void worker();
    void request(const std::vector<media::TileKey>& wanted);
    void take_decoded();
    void upload_ready(const std::vector<media::TileKey>& wanted);
    void add_cover(const media::TileKey& key, std::set<media::TileKey>& out) const;

    media::TilePyramid m_pyramid;
    TiledOptions m_options;
    TileCache m_cache;
    std::vector<media::TileKey> m_base; // the coarsest level's tiles
    std::vector<media::TileKey> m_wanted;
    std::map<media::TileKey, media::Image> m_ready; // decoded, waiting for upload
    std::set<media::TileKey> m_failed;
    uint64_t m_frame = 0;
    size_t m_decoded = 0;
    bool m_full = false; // the last update found no room for a ready tile
    std::unique_ptr<Work> m_work;
    std::vector<std::thread> m_threads; // last: joined first
};

} // namespace vrex::render
