// Faults a real headset produces (README "Script"): the headset taken off and put back (a stop without exit), the
// instance lost, the event queue overflowing. Session loss stays in session.cpp.

#include "entry_points.hpp"

#include <cstdlib>
#include <cstring>
#include <string>

namespace xrsim {

namespace {

// Where the next instance's frames start after an instance was lost, so that a script goes on where it was instead
// of losing the new instance again; consumed by the next xrCreateInstance. Kept in the process's environment: the
// loader unloads the runtime with its last instance, and a static would start again at 0.
constexpr const char* k_resume_variable = "VREX_XRSIM_RESUME_FRAME";

int64_t milliseconds_since(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

} // namespace

void take_headset_off(Session& session) {
    session.headset_off = true;
    if (!session.running) return; // not begun yet: it simply stays where it is until headset_on
    if (session.state == XR_SESSION_STATE_FOCUSED) set_state(session, XR_SESSION_STATE_VISIBLE);
    if (session.state == XR_SESSION_STATE_VISIBLE) set_state(session, XR_SESSION_STATE_SYNCHRONIZED);
    if (session.state == XR_SESSION_STATE_SYNCHRONIZED || session.state == XR_SESSION_STATE_READY)
        set_state(session, XR_SESSION_STATE_STOPPING);
}

void put_headset_on(Session& session) {
    session.headset_off = false;
    if (session.running || session.state != XR_SESSION_STATE_IDLE) return; // xrEndSession then goes to READY
    session.instance->log.write(JsonLine("headset_on")
                                    .add("frame", session.last_waited)
                                    .add("idle_ms", milliseconds_since(session.idle_since))
                                    .add("polls", static_cast<int64_t>(session.idle_polls)));
    set_state(session, XR_SESSION_STATE_READY);
}

bool stop_without_exit(Session& session) {
    if (!session.headset_off || session.exit_requested) return false;
    set_state(session, XR_SESSION_STATE_IDLE);
    session.idle_since = std::chrono::steady_clock::now();
    session.idle_from_frame = session.last_waited;
    session.idle_polls = 0;
    return true;
}

// While the headset is off nobody calls xrWaitFrame: frames pass on the wall clock at 90 Hz, and their scripted
// events (headset_on above all) happen when the application next polls.
void idle_tick(Instance& instance) {
    for (Session* session : instance.sessions) {
        if (session->running || !session->headset_off || session->state != XR_SESSION_STATE_IDLE) continue;
        ++session->idle_polls;
        const int64_t target = session->idle_from_frame + milliseconds_since(session->idle_since) * 1'000'000 /
                                                              static_cast<int64_t>(k_frame_period_ns);
        while (session->headset_off && session->last_waited < target) {
            const int64_t frame = ++session->last_waited;
            for (ScriptEvent event : instance.script.events_at(frame)) {
                instance.log.write(
                    JsonLine("script").add("frame", frame).add("do", to_string(event)).add("idle", true));
                if (event == ScriptEvent::headset_on) put_headset_on(*session);
            }
        }
    }
}

void flood_events(Session& session) {
    Instance& instance = *session.instance;
    const uint64_t lost_before = instance.events_lost;
    for (int i = 0; i < k_flood_events; ++i) {
        XrEventDataInteractionProfileChanged event{XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED};
        event.session = to_handle<XrSession>(&session);
        push_event(instance, &event, sizeof event);
    }
    instance.log.write(JsonLine("event_flood")
                           .add("frame", session.last_waited)
                           .add("queued", static_cast<int64_t>(k_flood_events))
                           .add("dropped", static_cast<int64_t>(instance.events_lost - lost_before))
                           .add("pending", static_cast<int64_t>(instance.events.size())));
    instance.flood_pending = true;
}

void lose_instance(Session& session, int64_t frame) {
    Instance& instance = *session.instance;
    XrEventDataInstanceLossPending event{XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING};
    event.lossTime = predicted_time(session, frame + 1);
    push_event(instance, &event, sizeof event);
    instance.loss_pending = true;
}

void push_event(Instance& instance, const void* event, size_t size) {
    Event stored;
    std::memcpy(&stored.data, event, size);
    const bool kept = stored.data.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED ||
                      stored.data.type == XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING;
    if (kept || instance.events.size() < k_event_capacity) {
        instance.events.push_back(stored);
        return;
    }
    ++instance.events_lost;
    if (instance.lost_marker_queued) return;
    Event marker;
    marker.lost_marker = true;
    marker.data.type = XR_TYPE_EVENT_DATA_EVENTS_LOST;
    instance.events.push_back(marker);
    instance.lost_marker_queued = true;
}

XrResult next_event(Instance& instance, XrEventDataBuffer& buffer) {
    idle_tick(instance);
    if (instance.events.empty()) return instance.lost ? XR_ERROR_INSTANCE_LOST : XR_EVENT_UNAVAILABLE;
    const Event event = instance.events.front();
    instance.events.pop_front();
    ++instance.events_delivered;
    std::memcpy(&buffer, &event.data, sizeof(XrEventDataBuffer));
    if (event.lost_marker) {
        auto& lost = reinterpret_cast<XrEventDataEventsLost&>(buffer);
        lost = {XR_TYPE_EVENT_DATA_EVENTS_LOST};
        lost.lostEventCount = static_cast<uint32_t>(instance.events_lost);
        instance.log.write(JsonLine("events_lost").add("count", static_cast<int64_t>(instance.events_lost)));
        instance.events_lost = 0;
        instance.lost_marker_queued = false;
    }
    if (instance.flood_pending && instance.events.empty()) {
        // How long the application took to take them all, in frames (a drain of one event per frame stalls here).
        instance.flood_pending = false;
        int64_t frame = -1;
        for (const Session* session : instance.sessions) frame = session->last_waited;
        instance.log.write(JsonLine("events_drained").add("frame", frame));
    }
    if (buffer.type == XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING) {
        instance.lost = true; // the application has been told: from now on calls say XR_ERROR_INSTANCE_LOST
        instance.log.write(JsonLine("instance_lost"));
    }
    return XR_SUCCESS;
}

void remember_lost_instance(const Instance& instance) {
    if (instance.loss_pending) setenv(k_resume_variable, std::to_string(instance.next_frame).c_str(), 1);
}

int64_t take_resume_frame() {
    const char* text = std::getenv(k_resume_variable);
    const int64_t frame = text ? std::strtoll(text, nullptr, 10) : 0;
    unsetenv(k_resume_variable);
    return frame;
}

} // namespace xrsim
