#pragma once
// What a presenter hands the renderer: where to draw, and from where to look.
#include <glm/mat4x4.hpp>
#include <vulkan/vulkan.h>

namespace vrex::gpu {

// A colour image the renderer draws into. The presenter owns it and its layout transitions: on entry to
// Renderer::draw it is in COLOR_ATTACHMENT_OPTIMAL, and it is left so.
struct RenderTarget {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    VkFormat format = VK_FORMAT_R8G8B8A8_SRGB;
    VkExtent2D extent{0, 0};
};

// One eye or one window: camera orientation (world-from-view rotation, the panorama sits at infinity),
// position for near content, projection in Vulkan clip space, and the target.
struct View {
    glm::mat4 world_from_view{1.0f};
    glm::mat4 projection{1.0f};
    RenderTarget target;
    uint32_t eye = 0; // 0 left (or the only one), 1 right: picks the eye's image of a stereo panorama
};

} // namespace vrex::gpu
