// The simulated system: one head-mounted display, primary stereo, opaque.

#include "entry_points.hpp"

#include <cstring>

namespace xrsim::api {

namespace {

Instance* instance_from(XrInstance handle) {
    return from_handle<Instance>(handle, ObjectType::instance);
}

XrResult check_system(XrInstance handle, XrSystemId system, Instance*& instance) {
    instance = instance_from(handle);
    if (!instance) return XR_ERROR_HANDLE_INVALID;
    if (system != k_system_id) return misuse(*instance, "system", XR_ERROR_SYSTEM_INVALID, "unknown XrSystemId");
    return XR_SUCCESS;
}

XrResult check_view_configuration(Instance& instance, XrViewConfigurationType type, const char* call) {
    if (type == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO) return XR_SUCCESS;
    return misuse(instance, call, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED,
                  "only PRIMARY_STEREO, got " + std::to_string(type));
}

} // namespace

XrResult XRAPI_CALL get_system(XrInstance handle, const XrSystemGetInfo* info, XrSystemId* system) {
    std::lock_guard lock(api_mutex());
    Instance* instance = instance_from(handle);
    if (!instance) return XR_ERROR_HANDLE_INVALID;
    if (!info || !system || info->type != XR_TYPE_SYSTEM_GET_INFO) return XR_ERROR_VALIDATION_FAILURE;
    if (info->formFactor == XR_FORM_FACTOR_HANDHELD_DISPLAY) return XR_ERROR_FORM_FACTOR_UNSUPPORTED;
    if (info->formFactor != XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY) return XR_ERROR_VALIDATION_FAILURE;
    if (instance->lost) return XR_ERROR_INSTANCE_LOST;
    // VREX_XRSIM_ASLEEP=N: the headset sleeps through the first N calls (each logged with its time).
    const bool asleep = ++instance->get_system_calls <= instance->config.asleep_calls;
    if (instance->config.asleep_calls > 0) {
        const auto since = std::chrono::steady_clock::now() - instance->created;
        instance->log.write(
            JsonLine("get_system")
                .add("call", static_cast<int64_t>(instance->get_system_calls))
                .add("result", asleep ? "XR_ERROR_FORM_FACTOR_UNAVAILABLE" : "XR_SUCCESS")
                .add("ms", static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(since).count())));
    }
    if (asleep) return XR_ERROR_FORM_FACTOR_UNAVAILABLE;
    *system = k_system_id;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL get_system_properties(XrInstance handle, XrSystemId system, XrSystemProperties* properties) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check_system(handle, system, instance); XR_FAILED(r)) return r;
    if (!properties || properties->type != XR_TYPE_SYSTEM_PROPERTIES) return XR_ERROR_VALIDATION_FAILURE;
    properties->systemId = k_system_id;
    properties->vendorId = 0x7672; // "vr"
    std::strncpy(properties->systemName, "vrex xrsim HMD", XR_MAX_SYSTEM_NAME_SIZE - 1);
    properties->graphicsProperties.maxSwapchainImageWidth = instance->config.max_size;
    properties->graphicsProperties.maxSwapchainImageHeight = instance->config.max_size;
    properties->graphicsProperties.maxLayerCount = k_max_layers;
    properties->trackingProperties.orientationTracking = XR_TRUE;
    properties->trackingProperties.positionTracking = XR_TRUE;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL enumerate_environment_blend_modes(XrInstance handle, XrSystemId system,
                                                      XrViewConfigurationType type, uint32_t capacity, uint32_t* count,
                                                      XrEnvironmentBlendMode* modes) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check_system(handle, system, instance); XR_FAILED(r)) return r;
    if (XrResult r = check_view_configuration(*instance, type, "xrEnumerateEnvironmentBlendModes"); XR_FAILED(r))
        return r;
    if (!count) return XR_ERROR_VALIDATION_FAILURE;
    *count = 1;
    if (capacity == 0) return XR_SUCCESS;
    modes[0] = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL enumerate_view_configurations(XrInstance handle, XrSystemId system, uint32_t capacity,
                                                  uint32_t* count, XrViewConfigurationType* types) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check_system(handle, system, instance); XR_FAILED(r)) return r;
    if (!count) return XR_ERROR_VALIDATION_FAILURE;
    *count = 1;
    if (capacity == 0) return XR_SUCCESS;
    types[0] = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL get_view_configuration_properties(XrInstance handle, XrSystemId system,
                                                      XrViewConfigurationType type,
                                                      XrViewConfigurationProperties* properties) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check_system(handle, system, instance); XR_FAILED(r)) return r;
    if (XrResult r = check_view_configuration(*instance, type, "xrGetViewConfigurationProperties"); XR_FAILED(r))
        return r;
    if (!properties || properties->type != XR_TYPE_VIEW_CONFIGURATION_PROPERTIES) return XR_ERROR_VALIDATION_FAILURE;
    properties->viewConfigurationType = type;
    properties->fovMutable = XR_FALSE;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL enumerate_view_configuration_views(XrInstance handle, XrSystemId system,
                                                       XrViewConfigurationType type, uint32_t capacity, uint32_t* count,
                                                       XrViewConfigurationView* views) {
    std::lock_guard lock(api_mutex());
    Instance* instance = nullptr;
    if (XrResult r = check_system(handle, system, instance); XR_FAILED(r)) return r;
    if (XrResult r = check_view_configuration(*instance, type, "xrEnumerateViewConfigurationViews"); XR_FAILED(r))
        return r;
    if (!count) return XR_ERROR_VALIDATION_FAILURE;
    *count = k_view_count;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < k_view_count) return XR_ERROR_SIZE_INSUFFICIENT;
    for (uint32_t i = 0; i < k_view_count; ++i) {
        if (views[i].type != XR_TYPE_VIEW_CONFIGURATION_VIEW) return XR_ERROR_VALIDATION_FAILURE;
        views[i].recommendedImageRectWidth = instance->config.view_width;
        views[i].recommendedImageRectHeight = instance->config.view_height;
        views[i].maxImageRectWidth = instance->config.max_size;
        views[i].maxImageRectHeight = instance->config.max_size;
        views[i].recommendedSwapchainSampleCount = 1;
        views[i].maxSwapchainSampleCount = 1;
    }
    return XR_SUCCESS;
}

} // namespace xrsim::api
