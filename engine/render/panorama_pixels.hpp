#pragma once
// A panorama's pixels on their way to the GPU: an equirect and its mip chain, written on a worker thread (the decode
// straight in, then the mips) into memory the GPU reads, then made a Panorama on the frame loop's thread
// (Renderer::load_panorama). On a CPU device (lavapipe) that memory is the sampled image itself (linear tiling,
// mapped): no staging buffer, no copy. Elsewhere it is a staging buffer, reused from load to load (the first touch of
// fresh memory is slow, DESIGN.md §8) and copied into a device-local image.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "core/memory.hpp"
#include "gpu/context.hpp"
#include "gpu/resources.hpp"
#include "media/image.hpp"

namespace vrex::render {

class PanoramaStore;

// Fills levels[1..] from levels[0] (see PanoramaPixels::build_mips).
void build_mip_levels(const std::vector<media::PixelRows>& levels);

class PanoramaPixels {
public:
    PanoramaPixels() = default;
    ~PanoramaPixels();
    PanoramaPixels(PanoramaPixels&&) noexcept = default;
    PanoramaPixels& operator=(PanoramaPixels&&) noexcept;

    bool empty() const { return m_levels.empty(); }
    uint32_t width() const { return m_levels.empty() ? 0 : m_levels[0].width; }
    uint32_t height() const { return m_levels.empty() ? 0 : m_levels[0].height; }
    uint32_t levels() const { return uint32_t(m_levels.size()); }
    const media::PixelRows& level(uint32_t i) const { return m_levels[i]; }
    size_t byte_size() const; // what it holds in CPU-visible memory

    // Fills levels 1.. from level 0: a 2x2 box in linear light, on this thread and one more.
    void build_mips();
    // Leaves levels 1.. to be filled once the GPU has the image (see PanoramaStore::can_defer_mips): the loader starts
    // a thread that builds them while level 0 is already on screen.
    void defer_mips() { m_mips_pending = levels() > 1; }
    bool mips_pending() const { return m_mips_pending; }

private:
    friend class PanoramaStore;
    friend class PanoramaLoader;
    void release_staging();
    std::vector<media::PixelRows> m_levels;
    std::vector<VkDeviceSize> m_offsets; // staging: where each level starts in the buffer
    gpu::Image m_image;                  // zero-copy: the image the GPU will sample
    bool m_fresh = true;                 // ... still PREINITIALIZED (else GENERAL: handed back by a panorama that went)
    bool m_mips_pending = false;
    gpu::Buffer m_staging;                // otherwise
    std::weak_ptr<PanoramaStore> m_store; // takes the staging buffer back if the pixels are dropped unused
    // Maps fresh memory in ahead of the decode, on another thread; gone once the mips are built. Declared last: it
    // stops before the memory it works on goes.
    std::unique_ptr<core::Prefault> m_prefault;
};

class PanoramaStore : public std::enable_shared_from_this<PanoramaStore> {
public:
    explicit PanoramaStore(gpu::Context& ctx);

    // Thread-safe. Pixels for a width x height equirect with a full mip chain. Throws core::Error when the GPU is out
    // of memory or the size is above the GPU's limit (max_side(); the caller halves such images first).
    PanoramaPixels allocate(uint32_t width, uint32_t height);
    // Pixels of an image decoded elsewhere (halved until the GPU takes it), mips built (or, with `defer_mips` where
    // can_defer_mips(), left to be built once it is on the GPU).
    PanoramaPixels from_image(const media::Image& image, bool defer_mips = false);
    // Builds the mips of pixels whose level 0 is written, or with `defer` where can_defer_mips() leaves them for later.
    void finish_mips(PanoramaPixels& px, bool defer) const;
    uint32_t max_side() const { return m_max_side; }
    bool zero_copy() const { return m_zero_copy; }
    // Whether PanoramaPixels::defer_mips may be used: zero copy (the CPU writes the sampled image), and a renderer
    // that chooses levels per view (it draws from level 0 alone until the mips are in; a per-pixel level would read
    // levels not written yet). Set by the Renderer.
    bool can_defer_mips() const { return m_zero_copy && m_defer_allowed; }
    void allow_deferred_mips(bool allowed) { m_defer_allowed = allowed; }
    // A staging buffer the GPU has finished reading, for the next load. Thread-safe.
    void give_back(gpu::Buffer&& buffer);
    // A zero-copy image whose panorama is gone (the GPU is done with it: panoramas are retired after their last
    // frame), for the next load of the same size. Thread-safe.
    void give_back(gpu::Image&& image);
    size_t reusable_bytes() const; // staging memory and images kept for reuse

private:
    void attach_image(PanoramaPixels& px, uint32_t width, uint32_t height, uint32_t levels);
    void attach_staging(PanoramaPixels& px, uint32_t width, uint32_t height, uint32_t levels);

    gpu::Context& m_ctx;
    uint32_t m_max_side = 0;
    bool m_zero_copy = false;
    std::atomic<bool> m_defer_allowed{false};
    mutable std::mutex m_mutex;
    std::vector<gpu::Buffer> m_free;       // at most k_keep, largest kept
    std::vector<gpu::Image> m_free_images; // at most k_keep_images, largest kept
    static constexpr size_t k_keep = 2;
    // One: the next load (a preload, the next hall) reuses it; more would sit beside the memory budget, uncounted.
    static constexpr size_t k_keep_images = 1;
};

} // namespace vrex::render
