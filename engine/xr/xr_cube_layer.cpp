// XrPresenter's cube layer: the panorama handed to the compositor as a static cube swapchain.
#include <spdlog/spdlog.h>

#include "core/vk_check.hpp"
#include "core/xr_check.hpp"
#include "gpu/barriers.hpp"
#include "xr/xr_presenter.hpp"

namespace vrex::xr {

void XrPresenter::set_background_cube(VkImage cube, uint32_t face_size) {
    if (!m_cube_enabled) return;
    clear_background();
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    info.createFlags = XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT; // written once, then only sampled by the compositor
    info.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT;
    info.format = m_format;
    info.sampleCount = 1;
    info.width = face_size;
    info.height = face_size;
    info.faceCount = 6;
    info.arraySize = 1;
    info.mipCount = 1;
    XR_CHECK(xrCreateSwapchain(m_session, &info, &m_cube_swapchain));
    copy_into_static_cube(m_cube_swapchain, cube, face_size);
}

void XrPresenter::clear_background() {
    if (m_cube_swapchain == XR_NULL_HANDLE) return;
    xrDestroySwapchain(m_cube_swapchain); // the runtime keeps what a submitted frame still needs
    m_cube_swapchain = XR_NULL_HANDLE;
}

void XrPresenter::copy_into_static_cube(XrSwapchain swapchain, VkImage cube, uint32_t face_size) {
    uint32_t count = 0;
    XR_CHECK(xrEnumerateSwapchainImages(swapchain, 0, &count, nullptr));
    std::vector<XrSwapchainImageVulkan2KHR> images(count, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
    XR_CHECK(xrEnumerateSwapchainImages(swapchain, count, &count,
                                        reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())));
    uint32_t index = 0;
    XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    XR_CHECK(xrAcquireSwapchainImage(swapchain, &acquire, &index));
    XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
    wait.timeout = XR_INFINITE_DURATION;
    XR_CHECK(xrWaitSwapchainImage(swapchain, &wait));
    const VkImage target = images[index].image;
    m_ctx.submit_and_wait([&](VkCommandBuffer cmd) {
        // The cube's own layout stays SHADER_READ_ONLY_OPTIMAL outside this copy; the swapchain image comes and
        // goes in COLOR_ATTACHMENT_OPTIMAL (XR_KHR_vulkan_enable2).
        gpu::image_barrier(cmd, {cube, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                 VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT,
                                 VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_READ_BIT, 0, 1});
        gpu::image_barrier(cmd, {target, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                 VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COPY_BIT,
                                 VK_ACCESS_2_TRANSFER_WRITE_BIT});
        VkImageCopy region{};
        region.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 6};
        region.dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 6};
        region.extent = {face_size, face_size, 1};
        vkCmdCopyImage(cmd, cube, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, target, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1,
                       &region);
        gpu::image_barrier(cmd, {target, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                 VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                 VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_MEMORY_READ_BIT});
        gpu::image_barrier(cmd, {cube, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                                 VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_READ_BIT,
                                 VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, 0, 1});
    });
    XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
    XR_CHECK(xrReleaseSwapchainImage(swapchain, &release));
    spdlog::info("OpenXR cube layer {}x{}", face_size, face_size);
}

} // namespace vrex::xr
