#pragma once
// Presents frames in a GLFW window through a Vulkan swapchain (FIFO: vsync). Handles resize, minimise (no
// frames while the window has no pixels), out-of-date swapchains and a lost surface (made again); a lost device
// throws core::Error (gpu::k_device_lost_message). Frame resources are per frame in flight;
// the "render done" semaphores are per swapchain image (STYLE.md rule 8).
#include <array>
#include <optional>
#include <vector>

#include "gpu/context.hpp"
#include "gpu/depth.hpp"
#include "gpu/frame.hpp"
#include "gpu/frame_slot.hpp"
#include "gpu/handle.hpp"
#include "gpu/presenter.hpp"
#include "platform/window.hpp"

namespace vrex::platform {

class WindowPresenter final : public gpu::Presenter {
public:
    static constexpr uint32_t k_frames_in_flight = 2;

    // `ctx` must have been created with Window::required_instance_extensions() and VK_KHR_swapchain.
    WindowPresenter(gpu::Context& ctx, Window& window);
    ~WindowPresenter() override;

    // nullptr: nothing to draw this tick (minimised, or the swapchain was just recreated); do not call end_frame.
    gpu::Frame* begin_frame(double time) override;
    // Submits and presents. Always paired with a begin_frame that returned a frame.
    void end_frame(gpu::Frame& frame) override;

    VkFormat format() const { return m_format; }
    VkExtent2D extent() const { return m_extent; }
    uint64_t frames_presented() const { return m_presented; }
    // The last present or acquire found the swapchain no longer matching the window (resized): what is on screen
    // is stale or missing, the next begin_frame recreates the swapchain; draw again.
    bool out_of_date() const { return m_needs_recreate; }

private:
    struct FrameSlot {
        gpu::FrameSlot frame;
        gpu::Semaphore acquired; // the swapchain image of this frame is ready
        gpu::DepthBuffer depth;  // the frame's depth attachment, of the swapchain's extent
    };

    bool recreate_swapchain();
    void recreate_surface();
    VkResult acquire(VkSemaphore signal); // vkAcquireNextImageKHR into m_image_index, or an injected fault
    void destroy_swapchain();
    void create_slots();

    gpu::Context& m_ctx;
    Window& m_window;
    VkSurfaceKHR m_surface = VK_NULL_HANDLE;
    VkSwapchainKHR m_swapchain = VK_NULL_HANDLE;
    VkFormat m_format = VK_FORMAT_UNDEFINED;
    VkExtent2D m_extent{0, 0};
    std::vector<VkImage> m_images;
    std::vector<gpu::ImageView> m_views;
    std::vector<gpu::Semaphore> m_render_done; // per swapchain image
    std::array<FrameSlot, k_frames_in_flight> m_slots;
    uint32_t m_slot = 0;
    uint32_t m_image_index = 0;
    bool m_needs_recreate = false;
    bool m_surface_lost = false; // the next begin_frame makes a new surface first
    uint64_t m_presented = 0;
    gpu::Frame m_frame;
};

} // namespace vrex::platform
