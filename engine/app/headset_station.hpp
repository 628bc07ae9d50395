#pragma once
// The headset station (`vrex view --xr --kiosk`, docs/kiosk.md): visitors take the headset off and the next one puts
// it on. Follows the session's state and says when the tour should restart and when a new visitor has begun.
#include <cstdint>
#include <openxr/openxr.h>
#include <string>

namespace vrex::app {

class HeadsetStation {
public:
    // `start_scene`: where each visitor starts ("" = the tour's start); it outlives the Viewers of lost instances.
    explicit HeadsetStation(std::string start_scene) : m_start_scene(std::move(start_scene)) {}
    const std::string& start_scene() const { return m_start_scene; }
    struct Change {
        bool restart = false;     // the headset is back on after having been taken off: restart the tour (from black)
        bool new_visitor = false; // FOCUSED for a new visitor (the first one too): visitors() counts them
    };
    // A new OpenXR instance (after the runtime lost one): its first states say nothing about the headset.
    void new_instance() { m_last = XR_SESSION_STATE_UNKNOWN; }
    // After each poll of the runtime's events: the session's state and XrPresenter::session_count(). Taken off =
    // from VISIBLE or FOCUSED down to SYNCHRONIZED, STOPPING, IDLE or READY; the system menu (FOCUSED to VISIBLE and
    // back), a lost session replaced by a new one and the app's own exit are not.
    Change update(XrSessionState state, uint32_t session);
    uint32_t visitors() const { return m_visitors; }

private:
    std::string m_start_scene;
    XrSessionState m_last = XR_SESSION_STATE_UNKNOWN;
    uint32_t m_session = 0;
    bool m_off = false;    // taken off; the tour restarts when it is seen again
    bool m_waiting = true; // a visitor to count at the next FOCUSED
    uint32_t m_visitors = 0;
};

} // namespace vrex::app
