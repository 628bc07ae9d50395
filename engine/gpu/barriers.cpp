#include "gpu/barriers.hpp"

namespace vrex::gpu {

void image_barrier(VkCommandBuffer cmd, const ImageBarrier& b) {
    VkImageMemoryBarrier2 barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
    barrier.srcStageMask = b.src_stage;
    barrier.srcAccessMask = b.src_access;
    barrier.dstStageMask = b.dst_stage;
    barrier.dstAccessMask = b.dst_access;
    barrier.oldLayout = b.old_layout;
    barrier.newLayout = b.new_layout;
    barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.image = b.image;
    barrier.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, b.base_mip, b.mip_count, 0, VK_REMAINING_ARRAY_LAYERS};
    VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dep.imageMemoryBarrierCount = 1;
    dep.pImageMemoryBarriers = &barrier;
    vkCmdPipelineBarrier2(cmd, &dep);
}

} // namespace vrex::gpu
