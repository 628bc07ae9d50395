#pragma once
// What one frame in flight owns: a command pool and buffer, and the fence its submission signals.
// Shared by the window, headset and offscreen presenters.
#include <cstdint>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"

namespace vrex::gpu {

struct FrameSlot {
    CommandPool pool;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    Fence fence;
    uint64_t submission = 0; // the number of the submission that used this slot last
    bool submitted = false;
};

// `signaled`: the fence starts signalled, so the first wait on it returns at once.
FrameSlot make_frame_slot(Context& ctx, bool signaled);

// Waits for the slot's last submission, then resets its pool and begins its command buffer (one time submit).
// Returns the number of submissions known to be complete (submissions finish in order on one queue), at least
// `completed`.
uint64_t begin_slot(Context& ctx, FrameSlot& slot, uint64_t completed);

// Ends the command buffer and submits it with the slot's fence, waiting on / signalling the semaphores given.
void submit_slot(Context& ctx, FrameSlot& slot, uint64_t submission, const VkSemaphoreSubmitInfo* wait = nullptr,
                 const VkSemaphoreSubmitInfo* signal = nullptr);

} // namespace vrex::gpu
