#pragma once
// The OpenXR functions xrsim implements, one per OpenXR command, named after it in snake_case.

#include "runtime.hpp"

namespace xrsim::api {

// instance.cpp
XrResult XRAPI_CALL get_instance_proc_addr(XrInstance, const char*, PFN_xrVoidFunction*);
XrResult XRAPI_CALL enumerate_instance_extension_properties(const char*, uint32_t, uint32_t*, XrExtensionProperties*);
XrResult XRAPI_CALL create_instance(const XrInstanceCreateInfo*, XrInstance*);
XrResult XRAPI_CALL destroy_instance(XrInstance);
XrResult XRAPI_CALL get_instance_properties(XrInstance, XrInstanceProperties*);
XrResult XRAPI_CALL poll_event(XrInstance, XrEventDataBuffer*);
XrResult XRAPI_CALL result_to_string(XrInstance, XrResult, char[XR_MAX_RESULT_STRING_SIZE]);
XrResult XRAPI_CALL structure_type_to_string(XrInstance, XrStructureType, char[XR_MAX_STRUCTURE_NAME_SIZE]);
XrResult XRAPI_CALL string_to_path(XrInstance, const char*, XrPath*);
XrResult XRAPI_CALL path_to_string(XrInstance, XrPath, uint32_t, uint32_t*, char*);

// system.cpp
XrResult XRAPI_CALL get_system(XrInstance, const XrSystemGetInfo*, XrSystemId*);
XrResult XRAPI_CALL get_system_properties(XrInstance, XrSystemId, XrSystemProperties*);
XrResult XRAPI_CALL enumerate_environment_blend_modes(XrInstance, XrSystemId, XrViewConfigurationType, uint32_t,
                                                      uint32_t*, XrEnvironmentBlendMode*);
XrResult XRAPI_CALL enumerate_view_configurations(XrInstance, XrSystemId, uint32_t, uint32_t*,
                                                  XrViewConfigurationType*);
XrResult XRAPI_CALL get_view_configuration_properties(XrInstance, XrSystemId, XrViewConfigurationType,
                                                      XrViewConfigurationProperties*);
XrResult XRAPI_CALL enumerate_view_configuration_views(XrInstance, XrSystemId, XrViewConfigurationType, uint32_t,
                                                       uint32_t*, XrViewConfigurationView*);

// vulkan.cpp
XrResult XRAPI_CALL get_vulkan_graphics_requirements2(XrInstance, XrSystemId, XrGraphicsRequirementsVulkanKHR*);
XrResult XRAPI_CALL create_vulkan_instance(XrInstance, const XrVulkanInstanceCreateInfoKHR*, VkInstance*, VkResult*);
XrResult XRAPI_CALL get_vulkan_graphics_device2(XrInstance, const XrVulkanGraphicsDeviceGetInfoKHR*, VkPhysicalDevice*);
XrResult XRAPI_CALL create_vulkan_device(XrInstance, const XrVulkanDeviceCreateInfoKHR*, VkDevice*, VkResult*);
XrResult XRAPI_CALL get_vulkan_graphics_requirements(XrInstance, XrSystemId, XrGraphicsRequirementsVulkanKHR*);
XrResult XRAPI_CALL get_vulkan_instance_extensions(XrInstance, XrSystemId, uint32_t, uint32_t*, char*);
XrResult XRAPI_CALL get_vulkan_device_extensions(XrInstance, XrSystemId, uint32_t, uint32_t*, char*);
XrResult XRAPI_CALL get_vulkan_graphics_device(XrInstance, XrSystemId, VkInstance, VkPhysicalDevice*);

// session.cpp
XrResult XRAPI_CALL create_session(XrInstance, const XrSessionCreateInfo*, XrSession*);
XrResult XRAPI_CALL destroy_session(XrSession);
XrResult XRAPI_CALL begin_session(XrSession, const XrSessionBeginInfo*);
XrResult XRAPI_CALL end_session(XrSession);
XrResult XRAPI_CALL request_exit_session(XrSession);

// frame.cpp
XrResult XRAPI_CALL wait_frame(XrSession, const XrFrameWaitInfo*, XrFrameState*);
XrResult XRAPI_CALL begin_frame(XrSession, const XrFrameBeginInfo*);
XrResult XRAPI_CALL end_frame(XrSession, const XrFrameEndInfo*);

// space.cpp
XrResult XRAPI_CALL enumerate_reference_spaces(XrSession, uint32_t, uint32_t*, XrReferenceSpaceType*);
XrResult XRAPI_CALL create_reference_space(XrSession, const XrReferenceSpaceCreateInfo*, XrSpace*);
XrResult XRAPI_CALL get_reference_space_bounds_rect(XrSession, XrReferenceSpaceType, XrExtent2Df*);
XrResult XRAPI_CALL create_action_space(XrSession, const XrActionSpaceCreateInfo*, XrSpace*);
XrResult XRAPI_CALL locate_space(XrSpace, XrSpace, XrTime, XrSpaceLocation*);
XrResult XRAPI_CALL destroy_space(XrSpace);
XrResult XRAPI_CALL locate_views(XrSession, const XrViewLocateInfo*, XrViewState*, uint32_t, uint32_t*, XrView*);

// swapchain.cpp
XrResult XRAPI_CALL enumerate_swapchain_formats(XrSession, uint32_t, uint32_t*, int64_t*);
XrResult XRAPI_CALL create_swapchain(XrSession, const XrSwapchainCreateInfo*, XrSwapchain*);
XrResult XRAPI_CALL destroy_swapchain(XrSwapchain);
XrResult XRAPI_CALL enumerate_swapchain_images(XrSwapchain, uint32_t, uint32_t*, XrSwapchainImageBaseHeader*);
XrResult XRAPI_CALL acquire_swapchain_image(XrSwapchain, const XrSwapchainImageAcquireInfo*, uint32_t*);
XrResult XRAPI_CALL wait_swapchain_image(XrSwapchain, const XrSwapchainImageWaitInfo*);
XrResult XRAPI_CALL release_swapchain_image(XrSwapchain, const XrSwapchainImageReleaseInfo*);

// actions.cpp
XrResult XRAPI_CALL create_action_set(XrInstance, const XrActionSetCreateInfo*, XrActionSet*);
XrResult XRAPI_CALL destroy_action_set(XrActionSet);
XrResult XRAPI_CALL create_action(XrActionSet, const XrActionCreateInfo*, XrAction*);
XrResult XRAPI_CALL destroy_action(XrAction);
XrResult XRAPI_CALL suggest_interaction_profile_bindings(XrInstance, const XrInteractionProfileSuggestedBinding*);
XrResult XRAPI_CALL attach_session_action_sets(XrSession, const XrSessionActionSetsAttachInfo*);
XrResult XRAPI_CALL get_current_interaction_profile(XrSession, XrPath, XrInteractionProfileState*);
XrResult XRAPI_CALL sync_actions(XrSession, const XrActionsSyncInfo*);

// action_state.cpp
XrResult XRAPI_CALL get_action_state_boolean(XrSession, const XrActionStateGetInfo*, XrActionStateBoolean*);
XrResult XRAPI_CALL get_action_state_float(XrSession, const XrActionStateGetInfo*, XrActionStateFloat*);
XrResult XRAPI_CALL get_action_state_vector2f(XrSession, const XrActionStateGetInfo*, XrActionStateVector2f*);
XrResult XRAPI_CALL get_action_state_pose(XrSession, const XrActionStateGetInfo*, XrActionStatePose*);
XrResult XRAPI_CALL enumerate_bound_sources_for_action(XrSession, const XrBoundSourcesForActionEnumerateInfo*, uint32_t,
                                                       uint32_t*, XrPath*);
XrResult XRAPI_CALL get_input_source_localized_name(XrSession, const XrInputSourceLocalizedNameGetInfo*, uint32_t,
                                                    uint32_t*, char*);
XrResult XRAPI_CALL apply_haptic_feedback(XrSession, const XrHapticActionInfo*, const XrHapticBaseHeader*);
XrResult XRAPI_CALL stop_haptic_feedback(XrSession, const XrHapticActionInfo*);

} // namespace xrsim::api
