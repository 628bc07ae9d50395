// Renderer::warm_up: lavapipe (llvmpipe) compiles a fragment shader's code for the texture and sampler it samples at
// the first draw that uses them, not at pipeline creation: the first panorama frame of a process took 60-80 ms more
// than the next (vrex bench load, cold). A frame without a panorama, the one before a panorama's first, therefore
// draws a tiny panorama into a 1x1 image of the target's format, outside the frame's own pass.
#include <glm/gtc/matrix_transform.hpp>

#include "gpu/barriers.hpp"
#include "math/camera.hpp"
#include "render/renderer.hpp"

namespace vrex::render {

void Renderer::warm_up(VkCommandBuffer cmd, const gpu::RenderTarget& target) {
    if (m_ctx.properties().deviceType != VK_PHYSICAL_DEVICE_TYPE_CPU || m_lod_per_pixel) return;
    if (!m_warmed_formats.insert(target.format).second) return;
    if (!m_warmup_panorama) {
        // Power-of-two sides, several levels, sRGB: what the shader variant depends on, as for a real panorama.
        media::Image tiny{8, 4, std::vector<uint8_t>(8 * 4 * 4, 128)};
        m_warmup_panorama = load_panorama(tiny);
    }
    WarmupTarget& w = m_warmup_targets.emplace_back();
    gpu::ImageDesc desc;
    desc.format = target.format;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
    desc.name = "shader warm-up target";
    w.image = gpu::Image(m_ctx, desc);
    w.view = gpu::make_image_view(m_ctx, w.image, VK_IMAGE_VIEW_TYPE_2D, target.format, 0, 1);
    gpu::image_barrier(cmd,
                       {w.image.get(), VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                        VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                        VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, 0, 1});
    gpu::View view;
    view.projection = math::projection_from_fov(math::fov_from_hfov(100, 1.0));
    view.target.image = w.image.get();
    view.target.view = w.view.get();
    view.target.format = target.format;
    view.target.extent = {1, 1};
    view.target.depth_format = VK_FORMAT_UNDEFINED;
    begin_rendering(cmd, RenderScene{}, view.target);
    const VkViewport viewport{0, 0, 1, 1, 0, 1};
    const VkRect2D scissor{{0, 0}, {1, 1}};
    vkCmdSetViewport(cmd, 0, 1, &viewport);
    vkCmdSetScissor(cmd, 0, 1, &scissor);
    draw_panorama(cmd, *m_warmup_panorama, view, view.target);
    vkCmdEndRendering(cmd);
}

} // namespace vrex::render
