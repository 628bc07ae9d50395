#pragma once
// The machine's floor for a frame (`vrex bench`): one triangle over the whole target that samples a 2D RGBA8
// texture at interpolated UVs, trilinear, and nothing else. What a panorama pass of the same size costs beyond it is
// the panorama's own cost.
#include <glm/vec2.hpp>
#include <vulkan/vulkan.h>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"
#include "gpu/render_target.hpp"
#include "gpu/resources.hpp"
#include "gpu/upload.hpp"

namespace vrex::render {

class FlatPass {
public:
    // A noisy texture of `texture_size` with a full mip chain, and the pipeline for targets of `color_format`.
    // Throws core::Error only on GPU failure.
    FlatPass(gpu::Context& ctx, VkExtent2D texture_size, VkFormat color_format = VK_FORMAT_R8G8B8A8_SRGB);

    // Records the pass over all of `target` (in COLOR_ATTACHMENT_OPTIMAL, left so; its depth is not used). The
    // texture spans the target once, shifted by `uv_offset` (wrapping), so that frames can differ.
    void draw(VkCommandBuffer cmd, const gpu::RenderTarget& target, glm::vec2 uv_offset = {}) const;

private:
    gpu::Image m_image; // R8G8B8A8_SRGB, all mips, SHADER_READ_ONLY_OPTIMAL
    gpu::ImageView m_view;
    gpu::Sampler m_sampler; // linear, linear mips, repeat
    gpu::DescriptorSetLayout m_set_layout;
    gpu::PipelineLayout m_layout;
    gpu::ImageSet m_set;
    gpu::Pipeline m_pipeline;
};

} // namespace vrex::render
