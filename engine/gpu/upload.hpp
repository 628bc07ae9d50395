#pragma once
// Uploads of CPU pixels into sampled images, and descriptor sets for one sampled image.
#include <cstdint>
#include <span>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"
#include "gpu/resources.hpp"

namespace vrex::gpu {

// A 2D image with `rgba` (4 bytes a texel, rows top to bottom) in it, left in SHADER_READ_ONLY_OPTIMAL and
// visible to `consumer` (e.g. VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT). Waits for the copy.
// With `layers` > 1, `rgba` holds the layers one after the other (a 2D array image).
Image upload_rgba8(Context& ctx, uint32_t width, uint32_t height, std::span<const uint8_t> rgba, VkFormat format,
                   VkPipelineStageFlags2 consumer, const char* name, uint32_t layers = 1);

// A descriptor set (binding 0: combined image sampler) with its own little pool.
struct ImageSet {
    DescriptorPool pool;
    VkDescriptorSet set = VK_NULL_HANDLE;
};
ImageSet make_image_set(Context& ctx, VkDescriptorSetLayout layout, VkSampler sampler, VkImageView view,
                        VkImageLayout image_layout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);

} // namespace vrex::gpu
