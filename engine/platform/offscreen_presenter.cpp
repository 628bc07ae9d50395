#include "platform/offscreen_presenter.hpp"

#include <cstring>

#include "core/vk_check.hpp"
#include "gpu/barriers.hpp"

namespace vrex::platform {
namespace {
constexpr VkFormat k_format = VK_FORMAT_R8G8B8A8_SRGB; // written back to PNG as sRGB bytes
}

OffscreenPresenter::OffscreenPresenter(gpu::Context& ctx, VkExtent2D extent, uint32_t view_count)
    : m_ctx(ctx), m_extent(extent) {
    const uint32_t max = ctx.properties().limits.maxImageDimension2D;
    if (extent.width == 0 || extent.height == 0 || extent.width > max || extent.height > max)
        throw core::Error("image size " + std::to_string(extent.width) + "x" + std::to_string(extent.height) +
                          " is outside what the GPU can render (1.." + std::to_string(max) + ")");
    for (uint32_t i = 0; i < view_count; ++i) {
        gpu::ImageDesc desc;
        desc.format = k_format;
        desc.extent = extent;
        desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
        desc.name = i == 0 ? "offscreen target 0" : "offscreen target 1";
        m_images.emplace_back(ctx, desc);
        m_views.push_back(gpu::make_image_view(ctx, m_images.back(), VK_IMAGE_VIEW_TYPE_2D, k_format, 0, 1));
        m_depth.push_back(gpu::make_depth_buffer(ctx, extent, i == 0 ? "offscreen depth 0" : "offscreen depth 1"));
        gpu::RenderTarget target{m_images.back().get(), m_views.back().get(), k_format, extent};
        target.depth_image = m_depth.back().image.get();
        target.depth_view = m_depth.back().view.get();
        m_frame.views.push_back({glm::mat4(1.0f), glm::mat4(1.0f), target});
    }
    m_slot = gpu::make_frame_slot(ctx, true);
}

gpu::Frame* OffscreenPresenter::begin_frame(double time) {
    if (m_in_frame) throw core::Error("OffscreenPresenter::begin_frame called twice without end_frame");
    m_in_frame = true;
    gpu::begin_slot(m_ctx, m_slot, 0);
    for (const gpu::Image& image : m_images)
        gpu::image_barrier(m_slot.cmd,
                           {image.get(), VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                            VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_NONE,
                            VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
    for (const gpu::DepthBuffer& depth : m_depth) gpu::depth_barrier(m_slot.cmd, depth.image.get());
    m_frame.cmd = m_slot.cmd;
    m_frame.time = time;
    return &m_frame;
}

void OffscreenPresenter::end_frame(gpu::Frame& frame) {
    if (!m_in_frame) throw core::Error("OffscreenPresenter::end_frame without begin_frame");
    m_in_frame = false;
    for (const gpu::Image& image : m_images)
        gpu::image_barrier(frame.cmd,
                           {image.get(), VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                            VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                            VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_READ_BIT});
    gpu::submit_slot(m_ctx, m_slot, 0);
    ++m_submitted;
    const VkFence fence = m_slot.fence.get();
    VK_CHECK(vkWaitForFences(m_ctx.device(), 1, &fence, VK_TRUE, UINT64_MAX));
    m_completed = m_submitted;
    m_deferred.collect(m_completed);
}

Pixels OffscreenPresenter::read_pixels(uint32_t index) {
    const VkDeviceSize size = VkDeviceSize(m_extent.width) * m_extent.height * 4;
    gpu::Buffer readback = gpu::make_staging_buffer(m_ctx, size, VK_BUFFER_USAGE_TRANSFER_DST_BIT, "readback");
    m_ctx.submit_and_wait([&](VkCommandBuffer cmd) {
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        region.imageExtent = {m_extent.width, m_extent.height, 1};
        vkCmdCopyImageToBuffer(cmd, m_images.at(index).get(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback.get(), 1,
                               &region);
        VkMemoryBarrier2 to_host{VK_STRUCTURE_TYPE_MEMORY_BARRIER_2};
        to_host.srcStageMask = VK_PIPELINE_STAGE_2_COPY_BIT;
        to_host.srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT;
        to_host.dstStageMask = VK_PIPELINE_STAGE_2_HOST_BIT;
        to_host.dstAccessMask = VK_ACCESS_2_HOST_READ_BIT;
        VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
        dep.memoryBarrierCount = 1;
        dep.pMemoryBarriers = &to_host;
        vkCmdPipelineBarrier2(cmd, &dep);
    });
    Pixels pixels{m_extent.width, m_extent.height, std::vector<uint8_t>(size)};
    std::memcpy(pixels.rgba.data(), readback.mapped(), size);
    return pixels;
}

} // namespace vrex::platform
