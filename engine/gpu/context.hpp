#pragma once
// The Vulkan instance, device and queue everything else uses. Headless by default; a window or OpenXR adds
// extensions, and OpenXR creates the instance and device itself through the hooks (XR_KHR_vulkan_enable2).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

#include "gpu/fault.hpp"
#include "gpu/handle.hpp"
#include "gpu/pipeline_cache.hpp"

namespace vrex::gpu {

struct ContextHooks {
    // Default: vkCreateInstance. OpenXR: xrCreateVulkanInstanceKHR.
    std::function<VkResult(const VkInstanceCreateInfo&, VkInstance*)> create_instance;
    // Default: first device with a graphics+compute queue and Vulkan 1.3 (VREX_GPU=name picks by name).
    std::function<VkPhysicalDevice(VkInstance)> pick_physical_device;
    // Default: vkCreateDevice. OpenXR: xrCreateVulkanDeviceKHR.
    std::function<VkResult(VkPhysicalDevice, const VkDeviceCreateInfo&, VkDevice*)> create_device;
};

struct ContextOptions {
    // Enables VK_LAYER_KHRONOS_validation and counts its errors. Default: on when VREX_VALIDATION=1.
    bool validation = false;
    std::vector<std::string> instance_extensions;
    std::vector<std::string> device_extensions;
    uint32_t api_version = VK_API_VERSION_1_3;
    ContextHooks hooks;
    // The pipeline cache's file, read at creation and written at destruction. Unset: default_pipeline_cache_path()
    // (VREX_PIPELINE_CACHE, else the user's cache folder); an empty path: a cache in memory only (a cold start).
    std::optional<std::filesystem::path> pipeline_cache;
    // Faults to inject (tests, gpu/fault.hpp). Unset: FaultPlan::from_environment() (VREX_GPU_FAULT).
    std::optional<FaultPlan> faults;
};

// Reads VREX_VALIDATION from the environment (tests set it to 1).
bool validation_requested_by_environment();

class Context {
public:
    explicit Context(const ContextOptions& options);
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    VkInstance instance() const { return m_instance; }
    VkPhysicalDevice physical_device() const { return m_physical_device; }
    VkDevice device() const { return m_device; }
    VkQueue queue() const { return m_queue; }
    uint32_t queue_family() const { return m_queue_family; }
    const VkPhysicalDeviceProperties& properties() const { return m_properties; }
    std::string device_name() const { return m_properties.deviceName; }
    // The most anisotropic filtering samplers may ask for; 0 when the device has none.
    float max_anisotropy() const { return m_max_anisotropy; }
    const VkPhysicalDeviceMemoryProperties& memory_properties() const { return m_memory; }
    // For every pipeline creation (gpu/pipeline.hpp); saved to its file when the context goes.
    VkPipelineCache pipeline_cache() const { return m_pipeline_cache.get(); }
    // Bytes of pipeline cache data read from the file at creation (0: a cold start).
    size_t pipeline_cache_loaded_bytes() const { return m_pipeline_cache.loaded_bytes(); }

    // Index of a memory type with `required` properties among `type_bits`; throws when there is none.
    uint32_t memory_type(uint32_t type_bits, VkMemoryPropertyFlags required) const;

    // Records commands with `record`, submits them and waits. For loading and headless work, not per frame.
    void submit_and_wait(const std::function<void(VkCommandBuffer)>& record);

    // Names an object for validation messages and debuggers (no-op without VK_EXT_debug_utils).
    void set_name(VkObjectType type, uint64_t handle, const char* name) const;
    template <typename T> void set_name(VkObjectType type, T handle, const char* name) const {
        set_name(type, reinterpret_cast<uint64_t>(handle), name);
    }

    // Validation messages of severity error since creation (0 when validation is off).
    uint32_t validation_errors() const { return m_validation_errors.load(); }
    bool validation_enabled() const { return m_debug_messenger != VK_NULL_HANDLE; }

    // The faults tests inject (none unless asked for); the presenters and allocations consult it.
    FaultPlan& faults() { return m_faults; }

private:
    void create_instance(const ContextOptions& options);
    void create_device(const ContextOptions& options);

    VkInstance m_instance = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT m_debug_messenger = VK_NULL_HANDLE;
    VkPhysicalDevice m_physical_device = VK_NULL_HANDLE;
    VkPhysicalDeviceProperties m_properties{};
    VkPhysicalDeviceMemoryProperties m_memory{};
    VkDevice m_device = VK_NULL_HANDLE;
    VkQueue m_queue = VK_NULL_HANDLE;
    uint32_t m_queue_family = 0;
    float m_max_anisotropy = 0;
    PipelineCache m_pipeline_cache;
    PFN_vkSetDebugUtilsObjectNameEXT m_set_name = nullptr;
    std::atomic<uint32_t> m_validation_errors{0};
    FaultPlan m_faults;
};

} // namespace vrex::gpu
