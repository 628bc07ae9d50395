// Session lifetime and the session state machine, driven the way a real runtime drives it: one step per frame on the
// way up (READY → SYNCHRONIZED → VISIBLE → FOCUSED), every intermediate state on the way down.

#include "entry_points.hpp"

#include <chrono>
#include <cstring>

namespace xrsim {

namespace {

Session* session_from(XrSession handle) {
    return from_handle<Session>(handle, ObjectType::session);
}

const XrGraphicsBindingVulkanKHR* find_vulkan_binding(const void* next) {
    for (auto* header = static_cast<const XrBaseInStructure*>(next); header; header = header->next)
        if (header->type == XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR)
            return reinterpret_cast<const XrGraphicsBindingVulkanKHR*>(header);
    return nullptr;
}

XrResult check_binding(Instance& instance, const XrGraphicsBindingVulkanKHR* binding) {
    const char* call = "xrCreateSession";
    if (!binding)
        return misuse(instance, call, XR_ERROR_GRAPHICS_DEVICE_INVALID, "no XrGraphicsBindingVulkan2KHR in next");
    if (binding->physicalDevice != instance.physical_device || binding->physicalDevice == VK_NULL_HANDLE)
        return misuse(instance, call, XR_ERROR_GRAPHICS_DEVICE_INVALID,
                      "physicalDevice is not the one xrGetVulkanGraphicsDevice2KHR returned");
    if (binding->instance == VK_NULL_HANDLE || binding->device == VK_NULL_HANDLE)
        return misuse(instance, call, XR_ERROR_GRAPHICS_DEVICE_INVALID, "null VkInstance or VkDevice");
    uint32_t family_count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(binding->physicalDevice, &family_count, nullptr);
    std::vector<VkQueueFamilyProperties> families(family_count);
    vkGetPhysicalDeviceQueueFamilyProperties(binding->physicalDevice, &family_count, families.data());
    if (binding->queueFamilyIndex >= family_count ||
        binding->queueIndex >= families[binding->queueFamilyIndex].queueCount)
        return misuse(instance, call, XR_ERROR_GRAPHICS_DEVICE_INVALID, "queueFamilyIndex/queueIndex out of range");
    return XR_SUCCESS;
}

XrResult open_vulkan(Session& session, const XrGraphicsBindingVulkanKHR& binding) {
    session.vk_instance = binding.instance;
    session.physical_device = binding.physicalDevice;
    session.device = binding.device;
    session.queue_family = binding.queueFamilyIndex;
    vkGetDeviceQueue(binding.device, binding.queueFamilyIndex, binding.queueIndex, &session.queue);
    VkCommandPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT | VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    pool_info.queueFamilyIndex = binding.queueFamilyIndex;
    if (vkCreateCommandPool(binding.device, &pool_info, nullptr, &session.command_pool) != VK_SUCCESS)
        return XR_ERROR_RUNTIME_FAILURE;
    return XR_SUCCESS;
}

// FOCUSED → VISIBLE → SYNCHRONIZED → STOPPING, each announced.
void begin_stopping(Session& session) {
    session.exit_requested = true;
    if (session.state == XR_SESSION_STATE_FOCUSED) set_state(session, XR_SESSION_STATE_VISIBLE);
    if (session.state == XR_SESSION_STATE_VISIBLE) set_state(session, XR_SESSION_STATE_SYNCHRONIZED);
    if (session.state == XR_SESSION_STATE_SYNCHRONIZED || session.state == XR_SESSION_STATE_READY)
        set_state(session, XR_SESSION_STATE_STOPPING);
}

void step_up(Session& session) {
    if (session.exit_requested || session.headset_off) return;
    if (session.state == XR_SESSION_STATE_READY)
        set_state(session, XR_SESSION_STATE_SYNCHRONIZED);
    else if (session.state == XR_SESSION_STATE_SYNCHRONIZED)
        set_state(session, XR_SESSION_STATE_VISIBLE);
    else if (session.state == XR_SESSION_STATE_VISIBLE && !session.focus_suppressed)
        set_state(session, XR_SESSION_STATE_FOCUSED);
}

void push_reference_space_change(Session& session, int64_t frame) {
    XrEventDataReferenceSpaceChangePending event{XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING};
    event.session = to_handle<XrSession>(&session);
    event.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
    event.changeTime = predicted_time(session, frame);
    event.poseValid = XR_TRUE;
    event.poseInPreviousSpace = to_xr(Pose{});
    push_event(*session.instance, &event, sizeof event);
}

void lose(Session& session) {
    session.lost = true;
    set_state(session, XR_SESSION_STATE_LOSS_PENDING);
}

} // namespace

void set_state(Session& session, XrSessionState state) {
    session.state = state;
    XrEventDataSessionStateChanged event{XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED};
    event.session = to_handle<XrSession>(&session);
    event.state = state;
    event.time = predicted_time(session, session.last_waited);
    push_event(*session.instance, &event, sizeof event);
    session.instance->log.write(JsonLine("state").add("frame", session.last_waited).add("state", state_name(state)));
}

XrResult check_session(Session* session) {
    if (!session) return XR_ERROR_HANDLE_INVALID;
    if (session->instance->lost) return XR_ERROR_INSTANCE_LOST;
    return session->lost ? XR_ERROR_SESSION_LOST : XR_SUCCESS;
}

XrTime predicted_time(const Session& session, int64_t frame) {
    return session.time_base + (frame + 1) * k_frame_period_ns;
}

int64_t frame_at(const Session& session, XrTime time) {
    if (time <= session.time_base) return 0;
    return (time - session.time_base + k_frame_period_ns / 2) / k_frame_period_ns - 1;
}

void run_frame_script(Session& session, int64_t frame) {
    step_up(session);
    for (ScriptEvent event : session.instance->script.events_at(frame)) {
        if (event != ScriptEvent::capture)
            session.instance->log.write(JsonLine("script").add("frame", frame).add("do", to_string(event)));
        if (event == ScriptEvent::focus_lost) {
            session.focus_suppressed = true;
            if (session.state == XR_SESSION_STATE_FOCUSED) set_state(session, XR_SESSION_STATE_VISIBLE);
        } else if (event == ScriptEvent::focus_regained) {
            session.focus_suppressed = false;
        } else if (event == ScriptEvent::exit_request) {
            begin_stopping(session);
        } else if (event == ScriptEvent::reference_space_change) {
            push_reference_space_change(session, frame);
        } else if (event == ScriptEvent::lose_session) {
            lose(session);
            return;
        } else if (event == ScriptEvent::headset_off) {
            take_headset_off(session);
        } else if (event == ScriptEvent::headset_on) {
            put_headset_on(session);
        } else if (event == ScriptEvent::event_flood) {
            flood_events(session);
        } else if (event == ScriptEvent::lose_instance) {
            lose_instance(session, frame);
        }
    }
    update_interaction_profile(session);
}

void destroy_session_object(Session* session, const std::string& how) {
    const std::string child = "with its session (" + how + ")";
    // Children the application left to die with the session: a leak in an application that recreates sessions.
    const int64_t orphans = static_cast<int64_t>(session->swapchains.size() + session->spaces.size());
    session->instance->next_frame = session->last_waited + 1;
    while (!session->swapchains.empty()) destroy_swapchain_object(*session->swapchains.begin(), child);
    while (!session->spaces.empty()) destroy_space_object(*session->spaces.begin(), child);
    wait_queue_idle(*session);
    if (session->command_pool != VK_NULL_HANDLE) vkDestroyCommandPool(session->device, session->command_pool, nullptr);
    session->instance->log.write(JsonLine("session_destroyed")
                                     .add("frames", static_cast<int64_t>(session->frames_submitted))
                                     .add("orphans", orphans));
    session->instance->sessions.erase(session);
    unregister_object(session, how);
    delete session;
}

} // namespace xrsim

namespace xrsim::api {

XrResult XRAPI_CALL create_session(XrInstance handle, const XrSessionCreateInfo* info, XrSession* out) {
    std::lock_guard lock(api_mutex());
    Instance* instance = from_handle<Instance>(handle, ObjectType::instance);
    if (!instance) return XR_ERROR_HANDLE_INVALID;
    if (!info || !out || info->type != XR_TYPE_SESSION_CREATE_INFO) return XR_ERROR_VALIDATION_FAILURE;
    if (info->systemId != k_system_id)
        return misuse(*instance, "xrCreateSession", XR_ERROR_SYSTEM_INVALID, "unknown XrSystemId");
    if (!instance->vulkan_requirements_queried)
        return misuse(*instance, "xrCreateSession", XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING,
                      "xrGetVulkanGraphicsRequirements2KHR was not called first");
    if (!instance->sessions.empty())
        return misuse(*instance, "xrCreateSession", XR_ERROR_LIMIT_REACHED, "one session at a time");
    const XrGraphicsBindingVulkanKHR* binding = find_vulkan_binding(info->next);
    if (XrResult r = check_binding(*instance, binding); XR_FAILED(r)) return r;
    auto session = std::make_unique<Session>();
    session->instance = instance;
    auto now = std::chrono::steady_clock::now().time_since_epoch();
    session->time_base = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
    session->last_waited = instance->next_frame - 1; // frames count on from the instance's previous session
    if (XrResult r = open_vulkan(*session, *binding); XR_FAILED(r)) return r;
    register_object(session.get(), ObjectType::session);
    instance->sessions.insert(session.get());
    set_state(*session, XR_SESSION_STATE_IDLE);
    set_state(*session, XR_SESSION_STATE_READY);
    *out = to_handle<XrSession>(session.release());
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroy_session(XrSession handle) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (!session) return XR_ERROR_HANDLE_INVALID;
    destroy_session_object(session, "xrDestroySession");
    return XR_SUCCESS;
}

XrResult XRAPI_CALL begin_session(XrSession handle, const XrSessionBeginInfo* info) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!info || info->type != XR_TYPE_SESSION_BEGIN_INFO) return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *session->instance;
    if (info->primaryViewConfigurationType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return misuse(instance, "xrBeginSession", XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED, "not PRIMARY_STEREO");
    if (session->running) return misuse(instance, "xrBeginSession", XR_ERROR_SESSION_RUNNING, "already running");
    if (session->state != XR_SESSION_STATE_READY)
        return misuse(instance, "xrBeginSession", XR_ERROR_SESSION_NOT_READY,
                      std::string("state is ") + state_name(session->state));
    session->running = true;
    session->exit_requested = false;
    instance.log.write(JsonLine("begin_session").add("frame", session->last_waited));
    return XR_SUCCESS;
}

XrResult XRAPI_CALL end_session(XrSession handle) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    Instance& instance = *session->instance;
    if (!session->running) return misuse(instance, "xrEndSession", XR_ERROR_SESSION_NOT_RUNNING, "not running");
    if (session->state != XR_SESSION_STATE_STOPPING)
        return misuse(instance, "xrEndSession", XR_ERROR_SESSION_NOT_STOPPING,
                      std::string("state is ") + state_name(session->state));
    wait_queue_idle(*session);
    session->running = false;
    session->frame_waited = false;
    session->frame_begun = false;
    session->predicted_times.clear();
    instance.log.write(JsonLine("end_session").add("frame", session->last_waited));
    if (stop_without_exit(*session)) return XR_SUCCESS;
    set_state(*session, XR_SESSION_STATE_IDLE);
    set_state(*session, session->exit_requested ? XR_SESSION_STATE_EXITING : XR_SESSION_STATE_READY);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL request_exit_session(XrSession handle) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!session->running)
        return misuse(*session->instance, "xrRequestExitSession", XR_ERROR_SESSION_NOT_RUNNING, "not running");
    session->instance->log.write(JsonLine("request_exit").add("frame", session->last_waited));
    begin_stopping(*session);
    return XR_SUCCESS;
}

} // namespace xrsim::api
