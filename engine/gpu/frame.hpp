#pragma once
// One tick of a presenter: the command buffer to record into and the views to draw (one per eye or window).
#include <vector>
#include <vulkan/vulkan.h>

#include "gpu/render_target.hpp"

namespace vrex::gpu {

struct Frame {
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    std::vector<View> views;
    double time = 0;           // seconds; XR: the predicted display time
    bool should_render = true; // false: record nothing, but still call end_frame
};

} // namespace vrex::gpu
