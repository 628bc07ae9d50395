#pragma once
// Shared by the panorama loader's files and the model texture uploads (their mip steps run the same way).
#include <cstdint>

#include "gpu/context.hpp"

namespace vrex::render {

constexpr uint32_t k_group = 8; // local size of the conversion compute shaders

// Workgroups to cover n texels.
uint32_t groups(uint32_t n);

// One-shot descriptor set of the compute passes (cube conversion, mip steps of panoramas and model textures):
// binding 0 the sampled source, binding 1 the storage target.
VkDescriptorSet write_compute_set(gpu::Context& ctx, VkDescriptorPool pool, VkDescriptorSetLayout layout,
                                  VkSampler sampler, VkImageView src, VkImageView dst,
                                  VkImageLayout src_layout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);

} // namespace vrex::render
