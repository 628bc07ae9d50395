#pragma once
// Depth attachments of render targets: D32_SFLOAT, reversed-Z (the renderer clears to 0 = infinitely far and keeps
// what is GREATER_OR_EQUAL). Each presenter owns one per target and makes it ready at the start of a frame.
#include <utility>
#include <vulkan/vulkan.h>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"
#include "gpu/resources.hpp"

namespace vrex::gpu {

inline constexpr VkFormat k_depth_format = VK_FORMAT_D32_SFLOAT;

struct DepthBuffer {
    Image image;
    ImageView view;

    DepthBuffer() = default;
    DepthBuffer(DepthBuffer&&) noexcept = default;
    // The old view goes before the old image (the default would destroy the image first).
    DepthBuffer& operator=(DepthBuffer&& other) noexcept {
        view.reset();
        view = std::move(other.view);
        image = std::move(other.image);
        return *this;
    }
};

// A depth attachment of `extent` (usage: depth attachment only; its contents never outlive a frame).
DepthBuffer make_depth_buffer(Context& ctx, VkExtent2D extent, const char* name);
// A view of the depth aspect of a k_depth_format image someone else owns (an OpenXR depth swapchain's).
ImageView make_depth_view(Context& ctx, VkImage image, const char* name);

// Records UNDEFINED -> DEPTH_ATTACHMENT_OPTIMAL (contents discarded), ordered after every earlier use of `image` on
// the queue (the previous frame's depth tests and writes), before this frame's.
void depth_barrier(VkCommandBuffer cmd, VkImage image);
// Records DEPTH_ATTACHMENT_OPTIMAL -> `layout` keeping the contents, after this frame's depth tests and writes: hands
// the image on (an OpenXR runtime takes its depth swapchain images back in DEPTH_STENCIL_ATTACHMENT_OPTIMAL).
void depth_handover_barrier(VkCommandBuffer cmd, VkImage image, VkImageLayout layout);

} // namespace vrex::gpu
