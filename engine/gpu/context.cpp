#include "gpu/context.hpp"
#include "gpu/submission.hpp"

#include <cstdlib>
#include <cstring>
#include <spdlog/spdlog.h>

#include "core/sanitizer.hpp"
#include "core/vk_check.hpp"

namespace vrex::gpu {
namespace {

constexpr const char* k_validation_layer = "VK_LAYER_KHRONOS_validation";

VKAPI_ATTR VkBool32 VKAPI_CALL on_debug_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                VkDebugUtilsMessageTypeFlagsEXT,
                                                const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
    const char* id = data->pMessageIdName ? data->pMessageIdName : "";
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
        static_cast<std::atomic<uint32_t>*>(user)->fetch_add(1);
        spdlog::error("vulkan validation: {} {}", id, data->pMessage);
    } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
        spdlog::warn("vulkan validation: {} {}", id, data->pMessage);
    }
    return VK_FALSE;
}

bool layer_available(const char* name) {
    uint32_t count = 0;
    vkEnumerateInstanceLayerProperties(&count, nullptr);
    std::vector<VkLayerProperties> layers(count);
    vkEnumerateInstanceLayerProperties(&count, layers.data());
    for (const auto& l : layers)
        if (std::strcmp(l.layerName, name) == 0) return true;
    return false;
}

std::vector<const char*> c_strings(const std::vector<std::string>& v) {
    std::vector<const char*> out;
    for (const auto& s : v) out.push_back(s.c_str());
    return out;
}

// First device with a graphics+compute queue and at least `api_version`; VREX_GPU selects by name substring.
VkPhysicalDevice default_pick(VkInstance instance, uint32_t api_version) {
    uint32_t count = 0;
    VK_CHECK(vkEnumeratePhysicalDevices(instance, &count, nullptr));
    std::vector<VkPhysicalDevice> devices(count);
    VK_CHECK(vkEnumeratePhysicalDevices(instance, &count, devices.data()));
    const char* wanted = std::getenv("VREX_GPU");
    for (VkPhysicalDevice d : devices) {
        VkPhysicalDeviceProperties p;
        vkGetPhysicalDeviceProperties(d, &p);
        if (p.apiVersion < api_version) continue;
        if (wanted && !std::strstr(p.deviceName, wanted)) continue;
        return d;
    }
    throw core::Error(count == 0 ? "no Vulkan device found (is mesa-vulkan-drivers installed?)"
                                 : "no Vulkan device supports Vulkan 1.3" +
                                       std::string(wanted ? " and matches VREX_GPU" : ""));
}

uint32_t graphics_compute_family(VkPhysicalDevice device) {
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families.data());
    for (uint32_t i = 0; i < count; ++i)
        if ((families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) && (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT))
            return i;
    throw core::Error("the Vulkan device has no queue for both graphics and compute");
}

} // namespace

bool validation_requested_by_environment() {
    const char* v = std::getenv("VREX_VALIDATION");
    return v && std::strcmp(v, "0") != 0 && *v;
}

Context::Context(const ContextOptions& options)
    : m_faults(options.faults ? *options.faults : FaultPlan::from_environment()) {
    create_instance(options);
    create_device(options);
    core::keep_loaded_libraries(); // the driver and layers, so that LeakSanitizer names them (sanitizer builds only)
}

Context::~Context() {
    if (m_device) vkDeviceWaitIdle(m_device);
    m_pipeline_cache.reset(); // saves it
    if (m_device) vkDestroyDevice(m_device, nullptr);
    if (m_debug_messenger) {
        auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_instance, "vkDestroyDebugUtilsMessengerEXT"));
        destroy(m_instance, m_debug_messenger, nullptr);
    }
    if (m_instance) vkDestroyInstance(m_instance, nullptr);
}

void Context::create_instance(const ContextOptions& options) {
    std::vector<std::string> extensions = options.instance_extensions;
    std::vector<const char*> layers;
    const bool validation = options.validation && layer_available(k_validation_layer);
    if (options.validation && !validation)
        throw core::Error("Vulkan validation requested but VK_LAYER_KHRONOS_validation is not installed "
                          "(apt-get install vulkan-validationlayers)");
    if (validation) {
        layers.push_back(k_validation_layer);
        extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    }
    const auto ext_ptrs = c_strings(extensions);

    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "vrex";
    app.applicationVersion = VK_MAKE_VERSION(0, 1, 0);
    app.pEngineName = "vrex";
    app.apiVersion = options.api_version;

    VkDebugUtilsMessengerCreateInfoEXT messenger{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
    messenger.messageSeverity =
        VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    messenger.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                            VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                            VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    messenger.pfnUserCallback = on_debug_message;
    messenger.pUserData = &m_validation_errors;

    VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    info.pNext = validation ? &messenger : nullptr; // also reports problems of vkCreate/DestroyInstance
    info.pApplicationInfo = &app;
    info.enabledLayerCount = uint32_t(layers.size());
    info.ppEnabledLayerNames = layers.data();
    info.enabledExtensionCount = uint32_t(ext_ptrs.size());
    info.ppEnabledExtensionNames = ext_ptrs.data();
    if (options.hooks.create_instance) {
        VK_CHECK(options.hooks.create_instance(info, &m_instance));
    } else {
        const VkResult r = vkCreateInstance(&info, nullptr, &m_instance);
        if (r == VK_ERROR_INCOMPATIBLE_DRIVER)
            throw core::Error("no Vulkan driver found (apt-get install mesa-vulkan-drivers for a CPU driver)");
        VK_CHECK(r);
    }
    if (validation) {
        auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_instance, "vkCreateDebugUtilsMessengerEXT"));
        VK_CHECK(create(m_instance, &messenger, nullptr, &m_debug_messenger));
        m_set_name = reinterpret_cast<PFN_vkSetDebugUtilsObjectNameEXT>(
            vkGetInstanceProcAddr(m_instance, "vkSetDebugUtilsObjectNameEXT"));
    }
}

void Context::create_device(const ContextOptions& options) {
    m_physical_device = options.hooks.pick_physical_device ? options.hooks.pick_physical_device(m_instance)
                                                           : default_pick(m_instance, options.api_version);
    vkGetPhysicalDeviceProperties(m_physical_device, &m_properties);
    vkGetPhysicalDeviceMemoryProperties(m_physical_device, &m_memory);
    m_queue_family = graphics_compute_family(m_physical_device);
    spdlog::info("Vulkan device: {} (API {}.{})", m_properties.deviceName,
                 VK_API_VERSION_MAJOR(m_properties.apiVersion), VK_API_VERSION_MINOR(m_properties.apiVersion));

    const float priority = 1.0f;
    VkDeviceQueueCreateInfo queue{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue.queueFamilyIndex = m_queue_family;
    queue.queueCount = 1;
    queue.pQueuePriorities = &priority;

    VkPhysicalDeviceVulkan13Features features13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    features13.dynamicRendering = VK_TRUE;
    features13.synchronization2 = VK_TRUE;
    VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    features.pNext = &features13;
    VkPhysicalDeviceFeatures offered{};
    vkGetPhysicalDeviceFeatures(m_physical_device, &offered);
    features.features.samplerAnisotropy = offered.samplerAnisotropy; // for the panorama's optional anisotropy
    m_max_anisotropy = offered.samplerAnisotropy ? m_properties.limits.maxSamplerAnisotropy : 0.0f;

    const auto ext_ptrs = c_strings(options.device_extensions);
    VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    info.pNext = &features;
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queue;
    info.enabledExtensionCount = uint32_t(ext_ptrs.size());
    info.ppEnabledExtensionNames = ext_ptrs.data();
    if (options.hooks.create_device)
        VK_CHECK(options.hooks.create_device(m_physical_device, info, &m_device));
    else
        VK_CHECK(vkCreateDevice(m_physical_device, &info, nullptr, &m_device));
    vkGetDeviceQueue(m_device, m_queue_family, 0, &m_queue);

    m_pipeline_cache =
        PipelineCache(m_device, m_properties, options.pipeline_cache.value_or(default_pipeline_cache_path()));
}

uint32_t Context::memory_type(uint32_t type_bits, VkMemoryPropertyFlags required) const {
    for (uint32_t i = 0; i < m_memory.memoryTypeCount; ++i)
        if ((type_bits & (1u << i)) && (m_memory.memoryTypes[i].propertyFlags & required) == required) return i;
    throw core::Error("no Vulkan memory type with the required properties");
}

void Context::submit_and_wait(const std::function<void(VkCommandBuffer)>& record) {
    Submission(*this, record).wait();
}

void Context::set_name(VkObjectType type, uint64_t handle, const char* name) const {
    if (!m_set_name) return;
    VkDebugUtilsObjectNameInfoEXT info{VK_STRUCTURE_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT};
    info.objectType = type;
    info.objectHandle = handle;
    info.pObjectName = name;
    m_set_name(m_device, &info);
}

} // namespace vrex::gpu
