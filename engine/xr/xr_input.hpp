#pragma once
// Controller input through OpenXR actions: aim pose, select, grab, back, snap turn, recenter, haptics, with suggested
// bindings for the common controllers. Which controller is active is the runtime's choice.
#include <optional>
#include <string>

#include "xr/xr_system.hpp"

namespace vrex::xr {

struct ControllerState {
    bool active = false;   // an aim pose is tracked this frame
    XrPosef aim{};         // in the presenter's reference space
    bool select = false;   // went down this frame (trigger / select)
    bool grab = false;     // held now: the squeeze (grip) or the trigger / select (khr/simple has no squeeze)
    bool back = false;     // went down this frame (B / Y / menu)
    bool recenter = false; // went down this frame (thumbstick or trackpad click)
    float turn = 0;        // thumbstick or trackpad x, -1..1
};

class XrInput {
public:
    XrInput(XrInstance instance);
    ~XrInput();
    XrInput(const XrInput&) = delete;
    XrInput& operator=(const XrInput&) = delete;

    // After the session exists: attach the action set and make the aim spaces.
    void attach(XrSession session);
    // Before the session is destroyed: destroys the aim spaces, which are the session's children (a space used or
    // destroyed after its session is XR_ERROR_HANDLE_INVALID). The action set is the instance's and stays.
    void detach();
    // Syncs and reads the actions at `time`, relative to `space`. Call only while the session is FOCUSED;
    // otherwise the state is "nothing pressed, nothing tracked".
    ControllerState read(XrSession session, XrSpace space, XrTime time);
    // The interaction profile the runtime uses for either hand (the right first); "" when no controller is there.
    std::string current_profile(XrInstance instance, XrSession session) const;
    // A short pulse on the hand whose aim was read last.
    void pulse(XrSession session, float amplitude = 0.3f, XrDuration nanoseconds = 20'000'000);

private:
    void suggest_bindings(XrInstance instance);

    XrActionSet m_set = XR_NULL_HANDLE;
    XrAction m_aim = XR_NULL_HANDLE, m_select = XR_NULL_HANDLE, m_back = XR_NULL_HANDLE, m_grab = XR_NULL_HANDLE;
    XrAction m_turn = XR_NULL_HANDLE, m_recenter = XR_NULL_HANDLE, m_haptic = XR_NULL_HANDLE;
    XrPath m_hands[2] = {XR_NULL_PATH, XR_NULL_PATH};
    XrSpace m_aim_space[2] = {XR_NULL_HANDLE, XR_NULL_HANDLE};
    int m_last_hand = 1;
};

} // namespace vrex::xr
