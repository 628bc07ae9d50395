#pragma once
// Move-only owner of one Vulkan device object, destroyed with its vkDestroy* function.
#include <utility>
#include <vulkan/vulkan.h>

namespace vrex::gpu {

template <typename T, void (*Destroy)(VkDevice, T, const VkAllocationCallbacks*)> class DeviceHandle {
public:
    DeviceHandle() = default;
    DeviceHandle(VkDevice device, T handle) : m_device(device), m_handle(handle) {}
    ~DeviceHandle() { reset(); }
    DeviceHandle(DeviceHandle&& o) noexcept
        : m_device(std::exchange(o.m_device, VK_NULL_HANDLE)), m_handle(std::exchange(o.m_handle, VK_NULL_HANDLE)) {}
    DeviceHandle& operator=(DeviceHandle&& o) noexcept {
        if (this != &o) {
            reset();
            m_device = std::exchange(o.m_device, VK_NULL_HANDLE);
            m_handle = std::exchange(o.m_handle, VK_NULL_HANDLE);
        }
        return *this;
    }
    DeviceHandle(const DeviceHandle&) = delete;
    DeviceHandle& operator=(const DeviceHandle&) = delete;

    T get() const { return m_handle; }
    explicit operator bool() const { return m_handle != VK_NULL_HANDLE; }
    void reset() {
        if (m_handle != VK_NULL_HANDLE) Destroy(m_device, m_handle, nullptr);
        m_handle = VK_NULL_HANDLE;
    }

private:
    VkDevice m_device = VK_NULL_HANDLE;
    T m_handle = VK_NULL_HANDLE;
};

using ShaderModule = DeviceHandle<VkShaderModule, vkDestroyShaderModule>;
using PipelineLayout = DeviceHandle<VkPipelineLayout, vkDestroyPipelineLayout>;
using Pipeline = DeviceHandle<VkPipeline, vkDestroyPipeline>;
using DescriptorSetLayout = DeviceHandle<VkDescriptorSetLayout, vkDestroyDescriptorSetLayout>;
using DescriptorPool = DeviceHandle<VkDescriptorPool, vkDestroyDescriptorPool>;
using Sampler = DeviceHandle<VkSampler, vkDestroySampler>;
using ImageView = DeviceHandle<VkImageView, vkDestroyImageView>;
using CommandPool = DeviceHandle<VkCommandPool, vkDestroyCommandPool>;
using Fence = DeviceHandle<VkFence, vkDestroyFence>;
using Semaphore = DeviceHandle<VkSemaphore, vkDestroySemaphore>;
using DeviceMemory = DeviceHandle<VkDeviceMemory, vkFreeMemory>;
using RawBuffer = DeviceHandle<VkBuffer, vkDestroyBuffer>;
using RawImage = DeviceHandle<VkImage, vkDestroyImage>;

} // namespace vrex::gpu
