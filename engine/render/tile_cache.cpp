#include "render/tile_cache.hpp"

#include <algorithm>
#include <cstring>

#include "core/error.hpp"

namespace vrex::render {
namespace {
// One layer of the cache from `from` to `to`; the stages and accesses of a transfer write and fragment reads.
void layer_barrier(VkCommandBuffer cmd, VkImage image, uint32_t layer, uint32_t layers, VkImageLayout from,
                   VkImageLayout to) {
    const bool to_transfer = to == VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
    VkImageMemoryBarrier2 b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
    // Before a copy: after the fragment reads of earlier frames (an evicted slot). After: before later frames' reads.
    b.srcStageMask = to_transfer ? VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT : VK_PIPELINE_STAGE_2_COPY_BIT;
    b.srcAccessMask = to_transfer ? VK_ACCESS_2_NONE : VK_ACCESS_2_TRANSFER_WRITE_BIT;
    b.dstStageMask = to_transfer ? VK_PIPELINE_STAGE_2_COPY_BIT : VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
    b.dstAccessMask = to_transfer ? VK_ACCESS_2_TRANSFER_WRITE_BIT : VK_ACCESS_2_SHADER_SAMPLED_READ_BIT;
    b.oldLayout = from;
    b.newLayout = to;
    b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = image;
    b.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, layer, layers};
    VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dep.imageMemoryBarrierCount = 1;
    dep.pImageMemoryBarriers = &b;
    vkCmdPipelineBarrier2(cmd, &dep);
}
} // namespace

TileCache::TileCache(gpu::Context& ctx, uint32_t tile_size, VkDeviceSize budget, uint32_t min_slots,
                     VkDescriptorSetLayout layout, VkSampler sampler)
    : m_ctx(ctx), m_tile_size(tile_size) {
    const VkDeviceSize tile_bytes = VkDeviceSize(tile_size) * tile_size * 4;
    const uint32_t max_layers = ctx.properties().limits.maxImageArrayLayers;
    const uint32_t slots =
        uint32_t(std::min<VkDeviceSize>(std::max<VkDeviceSize>(budget / tile_bytes, min_slots), max_layers));
    gpu::ImageDesc desc;
    desc.format = VK_FORMAT_R8G8B8A8_SRGB;
    desc.extent = {tile_size, tile_size};
    desc.layers = slots;
    desc.usage = VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    desc.name = "tile cache";
    m_image = gpu::Image(ctx, desc);
    m_view = gpu::make_image_view(ctx, m_image, VK_IMAGE_VIEW_TYPE_2D_ARRAY, VK_FORMAT_R8G8B8A8_SRGB, 0, 1);
    m_set = gpu::make_image_set(ctx, layout, sampler, m_view.get());
    m_slots.resize(slots);
    // Every layer is sampled through the one array view, so every layer is in the layout the descriptor says.
    m_init = gpu::Submission(ctx, [&](VkCommandBuffer cmd) {
        layer_barrier(cmd, m_image.get(), 0, slots, VK_IMAGE_LAYOUT_UNDEFINED,
                      VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    });
}

// Frames in flight may still sample the slots (a scene's tiles dropped from a cache): rare, so wait for the GPU.
TileCache::~TileCache() {
    if (m_image.get() != VK_NULL_HANDLE) vkDeviceWaitIdle(m_ctx.device());
}

std::optional<TileSlot> TileCache::find(const media::TileKey& key) const {
    auto it = m_index.find(key);
    if (it == m_index.end()) return std::nullopt;
    const Slot& s = m_slots[it->second];
    return TileSlot{it->second, s.width, s.height};
}

void TileCache::touch(const media::TileKey& key, uint64_t frame) {
    auto it = m_index.find(key);
    if (it != m_index.end()) m_slots[it->second].last_used = frame;
}

bool TileCache::has_room(uint64_t frame) const {
    return std::any_of(m_slots.begin(), m_slots.end(),
                       [&](const Slot& s) { return !s.used || (!s.pinned && s.last_used < frame); });
}

std::optional<uint32_t> TileCache::take_slot(uint64_t frame) {
    std::optional<uint32_t> best;
    for (uint32_t i = 0; i < m_slots.size(); ++i) {
        const Slot& s = m_slots[i];
        if (!s.used) return i;
        if (s.pinned || s.last_used >= frame) continue;
        if (!best || s.last_used < m_slots[*best].last_used) best = i;
    }
    if (best) {
        m_index.erase(m_slots[*best].key);
        m_slots[*best].used = false;
        ++m_evictions;
    }
    return best;
}

TileCache::Staging& TileCache::staging_for(VkDeviceSize bytes) {
    for (auto& s : m_staging)
        if (s->buffer.size() >= bytes && s->submission.done()) {
            s->submission = gpu::Submission();
            return *s;
        }
    auto s = std::make_unique<Staging>();
    const VkDeviceSize size = std::max<VkDeviceSize>(bytes, VkDeviceSize(m_tile_size) * m_tile_size * 4 * 4);
    s->buffer = gpu::make_staging_buffer(m_ctx, size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "tile staging");
    m_staging.push_back(std::move(s));
    return *m_staging.back();
}

size_t TileCache::upload(const std::vector<std::pair<media::TileKey, const media::Image*>>& tiles, uint64_t frame) {
    struct Placed {
        uint32_t layer;
        const media::Image* image;
        VkDeviceSize offset;
    };
    std::vector<Placed> placed;
    VkDeviceSize bytes = 0;
    for (const auto& [key, image] : tiles) {
        if (image->width > m_tile_size || image->height > m_tile_size)
            throw core::Error("tile cache: a tile larger than the pyramid's tile size");
        const std::optional<uint32_t> slot = take_slot(frame);
        if (!slot) break;
        m_slots[*slot] = Slot{key, true, m_pinned.count(key) > 0, frame, image->width, image->height};
        m_index[key] = *slot;
        placed.push_back({*slot, image, bytes});
        bytes += image->rgba.size();
    }
    if (placed.empty()) return 0;
    Staging& staging = staging_for(bytes);
    auto* dst = static_cast<uint8_t*>(staging.buffer.mapped());
    for (const Placed& p : placed) std::memcpy(dst + p.offset, p.image->rgba.data(), p.image->rgba.size());
    staging.submission = gpu::Submission(m_ctx, [&](VkCommandBuffer cmd) {
        for (const Placed& p : placed) {
            layer_barrier(cmd, m_image.get(), p.layer, 1, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                          VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL);
            VkBufferImageCopy copy{};
            copy.bufferOffset = p.offset;
            copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, p.layer, 1};
            copy.imageExtent = {p.image->width, p.image->height, 1};
            vkCmdCopyBufferToImage(cmd, staging.buffer.get(), m_image.get(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1,
                                   &copy);
            layer_barrier(cmd, m_image.get(), p.layer, 1, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                          VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
        }
    });
    return placed.size();
}

void TileCache::collect() {
    // Keep at most two idle staging buffers; the rest go.
    size_t idle = 0;
    std::erase_if(m_staging, [&](const std::unique_ptr<Staging>& s) { return s->submission.done() && ++idle > 2; });
}

} // namespace vrex::render
