#include "xr/xr_input.hpp"

#include <cmath>
#include <cstring>
#include <spdlog/spdlog.h>
#include <string>
#include <utility>
#include <vector>

#include "core/xr_check.hpp"

namespace vrex::xr {
namespace {

XrPath path(XrInstance instance, const std::string& s) {
    XrPath p = XR_NULL_PATH;
    XR_CHECK(xrStringToPath(instance, s.c_str(), &p));
    return p;
}

XrAction make_action(XrActionSet set, const char* name, const char* localized, XrActionType type, const XrPath* hands) {
    XrActionCreateInfo info{XR_TYPE_ACTION_CREATE_INFO};
    std::strncpy(info.actionName, name, XR_MAX_ACTION_NAME_SIZE - 1);
    std::strncpy(info.localizedActionName, localized, XR_MAX_LOCALIZED_ACTION_NAME_SIZE - 1);
    info.actionType = type;
    info.countSubactionPaths = 2;
    info.subactionPaths = hands;
    XrAction action = XR_NULL_HANDLE;
    XR_CHECK(xrCreateAction(set, &info, &action));
    return action;
}

// Binding paths for one controller: action -> component, for both hands unless a hand is named.
struct ProfileBindings {
    const char* profile;
    const char* select;
    const char* grab;              // the squeeze; nullptr: none (then holding select grabs)
    std::vector<const char*> back; // per hand where they differ: "left/...", "right/..."
    const char* turn;              // nullptr: none
    const char* recenter;          // nullptr: none
};

const ProfileBindings k_profiles[] = {
    {"/interaction_profiles/khr/simple_controller", "select/click", nullptr, {"menu/click"}, nullptr, nullptr},
    {"/interaction_profiles/oculus/touch_controller",
     "trigger/value",
     "squeeze/value",
     {"left/y/click", "right/b/click"},
     "thumbstick/x",
     "thumbstick/click"},
    {"/interaction_profiles/valve/index_controller",
     "trigger/click",
     "squeeze/value",
     {"b/click"},
     "thumbstick/x",
     "thumbstick/click"},
    {"/interaction_profiles/htc/vive_controller",
     "trigger/click",
     "squeeze/click",
     {"menu/click"},
     "trackpad/x",
     "trackpad/click"},
    {"/interaction_profiles/microsoft/motion_controller",
     "trigger/value",
     "squeeze/click",
     {"menu/click"},
     "thumbstick/x",
     "thumbstick/click"},
};

} // namespace

XrInput::XrInput(XrInstance instance) {
    XrActionSetCreateInfo info{XR_TYPE_ACTION_SET_CREATE_INFO};
    std::strcpy(info.actionSetName, "vrex");
    std::strcpy(info.localizedActionSetName, "Exhibition");
    XR_CHECK(xrCreateActionSet(instance, &info, &m_set));
    m_hands[0] = path(instance, "/user/hand/left");
    m_hands[1] = path(instance, "/user/hand/right");
    m_aim = make_action(m_set, "aim", "Point", XR_ACTION_TYPE_POSE_INPUT, m_hands);
    m_select = make_action(m_set, "select", "Select", XR_ACTION_TYPE_BOOLEAN_INPUT, m_hands);
    m_back = make_action(m_set, "back", "Back", XR_ACTION_TYPE_BOOLEAN_INPUT, m_hands);
    m_grab = make_action(m_set, "grab", "Grab", XR_ACTION_TYPE_BOOLEAN_INPUT, m_hands);
    m_turn = make_action(m_set, "turn", "Turn", XR_ACTION_TYPE_FLOAT_INPUT, m_hands);
    m_recenter = make_action(m_set, "recenter", "Recenter", XR_ACTION_TYPE_BOOLEAN_INPUT, m_hands);
    m_haptic = make_action(m_set, "haptic", "Hover pulse", XR_ACTION_TYPE_VIBRATION_OUTPUT, m_hands);
    suggest_bindings(instance);
}

XrInput::~XrInput() {
    detach();
    if (m_set != XR_NULL_HANDLE) xrDestroyActionSet(m_set); // destroys its actions too
}

void XrInput::detach() {
    for (XrSpace& s : m_aim_space) {
        // Called from destructors too: a failure is reported, never thrown.
        if (s != XR_NULL_HANDLE)
            if (const XrResult r = xrDestroySpace(s); r != XR_SUCCESS)
                spdlog::error("xrDestroySpace (controller aim space) failed: {}", core::xr_result_name(r));
        s = XR_NULL_HANDLE;
    }
}

void XrInput::suggest_bindings(XrInstance instance) {
    for (const ProfileBindings& p : k_profiles) {
        std::vector<XrActionSuggestedBinding> b;
        for (const char* hand : {"left", "right"}) {
            const std::string h = std::string("/user/hand/") + hand + "/";
            b.push_back({m_aim, path(instance, h + "input/aim/pose")});
            b.push_back({m_select, path(instance, h + "input/" + p.select)});
            if (p.grab) b.push_back({m_grab, path(instance, h + "input/" + p.grab)});
            b.push_back({m_haptic, path(instance, h + "output/haptic")});
            if (p.turn) b.push_back({m_turn, path(instance, h + "input/" + p.turn)});
            if (p.recenter) b.push_back({m_recenter, path(instance, h + "input/" + p.recenter)});
        }
        for (const char* back : p.back) {
            const std::string b_path = back;
            if (b_path.rfind("left/", 0) == 0 || b_path.rfind("right/", 0) == 0)
                b.push_back({m_back, path(instance, "/user/hand/" + b_path.substr(0, b_path.find('/')) + "/input/" +
                                                        b_path.substr(b_path.find('/') + 1))});
            else
                for (const char* hand : {"left", "right"})
                    b.push_back({m_back, path(instance, std::string("/user/hand/") + hand + "/input/" + b_path)});
        }
        XrInteractionProfileSuggestedBinding suggested{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
        suggested.interactionProfile = path(instance, p.profile);
        suggested.countSuggestedBindings = uint32_t(b.size());
        suggested.suggestedBindings = b.data();
        XR_CHECK(xrSuggestInteractionProfileBindings(instance, &suggested));
    }
}

void XrInput::attach(XrSession session) {
    XrSessionActionSetsAttachInfo attach{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
    attach.countActionSets = 1;
    attach.actionSets = &m_set;
    XR_CHECK(xrAttachSessionActionSets(session, &attach));
    for (int i = 0; i < 2; ++i) {
        XrActionSpaceCreateInfo info{XR_TYPE_ACTION_SPACE_CREATE_INFO};
        info.action = m_aim;
        info.subactionPath = m_hands[i];
        info.poseInActionSpace.orientation.w = 1.0f;
        XR_CHECK(xrCreateActionSpace(session, &info, &m_aim_space[i]));
    }
}

ControllerState XrInput::read(XrSession session, XrSpace space, XrTime time) {
    ControllerState out;
    XrActiveActionSet active{m_set, XR_NULL_PATH};
    XrActionsSyncInfo sync{XR_TYPE_ACTIONS_SYNC_INFO};
    sync.countActiveActionSets = 1;
    sync.activeActionSets = &active;
    const XrResult r = xrSyncActions(session, &sync);
    if (r == XR_SESSION_NOT_FOCUSED) return out; // a success code: input goes to the system UI now
    XR_CHECK(r);
    // The hand that acted last wins; the right hand by default.
    for (int hand : {1, 0}) {
        XrActionStateGetInfo get{XR_TYPE_ACTION_STATE_GET_INFO};
        get.subactionPath = m_hands[hand];
        auto state = [&](XrAction a) {
            XrActionStateBoolean s{XR_TYPE_ACTION_STATE_BOOLEAN};
            get.action = a;
            XR_CHECK(xrGetActionStateBoolean(session, &get, &s));
            return s;
        };
        auto pressed = [&](XrAction a) {
            const XrActionStateBoolean s = state(a);
            return s.isActive && s.changedSinceLastSync && s.currentState;
        };
        auto held = [&](XrAction a) {
            const XrActionStateBoolean s = state(a);
            return s.isActive && s.currentState;
        };
        const bool select = pressed(m_select), back = pressed(m_back), recenter = pressed(m_recenter);
        const bool grab = held(m_grab) || held(m_select);
        XrActionStateFloat turn{XR_TYPE_ACTION_STATE_FLOAT};
        get.action = m_turn;
        XR_CHECK(xrGetActionStateFloat(session, &get, &turn));
        XrSpaceLocation loc{XR_TYPE_SPACE_LOCATION};
        XR_CHECK(xrLocateSpace(m_aim_space[hand], space, time, &loc));
        const bool tracked = (loc.locationFlags & XR_SPACE_LOCATION_ORIENTATION_VALID_BIT) &&
                             (loc.locationFlags & XR_SPACE_LOCATION_POSITION_VALID_BIT);
        if (select || back || recenter || (grab && !out.grab)) m_last_hand = hand;
        if (tracked && (!out.active || hand == m_last_hand)) {
            out.active = true;
            out.aim = loc.pose;
        }
        out.select = out.select || select;
        out.grab = out.grab || grab;
        out.back = out.back || back;
        out.recenter = out.recenter || recenter;
        if (turn.isActive && std::abs(turn.currentState) > std::abs(out.turn)) out.turn = turn.currentState;
    }
    return out;
}

std::string XrInput::current_profile(XrInstance instance, XrSession session) const {
    for (int hand : {1, 0}) {
        XrInteractionProfileState state{XR_TYPE_INTERACTION_PROFILE_STATE};
        const XrResult r = xrGetCurrentInteractionProfile(session, m_hands[hand], &state);
        if (r == XR_ERROR_SESSION_LOST) return {}; // the loss is handled by its state event
        XR_CHECK(r);
        if (state.interactionProfile == XR_NULL_PATH) continue;
        char text[XR_MAX_PATH_LENGTH];
        uint32_t length = 0;
        XR_CHECK(xrPathToString(instance, state.interactionProfile, sizeof text, &length, text));
        return text;
    }
    return {};
}

void XrInput::pulse(XrSession session, float amplitude, XrDuration nanoseconds) {
    XrHapticVibration v{XR_TYPE_HAPTIC_VIBRATION};
    v.amplitude = amplitude;
    v.duration = nanoseconds;
    v.frequency = XR_FREQUENCY_UNSPECIFIED;
    XrHapticActionInfo info{XR_TYPE_HAPTIC_ACTION_INFO};
    info.action = m_haptic;
    info.subactionPath = m_hands[m_last_hand];
    XR_CHECK(xrApplyHapticFeedback(session, &info, reinterpret_cast<const XrHapticBaseHeader*>(&v)));
}

} // namespace vrex::xr
