#include "render/flat_pass.hpp"

#include <algorithm>
#include <cstring>
#include <glm/mat4x4.hpp>
#include <vector>

#include "gpu/barriers.hpp"
#include "gpu/pipeline.hpp"

namespace vrex::render {
namespace {

struct Level {
    uint32_t width = 0, height = 0;
    std::vector<uint8_t> rgba;
};

uint32_t mip_count(uint32_t size) {
    uint32_t n = 1;
    while (size > 1) size /= 2, ++n;
    return n;
}

// A noisy colour field (as hard on the texture cache as a photo), then each level a 2x2 box of the one above.
std::vector<Level> make_levels(VkExtent2D size) {
    std::vector<Level> levels(mip_count(std::max(size.width, size.height)));
    levels[0] = {size.width, size.height, std::vector<uint8_t>(size_t(size.width) * size.height * 4)};
    uint32_t seed = 12345;
    for (size_t i = 0; i < levels[0].rgba.size(); ++i) {
        seed = seed * 1664525u + 1013904223u;
        levels[0].rgba[i] = (i % 4 == 3) ? 255 : uint8_t(seed >> 24);
    }
    for (size_t l = 1; l < levels.size(); ++l) {
        const Level& up = levels[l - 1];
        Level& lv = levels[l];
        lv.width = std::max(1u, up.width / 2);
        lv.height = std::max(1u, up.height / 2);
        lv.rgba.resize(size_t(lv.width) * lv.height * 4);
        for (uint32_t y = 0; y < lv.height; ++y)
            for (uint32_t x = 0; x < lv.width; ++x)
                for (uint32_t c = 0; c < 4; ++c) {
                    const uint32_t x0 = std::min(2 * x, up.width - 1), x1 = std::min(2 * x + 1, up.width - 1);
                    const uint32_t y0 = std::min(2 * y, up.height - 1), y1 = std::min(2 * y + 1, up.height - 1);
                    auto at = [&](uint32_t px, uint32_t py) { return up.rgba[(size_t(py) * up.width + px) * 4 + c]; };
                    lv.rgba[(size_t(y) * lv.width + x) * 4 + c] =
                        uint8_t((at(x0, y0) + at(x1, y0) + at(x0, y1) + at(x1, y1) + 2) / 4);
                }
    }
    return levels;
}

gpu::Image upload_levels(gpu::Context& ctx, const std::vector<Level>& levels) {
    size_t total = 0;
    for (const Level& l : levels) total += l.rgba.size();
    gpu::Buffer staging = gpu::make_staging_buffer(ctx, total, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "flat pass staging");
    std::vector<VkBufferImageCopy> regions;
    size_t offset = 0;
    for (uint32_t i = 0; i < levels.size(); ++i) {
        std::memcpy(static_cast<uint8_t*>(staging.mapped()) + offset, levels[i].rgba.data(), levels[i].rgba.size());
        VkBufferImageCopy region{};
        region.bufferOffset = offset;
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, i, 0, 1};
        region.imageExtent = {levels[i].width, levels[i].height, 1};
        regions.push_back(region);
        offset += levels[i].rgba.size();
    }
    gpu::ImageDesc desc;
    desc.format = VK_FORMAT_R8G8B8A8_SRGB;
    desc.extent = {levels[0].width, levels[0].height};
    desc.mip_levels = uint32_t(levels.size());
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    desc.name = "flat pass texture";
    gpu::Image image(ctx, desc);
    ctx.submit_and_wait([&](VkCommandBuffer cmd) {
        gpu::image_barrier(cmd, {image.get(), VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                 VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COPY_BIT,
                                 VK_ACCESS_2_TRANSFER_WRITE_BIT});
        vkCmdCopyBufferToImage(cmd, staging.get(), image.get(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                               uint32_t(regions.size()), regions.data());
        gpu::image_barrier(cmd,
                           {image.get(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                            VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                            VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    });
    return image;
}

} // namespace

FlatPass::FlatPass(gpu::Context& ctx, VkExtent2D texture_size, VkFormat color_format) {
    const std::vector<Level> levels = make_levels(texture_size);
    m_image = upload_levels(ctx, levels);
    m_view =
        gpu::make_image_view(ctx, m_image, VK_IMAGE_VIEW_TYPE_2D, VK_FORMAT_R8G8B8A8_SRGB, 0, uint32_t(levels.size()));
    m_sampler = gpu::make_sampler(ctx, VK_FILTER_LINEAR, VK_SAMPLER_MIPMAP_MODE_LINEAR, VK_SAMPLER_ADDRESS_MODE_REPEAT,
                                  VK_SAMPLER_ADDRESS_MODE_REPEAT);
    const VkDescriptorSetLayoutBinding binding{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1,
                                               VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
    m_set_layout = gpu::make_set_layout(ctx, {&binding, 1});
    const VkDescriptorSetLayout set_layout = m_set_layout.get();
    m_layout = gpu::make_pipeline_layout(ctx, {&set_layout, 1}, sizeof(glm::mat4), VK_SHADER_STAGE_VERTEX_BIT);
    m_set = gpu::make_image_set(ctx, set_layout, m_sampler.get(), m_view.get());
    gpu::GraphicsPipelineDesc desc;
    desc.vertex_shader = "fullscreen.vert";
    desc.fragment_shader = "flat.frag";
    desc.color_format = color_format;
    desc.name = "flat pass";
    m_pipeline = gpu::make_graphics_pipeline(ctx, m_layout.get(), desc);
}

void FlatPass::draw(VkCommandBuffer cmd, const gpu::RenderTarget& target, glm::vec2 uv_offset) const {
    VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    color.imageView = target.view;
    color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    color.loadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE; // the triangle covers every pixel
    color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    VkRenderingInfo info{VK_STRUCTURE_TYPE_RENDERING_INFO};
    info.renderArea = {{0, 0}, target.extent};
    info.layerCount = 1;
    info.colorAttachmentCount = 1;
    info.pColorAttachments = &color;
    vkCmdBeginRendering(cmd, &info);
    const VkViewport viewport{0, 0, float(target.extent.width), float(target.extent.height), 0, 1};
    const VkRect2D scissor{{0, 0}, target.extent};
    vkCmdSetViewport(cmd, 0, 1, &viewport);
    vkCmdSetScissor(cmd, 0, 1, &scissor);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_pipeline.get());
    const VkDescriptorSet set = m_set.set;
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout.get(), 0, 1, &set, 0, nullptr);
    // fullscreen.vert hands on m * (ndc.x, ndc.y, 1, 0): columns x, y and z of m give uv = ndc * 0.5 + 0.5 + offset.
    glm::mat4 m(0.0f);
    m[0][0] = 0.5f;
    m[1][1] = 0.5f;
    m[2] = glm::vec4(0.5f + uv_offset.x, 0.5f + uv_offset.y, 1.0f, 0.0f);
    vkCmdPushConstants(cmd, m_layout.get(), VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(m), &m);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    vkCmdEndRendering(cmd);
}

} // namespace vrex::render
