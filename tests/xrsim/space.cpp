// Spaces and views. LOCAL is the seated origin at the head's rest position; STAGE is the floor 1.6 m below it; VIEW
// follows the scripted head. Head orientation (DESIGN §2): rotation about +Y by −yaw, then about +X by pitch.

#include "entry_points.hpp"

#include <algorithm>
#include <cmath>

namespace xrsim {

namespace {

constexpr float k_eye_height_m = 1.6f;
// Per-eye field of view of the simulated headset (radians), left eye; the right eye mirrors it.
constexpr XrFovf k_left_fov{-0.87f, 0.80f, 0.85f, -0.90f};

Session* session_from(XrSession handle) {
    return from_handle<Session>(handle, ObjectType::session);
}

bool is_reference_type(XrReferenceSpaceType type) {
    return type == XR_REFERENCE_SPACE_TYPE_VIEW || type == XR_REFERENCE_SPACE_TYPE_LOCAL ||
           type == XR_REFERENCE_SPACE_TYPE_STAGE;
}

XrResult add_space(Session& session, std::unique_ptr<Space> space, XrSpace* out) {
    register_object(space.get(), ObjectType::space);
    session.spaces.insert(space.get());
    *out = to_handle<XrSpace>(space.release());
    return XR_SUCCESS;
}

void fill_velocity(void* next, bool tracked) {
    for (auto* header = static_cast<XrBaseOutStructure*>(next); header; header = header->next) {
        if (header->type != XR_TYPE_SPACE_VELOCITY) continue;
        auto* velocity = reinterpret_cast<XrSpaceVelocity*>(header);
        velocity->velocityFlags =
            tracked ? XR_SPACE_VELOCITY_LINEAR_VALID_BIT | XR_SPACE_VELOCITY_ANGULAR_VALID_BIT : 0;
        velocity->linearVelocity = {0.0f, 0.0f, 0.0f};
        velocity->angularVelocity = {0.0f, 0.0f, 0.0f};
    }
}

} // namespace

Pose to_pose(const XrPosef& pose) {
    const XrQuaternionf& q = pose.orientation;
    return Pose{glm::quat(q.w, q.x, q.y, q.z), glm::vec3(pose.position.x, pose.position.y, pose.position.z)};
}

XrPosef to_xr(const Pose& pose) {
    glm::quat q = glm::normalize(pose.orientation);
    return XrPosef{{q.x, q.y, q.z, q.w}, {pose.position.x, pose.position.y, pose.position.z}};
}

Pose operator*(const Pose& a, const Pose& b) {
    return Pose{a.orientation * b.orientation, a.position + a.orientation * b.position};
}

Pose inverse(const Pose& pose) {
    glm::quat inv = glm::inverse(pose.orientation);
    return Pose{inv, inv * -pose.position};
}

bool is_unit(const XrQuaternionf& q) {
    float length = std::sqrt(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w);
    return std::fabs(length - 1.0f) < 1e-2f;
}

glm::quat yaw_pitch(float yaw_deg, float pitch_deg) {
    return glm::angleAxis(glm::radians(-yaw_deg), glm::vec3(0, 1, 0)) *
           glm::angleAxis(glm::radians(pitch_deg), glm::vec3(1, 0, 0));
}

Pose head_pose(const Session& session, int64_t frame) {
    ScriptState state = session.instance->script.state_at(frame);
    return Pose{yaw_pitch(state.head_yaw_deg, state.head_pitch_deg), glm::vec3(0.0f)};
}

Pose eye_pose(const Session& session, int64_t frame, uint32_t eye) {
    float x = (eye == 0 ? -0.5f : 0.5f) * k_ipd_m;
    return head_pose(session, frame) * Pose{glm::quat(1, 0, 0, 0), glm::vec3(x, 0.0f, 0.0f)};
}

bool locate_in_local(const Space& space, int64_t frame, Pose& pose) {
    Pose origin;
    if (space.kind == SpaceKind::action) {
        if (!pose_action_tracked(*space.session, *space.action, space.subaction, frame, origin)) return false;
        if (!space.session->instance->script.state_at(frame).aim_tracked) return false; // connected, not tracked
    } else if (space.reference == XR_REFERENCE_SPACE_TYPE_VIEW) {
        if (!space.session->instance->script.state_at(frame).head_tracked) return false;
        origin = head_pose(*space.session, frame);
    } else if (space.reference == XR_REFERENCE_SPACE_TYPE_STAGE) {
        origin.position = glm::vec3(0.0f, -k_eye_height_m, 0.0f);
    }
    pose = origin * space.offset;
    return true;
}

void destroy_space_object(Space* space, const std::string& how) {
    space->session->spaces.erase(space);
    unregister_object(space, how);
    delete space;
}

} // namespace xrsim

namespace xrsim::api {

XrResult XRAPI_CALL enumerate_reference_spaces(XrSession handle, uint32_t capacity, uint32_t* count,
                                               XrReferenceSpaceType* spaces) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!count) return XR_ERROR_VALIDATION_FAILURE;
    *count = 3;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < 3) return XR_ERROR_SIZE_INSUFFICIENT;
    spaces[0] = XR_REFERENCE_SPACE_TYPE_VIEW;
    spaces[1] = XR_REFERENCE_SPACE_TYPE_LOCAL;
    spaces[2] = XR_REFERENCE_SPACE_TYPE_STAGE;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL create_reference_space(XrSession handle, const XrReferenceSpaceCreateInfo* info, XrSpace* out) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!info || !out || info->type != XR_TYPE_REFERENCE_SPACE_CREATE_INFO) return XR_ERROR_VALIDATION_FAILURE;
    const char* call = "xrCreateReferenceSpace";
    if (!is_reference_type(info->referenceSpaceType))
        return misuse(*session->instance, call, XR_ERROR_REFERENCE_SPACE_UNSUPPORTED,
                      std::to_string(info->referenceSpaceType));
    if (!is_unit(info->poseInReferenceSpace.orientation))
        return misuse(*session->instance, call, XR_ERROR_POSE_INVALID, "orientation is not a unit quaternion");
    auto space = std::make_unique<Space>(Space{session, SpaceKind::reference});
    space->reference = info->referenceSpaceType;
    space->offset = to_pose(info->poseInReferenceSpace);
    return add_space(*session, std::move(space), out);
}

XrResult XRAPI_CALL get_reference_space_bounds_rect(XrSession handle, XrReferenceSpaceType type, XrExtent2Df* bounds) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!bounds) return XR_ERROR_VALIDATION_FAILURE;
    if (!is_reference_type(type))
        return misuse(*session->instance, "xrGetReferenceSpaceBoundsRect", XR_ERROR_REFERENCE_SPACE_UNSUPPORTED,
                      std::to_string(type));
    if (type != XR_REFERENCE_SPACE_TYPE_STAGE) {
        *bounds = {0.0f, 0.0f};
        return XR_SPACE_BOUNDS_UNAVAILABLE;
    }
    *bounds = {2.0f, 2.0f};
    return XR_SUCCESS;
}

XrResult XRAPI_CALL create_action_space(XrSession handle, const XrActionSpaceCreateInfo* info, XrSpace* out) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!info || !out || info->type != XR_TYPE_ACTION_SPACE_CREATE_INFO) return XR_ERROR_VALIDATION_FAILURE;
    Action* action = from_handle<Action>(info->action, ObjectType::action);
    if (!action) return XR_ERROR_HANDLE_INVALID;
    const char* call = "xrCreateActionSpace";
    if (action->type != XR_ACTION_TYPE_POSE_INPUT)
        return misuse(*session->instance, call, XR_ERROR_ACTION_TYPE_MISMATCH, action->name + " is not a pose action");
    if (info->subactionPath != XR_NULL_PATH && std::find(action->subaction_paths.begin(), action->subaction_paths.end(),
                                                         info->subactionPath) == action->subaction_paths.end())
        return misuse(*session->instance, call, XR_ERROR_PATH_UNSUPPORTED, "subactionPath not declared by the action");
    if (!is_unit(info->poseInActionSpace.orientation))
        return misuse(*session->instance, call, XR_ERROR_POSE_INVALID, "orientation is not a unit quaternion");
    auto space = std::make_unique<Space>(Space{session, SpaceKind::action});
    space->action = action;
    space->subaction = info->subactionPath;
    space->offset = to_pose(info->poseInActionSpace);
    return add_space(*session, std::move(space), out);
}

XrResult XRAPI_CALL locate_space(XrSpace handle, XrSpace base_handle, XrTime time, XrSpaceLocation* location) {
    std::lock_guard lock(api_mutex());
    Space* space = from_handle<Space>(handle, ObjectType::space);
    Space* base = from_handle<Space>(base_handle, ObjectType::space);
    if (!space || !base) return XR_ERROR_HANDLE_INVALID;
    if (XrResult r = check_session(space->session); XR_FAILED(r)) return r;
    if (!location || location->type != XR_TYPE_SPACE_LOCATION) return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *space->session->instance;
    if (base->session != space->session)
        return misuse(instance, "xrLocateSpace", XR_ERROR_VALIDATION_FAILURE, "spaces of different sessions");
    if (time <= 0) return misuse(instance, "xrLocateSpace", XR_ERROR_TIME_INVALID, "time <= 0");
    int64_t frame = frame_at(*space->session, time);
    Pose pose;
    Pose base_pose;
    bool tracked = locate_in_local(*space, frame, pose) && locate_in_local(*base, frame, base_pose);
    location->pose = to_xr(tracked ? inverse(base_pose) * pose : Pose{});
    location->locationFlags = tracked ? XR_SPACE_LOCATION_ORIENTATION_VALID_BIT | XR_SPACE_LOCATION_POSITION_VALID_BIT |
                                            XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT |
                                            XR_SPACE_LOCATION_POSITION_TRACKED_BIT
                                      : 0;
    fill_velocity(location->next, tracked);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroy_space(XrSpace handle) {
    std::lock_guard lock(api_mutex());
    Space* space = from_handle<Space>(handle, ObjectType::space);
    if (!space) return XR_ERROR_HANDLE_INVALID;
    destroy_space_object(space, "xrDestroySpace");
    return XR_SUCCESS;
}

XrResult XRAPI_CALL locate_views(XrSession handle, const XrViewLocateInfo* info, XrViewState* state, uint32_t capacity,
                                 uint32_t* count, XrView* views) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!info || info->type != XR_TYPE_VIEW_LOCATE_INFO || !state || state->type != XR_TYPE_VIEW_STATE || !count)
        return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *session->instance;
    const char* call = "xrLocateViews";
    if (info->viewConfigurationType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return misuse(instance, call, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED, "not PRIMARY_STEREO");
    if (info->displayTime <= 0) return misuse(instance, call, XR_ERROR_TIME_INVALID, "displayTime <= 0");
    Space* space = from_handle<Space>(info->space, ObjectType::space);
    if (!space || space->session != session) return XR_ERROR_HANDLE_INVALID;
    *count = k_view_count;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < k_view_count) return XR_ERROR_SIZE_INSUFFICIENT;
    int64_t frame = frame_at(*session, info->displayTime);
    Pose base;
    bool tracked = locate_in_local(*space, frame, base) && instance.script.state_at(frame).head_tracked;
    for (uint32_t eye = 0; eye < k_view_count; ++eye) {
        if (views[eye].type != XR_TYPE_VIEW) return XR_ERROR_VALIDATION_FAILURE;
        views[eye].pose = to_xr(tracked ? inverse(base) * eye_pose(*session, frame, eye) : Pose{});
        // Untracked: the pose is undefined (OpenXR 1.0 §7.3); a zero quaternion, which xrEndFrame refuses, shows
        // an application that draws from it.
        if (!tracked) views[eye].pose.orientation = XrQuaternionf{0.0f, 0.0f, 0.0f, 0.0f};
        XrFovf fov = k_left_fov;
        if (eye == 1) fov = XrFovf{-k_left_fov.angleRight, -k_left_fov.angleLeft, fov.angleUp, fov.angleDown};
        views[eye].fov = fov;
    }
    state->viewStateFlags = tracked ? XR_VIEW_STATE_ORIENTATION_VALID_BIT | XR_VIEW_STATE_POSITION_VALID_BIT |
                                          XR_VIEW_STATE_ORIENTATION_TRACKED_BIT | XR_VIEW_STATE_POSITION_TRACKED_BIT
                                    : 0;
    return XR_SUCCESS;
}

} // namespace xrsim::api
