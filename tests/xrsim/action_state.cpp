// Reading actions: xrGetActionState*, action poses, bound sources, haptics (recorded in the log).

#include "entry_points.hpp"

#include <algorithm>

namespace xrsim {

namespace {

// Where the simulated controller is held, relative to the LOCAL origin (the head at rest).
constexpr float k_hand_x_m = 0.2f;
constexpr float k_hand_y_m = -0.35f;
constexpr float k_hand_z_m = -0.35f;

Session* session_from(XrSession handle) {
    return from_handle<Session>(handle, ObjectType::session);
}

bool attached_to(const Session& session, const Action& action) {
    return std::find(session.attached_sets.begin(), session.attached_sets.end(), action.set) !=
           session.attached_sets.end();
}

// The checks common to every call that reads or drives an action; `action` receives it.
XrResult check_action_call(Session* session, XrAction handle, XrPath subaction, XrActionType type, const char* call,
                           Action*& action) {
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    action = from_handle<Action>(handle, ObjectType::action);
    if (!action) return XR_ERROR_HANDLE_INVALID;
    Instance& instance = *session->instance;
    if (!attached_to(*session, *action))
        return misuse(instance, call, XR_ERROR_ACTIONSET_NOT_ATTACHED, action->set->name + " is not attached");
    if (action->type != type)
        return misuse(instance, call, XR_ERROR_ACTION_TYPE_MISMATCH, action->name + " has another type");
    if (subaction != XR_NULL_PATH && std::find(action->subaction_paths.begin(), action->subaction_paths.end(),
                                               subaction) == action->subaction_paths.end())
        return misuse(instance, call, XR_ERROR_PATH_UNSUPPORTED, "subactionPath not declared by " + action->name);
    return XR_SUCCESS;
}

XrResult get_state(XrSession handle, const XrActionStateGetInfo* info, XrActionType type, const char* call,
                   ActionValue& value, ActionValue& previous, XrTime& changed_at) {
    Session* session = session_from(handle);
    if (!info || info->type != XR_TYPE_ACTION_STATE_GET_INFO) return XR_ERROR_VALIDATION_FAILURE;
    Action* action = nullptr;
    if (XrResult r = check_action_call(session, info->action, info->subactionPath, type, call, action); XR_FAILED(r))
        return r;
    value = action->current[info->subactionPath];
    previous = action->previous[info->subactionPath];
    changed_at = action->changed_at.count(info->subactionPath) ? action->changed_at[info->subactionPath] : 0;
    return XR_SUCCESS;
}

std::string source_name(const Instance& instance, const std::string& path, XrInputSourceLocalizedNameFlags flags) {
    std::string name;
    auto append = [&](const std::string& part) { name += (name.empty() ? "" : " ") + part; };
    if (flags & XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT)
        append(path.rfind("/user/hand/left", 0) == 0 ? "Left Hand" : "Right Hand");
    if (flags & XR_INPUT_SOURCE_LOCALIZED_NAME_INTERACTION_PROFILE_BIT) append("Simulated Controller");
    if (flags & XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT) {
        size_t input = path.find("/input/");
        append(input == std::string::npos ? path.substr(path.find_last_of('/') + 1) : path.substr(input + 7));
    }
    (void)instance;
    return name;
}

} // namespace

bool pose_action_tracked(const Session& session, const Action& action, XrPath subaction, int64_t frame, Pose& pose) {
    if (!attached_to(session, action) || session.current_profile == XR_NULL_PATH) return false;
    if (subaction != XR_NULL_PATH && subaction != session.current_hand) return false;
    ScriptState state = session.instance->script.state_at(frame);
    if (!state.controller_active) return false;
    const Instance& instance = *session.instance;
    auto it = instance.suggested.find(session.current_profile);
    if (it == instance.suggested.end()) return false;
    const std::string& hand = path_string(instance, session.current_hand);
    bool bound = std::any_of(it->second.begin(), it->second.end(), [&](const Binding& binding) {
        return binding.action == &action && path_string(instance, binding.path).rfind(hand + "/", 0) == 0;
    });
    if (!bound) return false;
    float side = state.hand == Hand::left ? -1.0f : 1.0f;
    pose.position = glm::vec3(side * k_hand_x_m, k_hand_y_m, k_hand_z_m);
    pose.orientation = yaw_pitch(state.aim_yaw_deg, state.aim_pitch_deg);
    return true;
}

} // namespace xrsim

namespace xrsim::api {

XrResult XRAPI_CALL get_action_state_boolean(XrSession handle, const XrActionStateGetInfo* info,
                                             XrActionStateBoolean* state) {
    std::lock_guard lock(api_mutex());
    if (!state || state->type != XR_TYPE_ACTION_STATE_BOOLEAN) return XR_ERROR_VALIDATION_FAILURE;
    ActionValue value, previous;
    XrTime changed_at = 0;
    XrResult r =
        get_state(handle, info, XR_ACTION_TYPE_BOOLEAN_INPUT, "xrGetActionStateBoolean", value, previous, changed_at);
    if (XR_FAILED(r)) return r;
    state->isActive = value.active;
    state->currentState = value.active && value.boolean;
    state->changedSinceLastSync = value.active && value.boolean != previous.boolean;
    state->lastChangeTime = changed_at;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL get_action_state_float(XrSession handle, const XrActionStateGetInfo* info,
                                           XrActionStateFloat* state) {
    std::lock_guard lock(api_mutex());
    if (!state || state->type != XR_TYPE_ACTION_STATE_FLOAT) return XR_ERROR_VALIDATION_FAILURE;
    ActionValue value, previous;
    XrTime changed_at = 0;
    XrResult r =
        get_state(handle, info, XR_ACTION_TYPE_FLOAT_INPUT, "xrGetActionStateFloat", value, previous, changed_at);
    if (XR_FAILED(r)) return r;
    state->isActive = value.active;
    state->currentState = value.active ? value.scalar : 0.0f;
    state->changedSinceLastSync = value.active && value.scalar != previous.scalar;
    state->lastChangeTime = changed_at;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL get_action_state_vector2f(XrSession handle, const XrActionStateGetInfo* info,
                                              XrActionStateVector2f* state) {
    std::lock_guard lock(api_mutex());
    if (!state || state->type != XR_TYPE_ACTION_STATE_VECTOR2F) return XR_ERROR_VALIDATION_FAILURE;
    ActionValue value, previous;
    XrTime changed_at = 0;
    XrResult r =
        get_state(handle, info, XR_ACTION_TYPE_VECTOR2F_INPUT, "xrGetActionStateVector2f", value, previous, changed_at);
    if (XR_FAILED(r)) return r;
    state->isActive = value.active;
    state->currentState = value.active ? XrVector2f{value.vector.x, value.vector.y} : XrVector2f{0.0f, 0.0f};
    state->changedSinceLastSync = value.active && value.vector != previous.vector;
    state->lastChangeTime = changed_at;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL get_action_state_pose(XrSession handle, const XrActionStateGetInfo* info,
                                          XrActionStatePose* state) {
    std::lock_guard lock(api_mutex());
    if (!state || state->type != XR_TYPE_ACTION_STATE_POSE) return XR_ERROR_VALIDATION_FAILURE;
    ActionValue value, previous;
    XrTime changed_at = 0;
    XrResult r =
        get_state(handle, info, XR_ACTION_TYPE_POSE_INPUT, "xrGetActionStatePose", value, previous, changed_at);
    if (XR_FAILED(r)) return r;
    state->isActive = value.active;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL enumerate_bound_sources_for_action(XrSession handle,
                                                       const XrBoundSourcesForActionEnumerateInfo* info,
                                                       uint32_t capacity, uint32_t* count, XrPath* sources) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!info || info->type != XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO || !count)
        return XR_ERROR_VALIDATION_FAILURE;
    Action* action = from_handle<Action>(info->action, ObjectType::action);
    if (!action) return XR_ERROR_HANDLE_INVALID;
    Instance& instance = *session->instance;
    if (!attached_to(*session, *action))
        return misuse(instance, "xrEnumerateBoundSourcesForAction", XR_ERROR_ACTIONSET_NOT_ATTACHED, action->name);
    std::vector<XrPath> bound;
    auto it = instance.suggested.find(session->current_profile);
    const std::string& hand = path_string(instance, session->current_hand);
    if (it != instance.suggested.end())
        for (const Binding& binding : it->second)
            if (binding.action == action && path_string(instance, binding.path).rfind(hand + "/", 0) == 0)
                bound.push_back(binding.path);
    *count = static_cast<uint32_t>(bound.size());
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < bound.size()) return XR_ERROR_SIZE_INSUFFICIENT;
    std::copy(bound.begin(), bound.end(), sources);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL get_input_source_localized_name(XrSession handle, const XrInputSourceLocalizedNameGetInfo* info,
                                                    uint32_t capacity, uint32_t* count, char* buffer) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!info || info->type != XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO || !count)
        return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *session->instance;
    const char* call = "xrGetInputSourceLocalizedName";
    if (!is_valid_path(instance, info->sourcePath))
        return misuse(instance, call, XR_ERROR_PATH_INVALID, "sourcePath is not an XrPath");
    if (info->whichComponents == 0) return misuse(instance, call, XR_ERROR_VALIDATION_FAILURE, "whichComponents is 0");
    std::string name = source_name(instance, path_string(instance, info->sourcePath), info->whichComponents);
    *count = static_cast<uint32_t>(name.size() + 1);
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < *count) return XR_ERROR_SIZE_INSUFFICIENT;
    std::copy(name.c_str(), name.c_str() + name.size() + 1, buffer);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL apply_haptic_feedback(XrSession handle, const XrHapticActionInfo* info,
                                          const XrHapticBaseHeader* feedback) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (!info || info->type != XR_TYPE_HAPTIC_ACTION_INFO || !feedback) return XR_ERROR_VALIDATION_FAILURE;
    Action* action = nullptr;
    const char* call = "xrApplyHapticFeedback";
    XrResult r =
        check_action_call(session, info->action, info->subactionPath, XR_ACTION_TYPE_VIBRATION_OUTPUT, call, action);
    if (XR_FAILED(r)) return r;
    if (feedback->type != XR_TYPE_HAPTIC_VIBRATION)
        return misuse(*session->instance, call, XR_ERROR_VALIDATION_FAILURE, "feedback is not XrHapticVibration");
    auto* vibration = reinterpret_cast<const XrHapticVibration*>(feedback);
    bool focused = session->state == XR_SESSION_STATE_FOCUSED;
    session->instance->log.write(JsonLine("haptic")
                                     .add("frame", session->last_waited)
                                     .add("action", action->name)
                                     .add("duration_ns", static_cast<int64_t>(vibration->duration))
                                     .add("frequency", static_cast<double>(vibration->frequency))
                                     .add("amplitude", static_cast<double>(vibration->amplitude))
                                     .add("focused", focused));
    return focused ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED;
}

XrResult XRAPI_CALL stop_haptic_feedback(XrSession handle, const XrHapticActionInfo* info) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (!info || info->type != XR_TYPE_HAPTIC_ACTION_INFO) return XR_ERROR_VALIDATION_FAILURE;
    Action* action = nullptr;
    XrResult r = check_action_call(session, info->action, info->subactionPath, XR_ACTION_TYPE_VIBRATION_OUTPUT,
                                   "xrStopHapticFeedback", action);
    if (XR_FAILED(r)) return r;
    session->instance->log.write(
        JsonLine("haptic_stop").add("frame", session->last_waited).add("action", action->name));
    return session->state == XR_SESSION_STATE_FOCUSED ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED;
}

} // namespace xrsim::api
