#include "gpu/frame_slot.hpp"

#include <algorithm>

#include "core/vk_check.hpp"

namespace vrex::gpu {

FrameSlot make_frame_slot(Context& ctx, bool signaled) {
    FrameSlot slot;
    VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    pool.queueFamilyIndex = ctx.queue_family();
    VkCommandPool p;
    VK_CHECK(vkCreateCommandPool(ctx.device(), &pool, nullptr, &p));
    slot.pool = CommandPool(ctx.device(), p);
    VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    alloc.commandPool = p;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    VK_CHECK(vkAllocateCommandBuffers(ctx.device(), &alloc, &slot.cmd));
    VkFenceCreateInfo fence{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    fence.flags = signaled ? VK_FENCE_CREATE_SIGNALED_BIT : 0;
    VkFence f;
    VK_CHECK(vkCreateFence(ctx.device(), &fence, nullptr, &f));
    slot.fence = Fence(ctx.device(), f);
    return slot;
}

uint64_t begin_slot(Context& ctx, FrameSlot& slot, uint64_t completed) {
    const VkFence fence = slot.fence.get();
    const VkResult waited = vkWaitForFences(ctx.device(), 1, &fence, VK_TRUE, UINT64_MAX);
    if (waited == VK_ERROR_DEVICE_LOST) throw core::Error(k_device_lost_message);
    VK_CHECK(waited);
    if (slot.submitted) completed = std::max(completed, slot.submission + 1);
    VK_CHECK(vkResetCommandPool(ctx.device(), slot.pool.get(), 0));
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    VK_CHECK(vkBeginCommandBuffer(slot.cmd, &begin));
    return completed;
}

void submit_slot(Context& ctx, FrameSlot& slot, uint64_t submission, const VkSemaphoreSubmitInfo* wait,
                 const VkSemaphoreSubmitInfo* signal) {
    VK_CHECK(vkEndCommandBuffer(slot.cmd));
    VkCommandBufferSubmitInfo cmd{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cmd.commandBuffer = slot.cmd;
    VkSubmitInfo2 submit{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    submit.waitSemaphoreInfoCount = wait ? 1 : 0;
    submit.pWaitSemaphoreInfos = wait;
    submit.commandBufferInfoCount = 1;
    submit.pCommandBufferInfos = &cmd;
    submit.signalSemaphoreInfoCount = signal ? 1 : 0;
    submit.pSignalSemaphoreInfos = signal;
    const VkFence fence = slot.fence.get();
    VK_CHECK(vkResetFences(ctx.device(), 1, &fence));
    const VkResult submitted = vkQueueSubmit2(ctx.queue(), 1, &submit, fence);
    slot.submission = submission;
    slot.submitted = submitted == VK_SUCCESS;
    // An injected fault comes after the real submit, so that the fence is signalled as the GPU finishes.
    const VkResult r =
        submitted == VK_SUCCESS ? ctx.faults().take(FaultPoint::Submit, submission).value_or(VK_SUCCESS) : submitted;
    if (r == VK_ERROR_DEVICE_LOST) {
        // Injected after a real submit: let that work finish, as a lost device runs nothing more, so that what the
        // unwinding destroys is no longer in use (a real loss leaves nothing running either).
        if (submitted == VK_SUCCESS) vkQueueWaitIdle(ctx.queue());
        throw core::Error(k_device_lost_message);
    }
    VK_CHECK(r);
}

} // namespace vrex::gpu
