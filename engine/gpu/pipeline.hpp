#pragma once
// Pipelines from the SPIR-V embedded at build time (shaders/*.{vert,frag,comp}).
#include <span>
#include <string_view>
#include <vector>
#include <vulkan/vulkan.h>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"

namespace vrex::gpu {

// Throws core::Error when the binary has no shader of that name (a build problem, not bad input).
ShaderModule load_shader(Context& ctx, std::string_view name);

DescriptorSetLayout make_set_layout(Context& ctx, std::span<const VkDescriptorSetLayoutBinding> bindings);
PipelineLayout make_pipeline_layout(Context& ctx, std::span<const VkDescriptorSetLayout> sets, uint32_t push_size,
                                    VkShaderStageFlags push_stages);
Pipeline make_compute_pipeline(Context& ctx, VkPipelineLayout layout, std::string_view shader);

struct GraphicsPipelineDesc {
    std::string_view vertex_shader;
    std::string_view fragment_shader;
    VkFormat color_format = VK_FORMAT_R8G8B8A8_SRGB;
    bool alpha_blend = false;
    VkPrimitiveTopology topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;
    VkFormat depth_format = VK_FORMAT_UNDEFINED; // the render pass's depth attachment; UNDEFINED: none
    bool depth_test = false;                     // reversed-Z: keeps fragments GREATER_OR_EQUAL to what is there
    bool depth_write = false;
    VkCullModeFlags cull_mode = VK_CULL_MODE_NONE; // front faces are counter-clockwise on screen (glTF's)
    std::span<const VkVertexInputBindingDescription> vertex_bindings; // empty: no vertex input
    std::span<const VkVertexInputAttributeDescription> vertex_attributes;
    const char* name = nullptr; // for validation messages; nullptr: the fragment shader's name
};
// A pipeline for dynamic rendering into one colour attachment (and optionally a depth attachment), dynamic viewport
// and scissor.
Pipeline make_graphics_pipeline(Context& ctx, VkPipelineLayout layout, const GraphicsPipelineDesc& desc);

// `anisotropy` > 1 asks for that much anisotropic filtering (at most the device's; none where it has none).
Sampler make_sampler(Context& ctx, VkFilter filter, VkSamplerMipmapMode mip, VkSamplerAddressMode address_u,
                     VkSamplerAddressMode address_v, float anisotropy = 0);

} // namespace vrex::gpu
