#include "gpu/submission.hpp"

#include <cstdint>

#include "core/vk_check.hpp"

namespace vrex::gpu {

Submission::Submission(Context& ctx, const std::function<void(VkCommandBuffer)>& record) : m_device(ctx.device()) {
    VkCommandPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool_info.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    pool_info.queueFamilyIndex = ctx.queue_family();
    VkCommandPool pool;
    VK_CHECK(vkCreateCommandPool(m_device, &pool_info, nullptr, &pool));
    m_pool = CommandPool(m_device, pool);
    VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    alloc.commandPool = pool;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    VkCommandBuffer cmd;
    VK_CHECK(vkAllocateCommandBuffers(m_device, &alloc, &cmd)); // freed with the pool
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    VK_CHECK(vkBeginCommandBuffer(cmd, &begin));
    record(cmd);
    VK_CHECK(vkEndCommandBuffer(cmd));
    VkFenceCreateInfo fence_info{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkFence fence;
    VK_CHECK(vkCreateFence(m_device, &fence_info, nullptr, &fence));
    m_fence = Fence(m_device, fence);
    VkCommandBufferSubmitInfo cmd_info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cmd_info.commandBuffer = cmd;
    VkSubmitInfo2 submit{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    submit.commandBufferInfoCount = 1;
    submit.pCommandBufferInfos = &cmd_info;
    VK_CHECK(vkQueueSubmit2(ctx.queue(), 1, &submit, fence));
}

Submission::~Submission() {
    wait();
}

Submission& Submission::operator=(Submission&& other) noexcept {
    if (this != &other) {
        wait();
        m_device = other.m_device;
        m_fence = std::move(other.m_fence);
        m_pool = std::move(other.m_pool);
    }
    return *this;
}

bool Submission::done() const {
    return m_fence.get() == VK_NULL_HANDLE || vkGetFenceStatus(m_device, m_fence.get()) == VK_SUCCESS;
}

void Submission::wait() const {
    if (m_fence.get() == VK_NULL_HANDLE) return;
    const VkFence fence = m_fence.get();
    vkWaitForFences(m_device, 1, &fence, VK_TRUE, UINT64_MAX);
}

} // namespace vrex::gpu
