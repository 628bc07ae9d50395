// The loader-facing side: xrNegotiateLoaderRuntimeInterface (the only exported symbol), xrGetInstanceProcAddr's
// table (the handle registry is in handles.cpp).

#include "entry_points.hpp"

#include <openxr/openxr_reflection.h>

#include <cstring>

// The runtime half of the loader interface (OpenXR loader document, "Runtime Interface Negotiation"). Debian does
// not ship the SDK's loader_interfaces.h, so the two structures are declared here with the layout it documents.
namespace {
constexpr uint32_t k_loader_info_struct = 1;     // XR_LOADER_INTERFACE_STRUCT_LOADER_INFO
constexpr uint32_t k_runtime_request_struct = 3; // XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST
constexpr uint32_t k_struct_version = 1;
constexpr uint32_t k_interface_version = 1;
} // namespace

extern "C" {
struct XrsimNegotiateLoaderInfo {
    uint32_t structType;
    uint32_t structVersion;
    size_t structSize;
    uint32_t minInterfaceVersion;
    uint32_t maxInterfaceVersion;
    XrVersion minApiVersion;
    XrVersion maxApiVersion;
};
struct XrsimNegotiateRuntimeRequest {
    uint32_t structType;
    uint32_t structVersion;
    size_t structSize;
    uint32_t runtimeInterfaceVersion;
    XrVersion runtimeApiVersion;
    PFN_xrGetInstanceProcAddr getInstanceProcAddr;
};

__attribute__((visibility("default"))) XrResult XRAPI_CALL
xrNegotiateLoaderRuntimeInterface(const XrsimNegotiateLoaderInfo* loader_info, XrsimNegotiateRuntimeRequest* request) {
    if (!loader_info || !request) return XR_ERROR_INITIALIZATION_FAILED;
    if (loader_info->structType != k_loader_info_struct || loader_info->structVersion != k_struct_version ||
        loader_info->structSize != sizeof(XrsimNegotiateLoaderInfo))
        return XR_ERROR_INITIALIZATION_FAILED;
    if (request->structType != k_runtime_request_struct || request->structVersion != k_struct_version ||
        request->structSize != sizeof(XrsimNegotiateRuntimeRequest))
        return XR_ERROR_INITIALIZATION_FAILED;
    if (loader_info->minInterfaceVersion > k_interface_version ||
        loader_info->maxInterfaceVersion < k_interface_version)
        return XR_ERROR_INITIALIZATION_FAILED;
    if (XR_VERSION_MAJOR(loader_info->minApiVersion) > 1 || XR_VERSION_MAJOR(loader_info->maxApiVersion) < 1)
        return XR_ERROR_INITIALIZATION_FAILED;
    request->runtimeInterfaceVersion = k_interface_version;
    request->runtimeApiVersion = XR_CURRENT_API_VERSION;
    request->getInstanceProcAddr = xrsim::api::get_instance_proc_addr;
    return XR_SUCCESS;
}
}

namespace xrsim {

namespace {

struct Function {
    const char* name;
    const char* extension; // nullptr: core
    PFN_xrVoidFunction function;
};

template <class F> PFN_xrVoidFunction as_void(F function) {
    return reinterpret_cast<PFN_xrVoidFunction>(function);
}

#define XRSIM_CORE(xr_name, impl)                                                                                      \
    { #xr_name, nullptr, as_void(static_cast <PFN_##xr_name>(api::impl)) }
#define XRSIM_EXT(xr_name, ext, impl)                                                                                  \
    { #xr_name, ext, as_void(static_cast <PFN_##xr_name>(api::impl)) }

const Function k_functions[] = {
    XRSIM_CORE(xrGetInstanceProcAddr, get_instance_proc_addr),
    XRSIM_CORE(xrEnumerateInstanceExtensionProperties, enumerate_instance_extension_properties),
    XRSIM_CORE(xrCreateInstance, create_instance),
    XRSIM_CORE(xrDestroyInstance, destroy_instance),
    XRSIM_CORE(xrGetInstanceProperties, get_instance_properties),
    XRSIM_CORE(xrPollEvent, poll_event),
    XRSIM_CORE(xrResultToString, result_to_string),
    XRSIM_CORE(xrStructureTypeToString, structure_type_to_string),
    XRSIM_CORE(xrStringToPath, string_to_path),
    XRSIM_CORE(xrPathToString, path_to_string),
    XRSIM_CORE(xrGetSystem, get_system),
    XRSIM_CORE(xrGetSystemProperties, get_system_properties),
    XRSIM_CORE(xrEnumerateEnvironmentBlendModes, enumerate_environment_blend_modes),
    XRSIM_CORE(xrEnumerateViewConfigurations, enumerate_view_configurations),
    XRSIM_CORE(xrGetViewConfigurationProperties, get_view_configuration_properties),
    XRSIM_CORE(xrEnumerateViewConfigurationViews, enumerate_view_configuration_views),
    XRSIM_CORE(xrCreateSession, create_session),
    XRSIM_CORE(xrDestroySession, destroy_session),
    XRSIM_CORE(xrBeginSession, begin_session),
    XRSIM_CORE(xrEndSession, end_session),
    XRSIM_CORE(xrRequestExitSession, request_exit_session),
    XRSIM_CORE(xrWaitFrame, wait_frame),
    XRSIM_CORE(xrBeginFrame, begin_frame),
    XRSIM_CORE(xrEndFrame, end_frame),
    XRSIM_CORE(xrEnumerateReferenceSpaces, enumerate_reference_spaces),
    XRSIM_CORE(xrCreateReferenceSpace, create_reference_space),
    XRSIM_CORE(xrGetReferenceSpaceBoundsRect, get_reference_space_bounds_rect),
    XRSIM_CORE(xrCreateActionSpace, create_action_space),
    XRSIM_CORE(xrLocateSpace, locate_space),
    XRSIM_CORE(xrDestroySpace, destroy_space),
    XRSIM_CORE(xrLocateViews, locate_views),
    XRSIM_CORE(xrEnumerateSwapchainFormats, enumerate_swapchain_formats),
    XRSIM_CORE(xrCreateSwapchain, create_swapchain),
    XRSIM_CORE(xrDestroySwapchain, destroy_swapchain),
    XRSIM_CORE(xrEnumerateSwapchainImages, enumerate_swapchain_images),
    XRSIM_CORE(xrAcquireSwapchainImage, acquire_swapchain_image),
    XRSIM_CORE(xrWaitSwapchainImage, wait_swapchain_image),
    XRSIM_CORE(xrReleaseSwapchainImage, release_swapchain_image),
    XRSIM_CORE(xrCreateActionSet, create_action_set),
    XRSIM_CORE(xrDestroyActionSet, destroy_action_set),
    XRSIM_CORE(xrCreateAction, create_action),
    XRSIM_CORE(xrDestroyAction, destroy_action),
    XRSIM_CORE(xrSuggestInteractionProfileBindings, suggest_interaction_profile_bindings),
    XRSIM_CORE(xrAttachSessionActionSets, attach_session_action_sets),
    XRSIM_CORE(xrGetCurrentInteractionProfile, get_current_interaction_profile),
    XRSIM_CORE(xrSyncActions, sync_actions),
    XRSIM_CORE(xrGetActionStateBoolean, get_action_state_boolean),
    XRSIM_CORE(xrGetActionStateFloat, get_action_state_float),
    XRSIM_CORE(xrGetActionStateVector2f, get_action_state_vector2f),
    XRSIM_CORE(xrGetActionStatePose, get_action_state_pose),
    XRSIM_CORE(xrEnumerateBoundSourcesForAction, enumerate_bound_sources_for_action),
    XRSIM_CORE(xrGetInputSourceLocalizedName, get_input_source_localized_name),
    XRSIM_CORE(xrApplyHapticFeedback, apply_haptic_feedback),
    XRSIM_CORE(xrStopHapticFeedback, stop_haptic_feedback),
    XRSIM_EXT(xrGetVulkanGraphicsRequirements2KHR, "XR_KHR_vulkan_enable2", get_vulkan_graphics_requirements2),
    XRSIM_EXT(xrCreateVulkanInstanceKHR, "XR_KHR_vulkan_enable2", create_vulkan_instance),
    XRSIM_EXT(xrGetVulkanGraphicsDevice2KHR, "XR_KHR_vulkan_enable2", get_vulkan_graphics_device2),
    XRSIM_EXT(xrCreateVulkanDeviceKHR, "XR_KHR_vulkan_enable2", create_vulkan_device),
    XRSIM_EXT(xrGetVulkanGraphicsRequirementsKHR, "XR_KHR_vulkan_enable", get_vulkan_graphics_requirements),
    XRSIM_EXT(xrGetVulkanInstanceExtensionsKHR, "XR_KHR_vulkan_enable", get_vulkan_instance_extensions),
    XRSIM_EXT(xrGetVulkanDeviceExtensionsKHR, "XR_KHR_vulkan_enable", get_vulkan_device_extensions),
    XRSIM_EXT(xrGetVulkanGraphicsDeviceKHR, "XR_KHR_vulkan_enable", get_vulkan_graphics_device),
};

#undef XRSIM_CORE
#undef XRSIM_EXT

} // namespace

PFN_xrVoidFunction find_function(const char* name, const Instance* instance, XrResult& result) {
    for (const Function& entry : k_functions) {
        if (std::strcmp(entry.name, name) != 0) continue;
        if (entry.extension && (!instance || !instance->extensions.count(entry.extension))) {
            result = XR_ERROR_FUNCTION_UNSUPPORTED; // the extension was not enabled
            return nullptr;
        }
        result = XR_SUCCESS;
        return entry.function;
    }
    result = XR_ERROR_FUNCTION_UNSUPPORTED;
    return nullptr;
}

std::mutex& api_mutex() {
    static std::mutex mutex;
    return mutex;
}

const char* result_name(XrResult result) {
    switch (result) {
#define XRSIM_RESULT_CASE(name, value)                                                                                 \
    case name:                                                                                                         \
        return #name;
        XR_LIST_ENUM_XrResult(XRSIM_RESULT_CASE)
#undef XRSIM_RESULT_CASE
            default : return "XR_UNKNOWN_RESULT";
    }
}

const char* state_name(XrSessionState state) {
    switch (state) {
#define XRSIM_STATE_CASE(name, value)                                                                                  \
    case name:                                                                                                         \
        return #name + sizeof("XR_SESSION_STATE_") - 1;
        XR_LIST_ENUM_XrSessionState(XRSIM_STATE_CASE)
#undef XRSIM_STATE_CASE
            default : return "UNKNOWN";
    }
}

XrResult misuse(Instance& instance, const char* call, XrResult result, const std::string& what) {
    ++instance.misuse_count;
    instance.log.write(JsonLine("misuse").add("call", call).add("result", result_name(result)).add("what", what), true);
    return result;
}

} // namespace xrsim
