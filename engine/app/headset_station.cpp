#include "app/headset_station.hpp"

namespace vrex::app {
namespace {

bool seen(XrSessionState s) {
    return s == XR_SESSION_STATE_VISIBLE || s == XR_SESSION_STATE_FOCUSED;
}

bool put_down(XrSessionState s) {
    return s == XR_SESSION_STATE_SYNCHRONIZED || s == XR_SESSION_STATE_STOPPING || s == XR_SESSION_STATE_IDLE ||
           s == XR_SESSION_STATE_READY;
}

} // namespace

// The restart comes as soon as the new visitor can see anything (VISIBLE, often a frame or two before FOCUSED), so
// the last visitor's scene is never shown to the next one; the count waits for FOCUSED, where the visitor acts.
HeadsetStation::Change HeadsetStation::update(XrSessionState state, uint32_t session) {
    if (session != m_session) { // a lost session replaced: the headset did not move
        m_session = session;
        m_last = XR_SESSION_STATE_UNKNOWN;
    }
    Change change;
    if (seen(m_last) && put_down(state)) m_off = true;
    if (m_off && seen(state)) {
        m_off = false;
        m_waiting = true;
        change.restart = true;
    }
    if (m_waiting && state == XR_SESSION_STATE_FOCUSED) {
        m_waiting = false;
        ++m_visitors;
        change.new_visitor = true;
    }
    m_last = state;
    return change;
}

} // namespace vrex::app
