#include "platform/window_presenter.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

#include "core/vk_check.hpp"
#include "gpu/barriers.hpp"

namespace vrex::platform {
namespace {

VkSurfaceFormatKHR choose_format(VkPhysicalDevice device, VkSurfaceKHR surface) {
    uint32_t count = 0;
    VK_CHECK(vkGetPhysicalDeviceSurfaceFormatsKHR(device, surface, &count, nullptr));
    std::vector<VkSurfaceFormatKHR> formats(count);
    VK_CHECK(vkGetPhysicalDeviceSurfaceFormatsKHR(device, surface, &count, formats.data()));
    // An sRGB format, so that the renderer's linear output is encoded by the hardware (DESIGN §2).
    for (const VkSurfaceFormatKHR& f : formats)
        if ((f.format == VK_FORMAT_B8G8R8A8_SRGB || f.format == VK_FORMAT_R8G8B8A8_SRGB) &&
            f.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR)
            return f;
    throw core::Error("the window offers no sRGB swapchain format");
}

gpu::Semaphore make_semaphore(gpu::Context& ctx) {
    VkSemaphoreCreateInfo info{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
    VkSemaphore s;
    VK_CHECK(vkCreateSemaphore(ctx.device(), &info, nullptr, &s));
    return gpu::Semaphore(ctx.device(), s);
}

} // namespace

WindowPresenter::WindowPresenter(gpu::Context& ctx, Window& window) : m_ctx(ctx), m_window(window) {
    m_surface = window.create_surface(ctx.instance());
    VkBool32 supported = VK_FALSE;
    VK_CHECK(vkGetPhysicalDeviceSurfaceSupportKHR(ctx.physical_device(), ctx.queue_family(), m_surface, &supported));
    if (!supported) throw core::Error("the Vulkan queue cannot present to this window");
    m_format = choose_format(ctx.physical_device(), m_surface).format;
    create_slots();
    m_frame.views.resize(1);
    recreate_swapchain();
}

WindowPresenter::~WindowPresenter() {
    vkDeviceWaitIdle(m_ctx.device());
    m_deferred.clear();
    destroy_swapchain();
    for (FrameSlot& slot : m_slots) slot = FrameSlot{};
    vkDestroySurfaceKHR(m_ctx.instance(), m_surface, nullptr);
}

void WindowPresenter::create_slots() {
    for (FrameSlot& slot : m_slots) {
        slot.frame = gpu::make_frame_slot(m_ctx, true);
        slot.acquired = make_semaphore(m_ctx);
    }
}

void WindowPresenter::destroy_swapchain() {
    m_views.clear();
    m_render_done.clear();
    m_images.clear();
    if (m_swapchain) vkDestroySwapchainKHR(m_ctx.device(), m_swapchain, nullptr);
    m_swapchain = VK_NULL_HANDLE;
}

// Returns false while the window has no pixels (minimised): no swapchain then.
bool WindowPresenter::recreate_swapchain() {
    uint32_t width = 0, height = 0;
    m_window.framebuffer_size(width, height);
    VkSurfaceCapabilitiesKHR caps;
    VK_CHECK(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(m_ctx.physical_device(), m_surface, &caps));
    if (caps.currentExtent.width != UINT32_MAX) {
        width = caps.currentExtent.width;
        height = caps.currentExtent.height;
    }
    width =
        std::clamp(width, caps.minImageExtent.width, std::max(caps.minImageExtent.width, caps.maxImageExtent.width));
    height = std::clamp(height, caps.minImageExtent.height,
                        std::max(caps.minImageExtent.height, caps.maxImageExtent.height));
    if (width == 0 || height == 0) return false;
    vkDeviceWaitIdle(m_ctx.device()); // old images may still be in use by frames in flight
    VkSwapchainKHR old = m_swapchain;
    VkSwapchainCreateInfoKHR info{VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR};
    info.surface = m_surface;
    info.minImageCount =
        caps.maxImageCount ? std::min(caps.minImageCount + 1, caps.maxImageCount) : caps.minImageCount + 1;
    info.imageFormat = m_format;
    info.imageColorSpace = VK_COLOR_SPACE_SRGB_NONLINEAR_KHR;
    info.imageExtent = {width, height};
    info.imageArrayLayers = 1;
    info.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
    info.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
    info.preTransform = caps.currentTransform;
    info.compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
    info.presentMode = VK_PRESENT_MODE_FIFO_KHR; // vsync; always available
    info.clipped = VK_TRUE;
    info.oldSwapchain = old;
    VkSwapchainKHR swapchain;
    VK_CHECK(vkCreateSwapchainKHR(m_ctx.device(), &info, nullptr, &swapchain));
    m_swapchain = VK_NULL_HANDLE; // destroy_swapchain below must not destroy the new one
    m_views.clear();
    m_render_done.clear();
    if (old) vkDestroySwapchainKHR(m_ctx.device(), old, nullptr);
    m_swapchain = swapchain;
    m_extent = {width, height};
    uint32_t count = 0;
    VK_CHECK(vkGetSwapchainImagesKHR(m_ctx.device(), swapchain, &count, nullptr));
    m_images.resize(count);
    VK_CHECK(vkGetSwapchainImagesKHR(m_ctx.device(), swapchain, &count, m_images.data()));
    for (VkImage image : m_images) {
        VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
        view.image = image;
        view.viewType = VK_IMAGE_VIEW_TYPE_2D;
        view.format = m_format;
        view.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
        VkImageView v;
        VK_CHECK(vkCreateImageView(m_ctx.device(), &view, nullptr, &v));
        m_views.emplace_back(m_ctx.device(), v);
        m_render_done.push_back(make_semaphore(m_ctx));
    }
    for (FrameSlot& slot : m_slots) slot.depth = gpu::make_depth_buffer(m_ctx, m_extent, "window depth");
    m_needs_recreate = false;
    spdlog::info("swapchain {}x{}, {} images", width, height, count);
    return true;
}

// The window system dropped the surface (VK_ERROR_SURFACE_LOST_KHR): a new one for the same window, and a swapchain
// on it (the old swapchain cannot be handed over: it belongs to the lost surface).
void WindowPresenter::recreate_surface() {
    spdlog::warn("the window's Vulkan surface was lost; making a new one");
    vkDeviceWaitIdle(m_ctx.device());
    destroy_swapchain();
    vkDestroySurfaceKHR(m_ctx.instance(), m_surface, nullptr);
    m_surface = VK_NULL_HANDLE;
    m_surface = m_window.create_surface(m_ctx.instance());
    VkBool32 supported = VK_FALSE;
    VK_CHECK(
        vkGetPhysicalDeviceSurfaceSupportKHR(m_ctx.physical_device(), m_ctx.queue_family(), m_surface, &supported));
    if (!supported) throw core::Error("the Vulkan queue cannot present to the window's new surface");
    m_surface_lost = false;
    m_needs_recreate = true;
}

// An injected fault (gpu/fault.hpp) stands for the acquire itself: no image is taken then.
VkResult WindowPresenter::acquire(VkSemaphore signal) {
    if (const auto fault = m_ctx.faults().take(gpu::FaultPoint::Acquire, m_submitted)) return *fault;
    return vkAcquireNextImageKHR(m_ctx.device(), m_swapchain, UINT64_MAX, signal, VK_NULL_HANDLE, &m_image_index);
}

gpu::Frame* WindowPresenter::begin_frame(double time) {
    if (m_surface_lost) recreate_surface();
    if ((m_needs_recreate || !m_swapchain) && !recreate_swapchain()) return nullptr;
    FrameSlot& slot = m_slots[m_slot];
    const VkFence fence = slot.frame.fence.get();
    const VkResult waited = vkWaitForFences(m_ctx.device(), 1, &fence, VK_TRUE, UINT64_MAX);
    if (waited == VK_ERROR_DEVICE_LOST) throw core::Error(gpu::k_device_lost_message);
    VK_CHECK(waited);
    const VkResult acquired = acquire(slot.acquired.get());
    if (acquired == VK_ERROR_OUT_OF_DATE_KHR || acquired == VK_ERROR_SURFACE_LOST_KHR) {
        spdlog::info("acquire: {}; recreating the swapchain", core::vk_result_name(acquired));
        m_needs_recreate = true;
        m_surface_lost = acquired == VK_ERROR_SURFACE_LOST_KHR;
        return nullptr;
    }
    if (acquired == VK_SUBOPTIMAL_KHR)
        m_needs_recreate = true; // present this one, recreate afterwards
    else
        VK_CHECK(acquired);
    m_completed = gpu::begin_slot(m_ctx, slot.frame, m_completed);
    m_deferred.collect(m_completed);
    gpu::image_barrier(slot.frame.cmd,
                       {m_images[m_image_index], VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                        VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_NONE,
                        VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
    gpu::depth_barrier(slot.frame.cmd, slot.depth.image.get());
    m_frame.cmd = slot.frame.cmd;
    m_frame.time = time;
    m_frame.should_render = true;
    gpu::RenderTarget& target = m_frame.views[0].target;
    target = {m_images[m_image_index], m_views[m_image_index].get(), m_format, m_extent};
    target.depth_image = slot.depth.image.get();
    target.depth_view = slot.depth.view.get();
    return &m_frame;
}

void WindowPresenter::end_frame(gpu::Frame& frame) {
    FrameSlot& slot = m_slots[m_slot];
    gpu::image_barrier(frame.cmd, {m_images[m_image_index], VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                   VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                                   VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE});
    VkSemaphoreSubmitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    wait.semaphore = slot.acquired.get();
    wait.stageMask = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    VkSemaphoreSubmitInfo signal{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    signal.semaphore = m_render_done[m_image_index].get();
    signal.stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    gpu::submit_slot(m_ctx, slot.frame, m_submitted++, &wait, &signal);

    const VkSemaphore done = m_render_done[m_image_index].get();
    VkPresentInfoKHR present{VK_STRUCTURE_TYPE_PRESENT_INFO_KHR};
    present.waitSemaphoreCount = 1;
    present.pWaitSemaphores = &done;
    present.swapchainCount = 1;
    present.pSwapchains = &m_swapchain;
    present.pImageIndices = &m_image_index;
    VkResult r = vkQueuePresentKHR(m_ctx.queue(), &present);
    if (r == VK_SUCCESS) r = m_ctx.faults().take(gpu::FaultPoint::Present, m_submitted - 1).value_or(r);
    if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR || r == VK_ERROR_SURFACE_LOST_KHR) {
        spdlog::info("present: {}; recreating the swapchain", core::vk_result_name(r));
        m_needs_recreate = true;
        m_surface_lost = r == VK_ERROR_SURFACE_LOST_KHR;
    } else if (r == VK_ERROR_DEVICE_LOST) {
        throw core::Error(gpu::k_device_lost_message);
    } else {
        VK_CHECK(r);
    }
    ++m_presented;
    m_slot = (m_slot + 1) % k_frames_in_flight;
}

} // namespace vrex::platform
