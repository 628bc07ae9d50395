#pragma once
// What a presenter hands the renderer: where to draw, and from where to look.
#include <glm/mat4x4.hpp>
#include <vulkan/vulkan.h>

namespace vrex::gpu {

// A colour image the renderer draws into, and a depth image of the same extent. The presenter owns both and their
// layout transitions: on entry to Renderer::draw the colour image is in COLOR_ATTACHMENT_OPTIMAL and the depth image
// in DEPTH_ATTACHMENT_OPTIMAL, and they are left so. Depth is reversed-Z (gpu/depth.hpp): the renderer clears it to
// 0 (infinitely far) at the start of each draw, so its contents before do not matter, nor after unless keep_depth.
struct RenderTarget {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    VkFormat format = VK_FORMAT_R8G8B8A8_SRGB;
    VkExtent2D extent{0, 0};
    VkImage depth_image = VK_NULL_HANDLE;
    VkImageView depth_view = VK_NULL_HANDLE;
    VkFormat depth_format = VK_FORMAT_D32_SFLOAT; // gpu::k_depth_format
    // The presenter hands the depth image on after the frame (to an OpenXR compositor, XR_KHR_composition_layer_depth):
    // the renderer then clears it in every frame, models or not, and stores what it drew.
    bool keep_depth = false;
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
