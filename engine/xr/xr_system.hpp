#pragma once
// The OpenXR instance and the headset (system), and the hooks through which OpenXR creates vrex's Vulkan instance
// and device (XR_KHR_vulkan_enable2), so that gpu/ stays XR-agnostic.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>
// openxr_platform.h needs the Vulkan types declared first.
#define XR_USE_GRAPHICS_API_VULKAN
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include "gpu/context.hpp"

namespace vrex::xr {

struct XrStartError {
    std::string reason; // one line for a visitor or an engineer: "no OpenXR runtime is active", ...
};

class XrSystem {
public:
    // Creates the instance and finds the headset. Returns an error instead of throwing when there is no runtime or
    // no headset: the app then falls back to the desktop (or exits with the reason under --xr).
    // wait_for_headset: a headset the runtime knows but cannot use now (XR_ERROR_FORM_FACTOR_UNAVAILABLE: asleep,
    // unplugged) is waited for, asking again every k_system_poll_ms and saying so once, until it appears.
    static std::optional<XrSystem> create(XrStartError& error, bool wait_for_headset = false);
    static constexpr int k_system_poll_ms = 500;
    ~XrSystem();
    XrSystem(XrSystem&& o) noexcept;
    XrSystem& operator=(XrSystem&&) = delete;
    XrSystem(const XrSystem&) = delete;

    XrInstance instance() const { return m_instance; }
    XrSystemId system() const { return m_system; }
    const std::string& runtime_name() const { return m_runtime_name; }
    bool has_extension(const char* name) const;

    // Context options whose hooks create Vulkan through the runtime; api_version from the runtime's requirements.
    // Throws core::Error when the runtime cannot give vrex Vulkan 1.3 (dynamic rendering, synchronization2).
    gpu::ContextOptions vulkan_options(bool validation);

private:
    XrSystem() = default;

    XrInstance m_instance = XR_NULL_HANDLE;
    XrSystemId m_system = XR_NULL_SYSTEM_ID;
    std::string m_runtime_name;
    std::vector<std::string> m_extensions; // enabled
    PFN_xrGetVulkanGraphicsRequirements2KHR m_requirements = nullptr;
    PFN_xrCreateVulkanInstanceKHR m_create_instance = nullptr;
    PFN_xrGetVulkanGraphicsDevice2KHR m_get_device = nullptr;
    PFN_xrCreateVulkanDeviceKHR m_create_device = nullptr;
};

} // namespace vrex::xr
