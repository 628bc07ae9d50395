// XR_KHR_vulkan_enable2 (and the older XR_KHR_vulkan_enable): the runtime creates the application's Vulkan instance
// and device exactly as asked, adding nothing, and picks the first physical device (or the one VREX_GPU names).

#include "entry_points.hpp"

#include <cstring>

namespace xrsim::api {

namespace {

Instance* instance_from(XrInstance handle) {
    return from_handle<Instance>(handle, ObjectType::instance);
}

XrResult check(XrInstance handle, XrSystemId system, Instance*& instance) {
    instance = instance_from(handle);
    if (!instance) return XR_ERROR_HANDLE_INVALID;
    if (system != k_system_id) return misuse(*instance, "vulkan", XR_ERROR_SYSTEM_INVALID, "unknown XrSystemId");
    return XR_SUCCESS;
}

XrResult fill_requirements(Instance& instance, XrGraphicsRequirementsVulkanKHR* requirements) {
    if (!requirements || requirements->type != XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN_KHR)
        return XR_ERROR_VALIDATION_FAILURE;
    requirements->minApiVersionSupported = XR_MAKE_VERSION(1, 0, 0);
    requirements->maxApiVersionSupported = XR_MAKE_VERSION(1, 3, 0);
    instance.vulkan_requirements_queried = true;
    return XR_SUCCESS;
}

XrResult choose_physical_device(Instance& instance, VkInstance vk_instance, VkPhysicalDevice* out) {
    if (vk_instance == VK_NULL_HANDLE || !out) return XR_ERROR_VALIDATION_FAILURE;
    uint32_t count = 0;
    if (vkEnumeratePhysicalDevices(vk_instance, &count, nullptr) != VK_SUCCESS || count == 0)
        return XR_ERROR_RUNTIME_FAILURE;
    std::vector<VkPhysicalDevice> devices(count);
    if (vkEnumeratePhysicalDevices(vk_instance, &count, devices.data()) < 0) return XR_ERROR_RUNTIME_FAILURE;
    VkPhysicalDevice chosen = devices[0];
    for (VkPhysicalDevice device : devices) {
        VkPhysicalDeviceProperties properties{};
        vkGetPhysicalDeviceProperties(device, &properties);
        if (!instance.config.gpu.empty() && std::strstr(properties.deviceName, instance.config.gpu.c_str())) {
            chosen = device;
            break;
        }
    }
    instance.physical_device = chosen;
    instance.vk_instance = vk_instance;
    *out = chosen;
    return XR_SUCCESS;
}

XrResult write_string(const char* text, uint32_t capacity, uint32_t* count, char* buffer) {
    if (!count) return XR_ERROR_VALIDATION_FAILURE;
    *count = static_cast<uint32_t>(std::strlen(text) + 1);
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < *count) return XR_ERROR_SIZE_INSUFFICIENT;
    std::memcpy(buffer, text, *count);
    return XR_SUCCESS;
}

} // namespace

XrResult XRAPI_CALL get_vulkan_graphics_requirements2(XrInstance handle, XrSystemId system,
                                                      XrGraphicsRequirementsVulkanKHR* requirements) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check(handle, system, instance); XR_FAILED(r)) return r;
    return fill_requirements(*instance, requirements);
}

XrResult XRAPI_CALL create_vulkan_instance(XrInstance handle, const XrVulkanInstanceCreateInfoKHR* info,
                                           VkInstance* vk_instance, VkResult* vk_result) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check(handle, info ? info->systemId : 0, instance); XR_FAILED(r)) return r;
    if (info->type != XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR || !vk_instance || !vk_result)
        return XR_ERROR_VALIDATION_FAILURE;
    if (info->createFlags != 0 || !info->pfnGetInstanceProcAddr || !info->vulkanCreateInfo)
        return misuse(*instance, "xrCreateVulkanInstanceKHR", XR_ERROR_VALIDATION_FAILURE,
                      "createFlags must be 0; pfnGetInstanceProcAddr and vulkanCreateInfo are required");
    auto create = reinterpret_cast<PFN_vkCreateInstance>(info->pfnGetInstanceProcAddr(nullptr, "vkCreateInstance"));
    if (!create) return XR_ERROR_RUNTIME_FAILURE;
    *vk_result =
        create(static_cast<const VkInstanceCreateInfo*>(info->vulkanCreateInfo), info->vulkanAllocator, vk_instance);
    instance->log.write(JsonLine("vk_instance").add("vk_result", static_cast<int64_t>(*vk_result)));
    return XR_SUCCESS;
}

XrResult XRAPI_CALL get_vulkan_graphics_device2(XrInstance handle, const XrVulkanGraphicsDeviceGetInfoKHR* info,
                                                VkPhysicalDevice* device) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check(handle, info ? info->systemId : 0, instance); XR_FAILED(r)) return r;
    if (info->type != XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR) return XR_ERROR_VALIDATION_FAILURE;
    return choose_physical_device(*instance, info->vulkanInstance, device);
}

XrResult XRAPI_CALL create_vulkan_device(XrInstance handle, const XrVulkanDeviceCreateInfoKHR* info, VkDevice* device,
                                         VkResult* vk_result) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check(handle, info ? info->systemId : 0, instance); XR_FAILED(r)) return r;
    if (info->type != XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR || !device || !vk_result)
        return XR_ERROR_VALIDATION_FAILURE;
    if (info->createFlags != 0 || !info->pfnGetInstanceProcAddr || !info->vulkanCreateInfo)
        return misuse(*instance, "xrCreateVulkanDeviceKHR", XR_ERROR_VALIDATION_FAILURE,
                      "createFlags must be 0; pfnGetInstanceProcAddr and vulkanCreateInfo are required");
    if (instance->physical_device == VK_NULL_HANDLE || info->vulkanPhysicalDevice != instance->physical_device)
        return misuse(*instance, "xrCreateVulkanDeviceKHR", XR_ERROR_VALIDATION_FAILURE,
                      "vulkanPhysicalDevice is not the one xrGetVulkanGraphicsDevice2KHR returned");
    auto create =
        reinterpret_cast<PFN_vkCreateDevice>(info->pfnGetInstanceProcAddr(instance->vk_instance, "vkCreateDevice"));
    if (!create) return XR_ERROR_RUNTIME_FAILURE;
    *vk_result = create(info->vulkanPhysicalDevice, static_cast<const VkDeviceCreateInfo*>(info->vulkanCreateInfo),
                        info->vulkanAllocator, device);
    instance->log.write(JsonLine("vk_device").add("vk_result", static_cast<int64_t>(*vk_result)));
    return XR_SUCCESS;
}

XrResult XRAPI_CALL get_vulkan_graphics_requirements(XrInstance handle, XrSystemId system,
                                                     XrGraphicsRequirementsVulkanKHR* requirements) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check(handle, system, instance); XR_FAILED(r)) return r;
    return fill_requirements(*instance, requirements);
}

XrResult XRAPI_CALL get_vulkan_instance_extensions(XrInstance handle, XrSystemId system, uint32_t capacity,
                                                   uint32_t* count, char* buffer) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check(handle, system, instance); XR_FAILED(r)) return r;
    return write_string("", capacity, count, buffer); // the runtime needs no instance extension
}

XrResult XRAPI_CALL get_vulkan_device_extensions(XrInstance handle, XrSystemId system, uint32_t capacity,
                                                 uint32_t* count, char* buffer) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check(handle, system, instance); XR_FAILED(r)) return r;
    return write_string("", capacity, count, buffer); // nor any device extension
}

XrResult XRAPI_CALL get_vulkan_graphics_device(XrInstance handle, XrSystemId system, VkInstance vk_instance,
                                               VkPhysicalDevice* device) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check(handle, system, instance); XR_FAILED(r)) return r;
    return choose_physical_device(*instance, vk_instance, device);
}

} // namespace xrsim::api
