#include "xr/xr_system.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <spdlog/spdlog.h>
#include <thread>

#include "core/xr_check.hpp"

namespace vrex::xr {
namespace {

std::vector<std::string> available_extensions(XrResult& result) {
    uint32_t count = 0;
    result = xrEnumerateInstanceExtensionProperties(nullptr, 0, &count, nullptr);
    if (XR_FAILED(result)) return {};
    std::vector<XrExtensionProperties> props(count, {XR_TYPE_EXTENSION_PROPERTIES});
    result = xrEnumerateInstanceExtensionProperties(nullptr, count, &count, props.data());
    std::vector<std::string> names;
    for (const auto& p : props) names.push_back(p.extensionName);
    return names;
}

template <typename F> F proc(XrInstance instance, const char* name) {
    PFN_xrVoidFunction f = nullptr;
    XR_CHECK(xrGetInstanceProcAddr(instance, name, &f));
    return reinterpret_cast<F>(f);
}

// xrGetSystem for the head-mounted display; with `wait`, FORM_FACTOR_UNAVAILABLE is asked again at a modest rate.
XrResult get_system(XrInstance instance, bool wait, XrSystemId& system) {
    XrSystemGetInfo info{XR_TYPE_SYSTEM_GET_INFO};
    info.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
    XrResult r = xrGetSystem(instance, &info, &system);
    if (r != XR_ERROR_FORM_FACTOR_UNAVAILABLE || !wait) return r;
    spdlog::warn("OpenXR: the headset is not available (asleep or unplugged?); waiting for it");
    while (r == XR_ERROR_FORM_FACTOR_UNAVAILABLE) {
        std::this_thread::sleep_for(std::chrono::milliseconds(XrSystem::k_system_poll_ms));
        r = xrGetSystem(instance, &info, &system);
    }
    if (XR_SUCCEEDED(r)) spdlog::warn("OpenXR: the headset is there now");
    return r;
}

uint32_t vk_version(XrVersion v) {
    return VK_MAKE_API_VERSION(0, XR_VERSION_MAJOR(v), XR_VERSION_MINOR(v), 0);
}

} // namespace

std::optional<XrSystem> XrSystem::create(XrStartError& error, bool wait_for_headset) {
    XrResult r = XR_SUCCESS;
    const std::vector<std::string> available = available_extensions(r);
    if (XR_FAILED(r)) {
        error.reason = std::string("no OpenXR runtime is active (") + core::xr_result_name(r) +
                       "; install one, e.g. Monado, or point XR_RUNTIME_JSON at a runtime manifest)";
        return std::nullopt;
    }
    auto has = [&](const char* n) { return std::find(available.begin(), available.end(), n) != available.end(); };
    if (!has(XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME)) {
        error.reason = "the OpenXR runtime does not offer XR_KHR_vulkan_enable2 (vrex renders with Vulkan)";
        return std::nullopt;
    }
    XrSystem s;
    s.m_extensions.push_back(XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME);
    for (const char* optional :
         {XR_KHR_COMPOSITION_LAYER_CUBE_EXTENSION_NAME, XR_KHR_COMPOSITION_LAYER_EQUIRECT2_EXTENSION_NAME,
          XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME})
        if (has(optional)) s.m_extensions.push_back(optional);
    std::vector<const char*> names;
    for (const auto& e : s.m_extensions) names.push_back(e.c_str());

    XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
    std::strncpy(info.applicationInfo.applicationName, "vrex", XR_MAX_APPLICATION_NAME_SIZE - 1);
    std::strncpy(info.applicationInfo.engineName, "vrex", XR_MAX_ENGINE_NAME_SIZE - 1);
    info.applicationInfo.applicationVersion = 1;
    info.applicationInfo.apiVersion = XR_CURRENT_API_VERSION;
    info.enabledExtensionCount = uint32_t(names.size());
    info.enabledExtensionNames = names.data();
    r = xrCreateInstance(&info, &s.m_instance);
    if (XR_FAILED(r)) {
        error.reason = std::string("no OpenXR runtime is active (xrCreateInstance: ") + core::xr_result_name(r) + ")";
        return std::nullopt;
    }
    XrInstanceProperties props{XR_TYPE_INSTANCE_PROPERTIES};
    if (XR_SUCCEEDED(xrGetInstanceProperties(s.m_instance, &props))) s.m_runtime_name = props.runtimeName;

    r = get_system(s.m_instance, wait_for_headset, s.m_system);
    if (r == XR_ERROR_FORM_FACTOR_UNAVAILABLE) {
        error.reason = "no headset connected (the OpenXR runtime " + s.m_runtime_name + " sees none)";
        return std::nullopt;
    }
    if (XR_FAILED(r)) {
        error.reason = std::string("the OpenXR runtime has no head-mounted display (") + core::xr_result_name(r) + ")";
        return std::nullopt;
    }
    s.m_requirements =
        proc<PFN_xrGetVulkanGraphicsRequirements2KHR>(s.m_instance, "xrGetVulkanGraphicsRequirements2KHR");
    s.m_create_instance = proc<PFN_xrCreateVulkanInstanceKHR>(s.m_instance, "xrCreateVulkanInstanceKHR");
    s.m_get_device = proc<PFN_xrGetVulkanGraphicsDevice2KHR>(s.m_instance, "xrGetVulkanGraphicsDevice2KHR");
    s.m_create_device = proc<PFN_xrCreateVulkanDeviceKHR>(s.m_instance, "xrCreateVulkanDeviceKHR");
    spdlog::info("OpenXR runtime: {}", s.m_runtime_name);
    return s;
}

XrSystem::XrSystem(XrSystem&& o) noexcept
    : m_instance(std::exchange(o.m_instance, XR_NULL_HANDLE)), m_system(o.m_system),
      m_runtime_name(std::move(o.m_runtime_name)), m_extensions(std::move(o.m_extensions)),
      m_requirements(o.m_requirements), m_create_instance(o.m_create_instance), m_get_device(o.m_get_device),
      m_create_device(o.m_create_device) {}

XrSystem::~XrSystem() {
    if (m_instance != XR_NULL_HANDLE) xrDestroyInstance(m_instance);
}

bool XrSystem::has_extension(const char* name) const {
    return std::find(m_extensions.begin(), m_extensions.end(), name) != m_extensions.end();
}

gpu::ContextOptions XrSystem::vulkan_options(bool validation) {
    // Must come before xrCreateVulkanDeviceKHR and xrCreateSession.
    XrGraphicsRequirementsVulkan2KHR req{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    XR_CHECK(m_requirements(m_instance, m_system, &req));
    const uint32_t wanted = VK_API_VERSION_1_3;
    if (vk_version(req.maxApiVersionSupported) < wanted || vk_version(req.minApiVersionSupported) > wanted)
        throw core::Error("the OpenXR runtime supports Vulkan " +
                          std::to_string(XR_VERSION_MAJOR(req.minApiVersionSupported)) + "." +
                          std::to_string(XR_VERSION_MINOR(req.minApiVersionSupported)) + " to " +
                          std::to_string(XR_VERSION_MAJOR(req.maxApiVersionSupported)) + "." +
                          std::to_string(XR_VERSION_MINOR(req.maxApiVersionSupported)) + "; vrex needs 1.3");
    gpu::ContextOptions o;
    o.validation = validation;
    o.api_version = wanted;
    const XrInstance instance = m_instance;
    const XrSystemId system = m_system;
    auto create_instance = m_create_instance;
    auto get_device = m_get_device;
    auto create_device = m_create_device;
    o.hooks.create_instance = [=](const VkInstanceCreateInfo& ci, VkInstance* out) {
        XrVulkanInstanceCreateInfoKHR xi{XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR};
        xi.systemId = system;
        xi.pfnGetInstanceProcAddr = vkGetInstanceProcAddr;
        xi.vulkanCreateInfo = &ci;
        VkResult vr = VK_SUCCESS;
        const XrResult xr = create_instance(instance, &xi, out, &vr);
        return XR_SUCCEEDED(xr) ? vr : VK_ERROR_INITIALIZATION_FAILED;
    };
    o.hooks.pick_physical_device = [=](VkInstance vk) {
        XrVulkanGraphicsDeviceGetInfoKHR gi{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
        gi.systemId = system;
        gi.vulkanInstance = vk;
        VkPhysicalDevice device = VK_NULL_HANDLE;
        XR_CHECK(get_device(instance, &gi, &device));
        return device;
    };
    o.hooks.create_device = [=](VkPhysicalDevice pd, const VkDeviceCreateInfo& ci, VkDevice* out) {
        XrVulkanDeviceCreateInfoKHR xd{XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR};
        xd.systemId = system;
        xd.pfnGetInstanceProcAddr = vkGetInstanceProcAddr;
        xd.vulkanPhysicalDevice = pd;
        xd.vulkanCreateInfo = &ci;
        VkResult vr = VK_SUCCESS;
        const XrResult xr = create_device(instance, &xd, out, &vr);
        return XR_SUCCEEDED(xr) ? vr : VK_ERROR_INITIALIZATION_FAILED;
    };
    return o;
}

} // namespace vrex::xr
