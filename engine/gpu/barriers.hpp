#pragma once
// Image layout transitions (synchronization2), spelled out at the call site.
#include <vulkan/vulkan.h>

namespace vrex::gpu {

struct ImageBarrier {
    VkImage image = VK_NULL_HANDLE;
    VkImageLayout old_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    VkImageLayout new_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    VkPipelineStageFlags2 src_stage = VK_PIPELINE_STAGE_2_NONE;
    VkAccessFlags2 src_access = VK_ACCESS_2_NONE;
    VkPipelineStageFlags2 dst_stage = VK_PIPELINE_STAGE_2_NONE;
    VkAccessFlags2 dst_access = VK_ACCESS_2_NONE;
    uint32_t base_mip = 0;
    uint32_t mip_count = VK_REMAINING_MIP_LEVELS;
};

void image_barrier(VkCommandBuffer cmd, const ImageBarrier& b);

} // namespace vrex::gpu
