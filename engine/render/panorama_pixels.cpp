#include "render/panorama_pixels.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "core/error.hpp"
#include "render/model_detail.hpp"
#include "render/panorama.hpp"

namespace vrex::render {
namespace {

constexpr VkFormat k_format = VK_FORMAT_R8G8B8A8_SRGB;

// Sampling a linear image is only cheap where the "GPU" is the CPU (lavapipe keeps every image linear anyway).
// VREX_PANORAMA_STAGING=1 takes the staging path there too, so that tests cover it.
bool can_zero_copy(gpu::Context& ctx) {
    if (const char* e = std::getenv("VREX_PANORAMA_STAGING"); e && std::string(e) == "1") return false;
    if (ctx.properties().deviceType != VK_PHYSICAL_DEVICE_TYPE_CPU) return false;
    VkImageFormatProperties props;
    const VkResult r =
        vkGetPhysicalDeviceImageFormatProperties(ctx.physical_device(), k_format, VK_IMAGE_TYPE_2D,
                                                 VK_IMAGE_TILING_LINEAR, VK_IMAGE_USAGE_SAMPLED_BIT, 0, &props);
    return r == VK_SUCCESS && props.maxMipLevels >= 15 &&
           props.maxExtent.width >= ctx.properties().limits.maxImageDimension2D;
}

// Fresh memory is mapped in ahead of the decode (core::Prefault) unless VREX_PREFAULT=0 (measurements).
bool prefault_fresh_memory() {
    static const bool on = [] {
        const char* e = std::getenv("VREX_PREFAULT");
        return !(e && std::string(e) == "0");
    }();
    return on;
}

} // namespace

PanoramaPixels::~PanoramaPixels() {
    m_prefault.reset();
    release_staging();
}

PanoramaPixels& PanoramaPixels::operator=(PanoramaPixels&& other) noexcept {
    if (this != &other) {
        m_prefault.reset();
        release_staging();
        m_levels = std::move(other.m_levels);
        m_offsets = std::move(other.m_offsets);
        m_image = std::move(other.m_image);
        m_fresh = other.m_fresh;
        m_mips_pending = other.m_mips_pending;
        m_staging = std::move(other.m_staging);
        m_store = std::move(other.m_store);
        m_prefault = std::move(other.m_prefault);
    }
    return *this;
}

void PanoramaPixels::release_staging() {
    if (m_staging.get() == VK_NULL_HANDLE) return;
    if (auto store = m_store.lock()) store->give_back(std::move(m_staging));
    m_staging = {};
}

size_t PanoramaPixels::byte_size() const {
    if (m_staging.get() != VK_NULL_HANDLE) return m_staging.size();
    return m_image.memory_size();
}

void build_mip_levels(const std::vector<media::PixelRows>& levels) {
    for (uint32_t i = 1; i < levels.size(); ++i) {
        const media::PixelRows& src = levels[i - 1];
        const media::PixelRows& dst = levels[i];
        if (dst.height < 64) {
            media::downscale_half_rows(src, dst, 0, dst.height);
            continue;
        }
        const uint32_t half = dst.height / 2;
        std::thread other([&] { media::downscale_half_rows(src, dst, half, dst.height); });
        media::downscale_half_rows(src, dst, 0, half);
        other.join();
    }
}

void PanoramaPixels::build_mips() {
    build_mip_levels(m_levels);
    m_mips_pending = false;
    m_prefault.reset(); // every texel is written: what it has not reached is in place now
}

PanoramaStore::PanoramaStore(gpu::Context& ctx)
    : m_ctx(ctx), m_max_side(ctx.properties().limits.maxImageDimension2D), m_zero_copy(can_zero_copy(ctx)) {}

PanoramaPixels PanoramaStore::allocate(uint32_t width, uint32_t height) {
    if (width == 0 || height == 0 || width > m_max_side || height > m_max_side)
        throw core::Error("a panorama of " + std::to_string(width) + "x" + std::to_string(height) +
                          " px is beyond the GPU's " + std::to_string(m_max_side) + " px limit");
    PanoramaPixels px;
    px.m_store = weak_from_this();
    const uint32_t levels = mip_count(width, height);
    if (m_zero_copy)
        attach_image(px, width, height, levels);
    else
        attach_staging(px, width, height, levels);
    return px;
}

// The sampled image itself: one the store kept of this size, else a new one.
void PanoramaStore::attach_image(PanoramaPixels& px, uint32_t width, uint32_t height, uint32_t levels) {
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_free_images.begin(); it != m_free_images.end(); ++it)
            if (it->desc().extent.width == width && it->desc().extent.height == height &&
                it->desc().mip_levels == levels) {
                px.m_image = std::move(*it);
                px.m_fresh = false;
                m_free_images.erase(it);
                break;
            }
    }
    if (px.m_image.get() == VK_NULL_HANDLE) {
        gpu::ImageDesc desc;
        desc.format = k_format;
        desc.extent = {width, height};
        desc.mip_levels = levels;
        desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT;
        desc.host_written = true;
        desc.name = "panorama (equirect)";
        px.m_image = gpu::Image(m_ctx, desc);
        // Fresh memory: mapped in on another core while the decode writes it from the top (DESIGN.md §8).
        if (prefault_fresh_memory())
            px.m_prefault = std::make_unique<core::Prefault>(px.m_image.mapped(), size_t(px.m_image.memory_size()));
    }
    for (uint32_t i = 0; i < levels; ++i) {
        const VkSubresourceLayout l = px.m_image.level_layout(m_ctx.device(), i);
        px.m_levels.push_back(
            {px.m_image.mapped() + l.offset, size_t(l.rowPitch), std::max(1u, width >> i), std::max(1u, height >> i)});
    }
}

// A staging buffer: the levels one after the other, tightly packed rows, each level 16-byte aligned; the smallest
// free one that fits, else a new one.
void PanoramaStore::attach_staging(PanoramaPixels& px, uint32_t width, uint32_t height, uint32_t levels) {
    VkDeviceSize size = 0;
    for (uint32_t i = 0; i < levels; ++i) {
        px.m_offsets.push_back(size);
        size += (VkDeviceSize(std::max(1u, width >> i)) * std::max(1u, height >> i) * 4 + 15) & ~VkDeviceSize(15);
    }
    {
        std::lock_guard lock(m_mutex);
        auto best = m_free.end();
        for (auto it = m_free.begin(); it != m_free.end(); ++it)
            if (it->size() >= size && (best == m_free.end() || it->size() < best->size())) best = it;
        if (best != m_free.end()) {
            px.m_staging = std::move(*best);
            m_free.erase(best);
        }
    }
    if (px.m_staging.get() == VK_NULL_HANDLE) {
        px.m_staging = gpu::make_staging_buffer(m_ctx, size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "panorama staging");
        if (prefault_fresh_memory())
            px.m_prefault = std::make_unique<core::Prefault>(px.m_staging.mapped(), size_t(px.m_staging.size()));
    }
    auto* base = static_cast<uint8_t*>(px.m_staging.mapped());
    for (uint32_t i = 0; i < levels; ++i) {
        const uint32_t w = std::max(1u, width >> i), h = std::max(1u, height >> i);
        px.m_levels.push_back({base + px.m_offsets[i], size_t(w) * 4, w, h});
    }
}

PanoramaPixels PanoramaStore::from_image(const media::Image& image, bool defer_mips) {
    media::Image reduced;
    const media::Image* source = &image;
    while (source->width > m_max_side || source->height > m_max_side) {
        spdlog::warn("panorama {}x{} exceeds the GPU's {} px limit; halving it", source->width, source->height,
                     m_max_side);
        reduced = media::downscale_half(*source);
        source = &reduced;
    }
    PanoramaPixels px = allocate(source->width, source->height);
    const media::PixelRows& top = px.level(0);
    for (uint32_t y = 0; y < source->height; ++y)
        std::memcpy(top.row(y), &source->rgba[size_t(y) * source->width * 4], size_t(source->width) * 4);
    finish_mips(px, defer_mips);
    return px;
}

void PanoramaStore::finish_mips(PanoramaPixels& px, bool defer) const {
    if (defer && can_defer_mips())
        px.defer_mips();
    else
        px.build_mips();
}

void PanoramaStore::give_back(gpu::Buffer&& buffer) {
    std::lock_guard lock(m_mutex);
    m_free.push_back(std::move(buffer));
    std::sort(m_free.begin(), m_free.end(),
              [](const gpu::Buffer& a, const gpu::Buffer& b) { return a.size() > b.size(); });
    if (m_free.size() > k_keep) m_free.resize(k_keep);
}

void PanoramaStore::give_back(gpu::Image&& image) {
    std::lock_guard lock(m_mutex);
    m_free_images.push_back(std::move(image));
    // The largest are kept: a preview's small image (cheap to make) must not push out a full panorama's.
    std::stable_sort(m_free_images.begin(), m_free_images.end(),
                     [](const gpu::Image& a, const gpu::Image& b) { return a.memory_size() > b.memory_size(); });
    if (m_free_images.size() > k_keep_images) m_free_images.resize(k_keep_images);
}

size_t PanoramaStore::reusable_bytes() const {
    std::lock_guard lock(m_mutex);
    size_t n = 0;
    for (const gpu::Buffer& b : m_free) n += b.size();
    for (const gpu::Image& i : m_free_images) n += i.memory_size();
    return n;
}

Panorama::PooledImage& Panorama::PooledImage::operator=(PooledImage&& o) noexcept {
    if (this != &o) {
        give_back();
        image = std::move(o.image);
        store = std::move(o.store);
    }
    return *this;
}

Panorama::PooledImage::~PooledImage() {
    give_back();
}

void Panorama::PooledImage::give_back() {
    if (mips.valid()) mips.wait(); // its memory is being written
    mips = {};
    if (image.get() == VK_NULL_HANDLE) return;
    if (auto s = store.lock()) s->give_back(std::move(image));
    image = {};
}

} // namespace vrex::render
