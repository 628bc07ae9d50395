// xrsim's scripted faults (README "Script"): the headset taken off and put back, shouldRender false, untracked
// head and controller, a flood of events overflowing the queue, instance loss. What vrex does with them is tested
// end to end in tests/cli/xr_faults.sh; here, that the runtime produces them the way the specification describes.
#include "xr_fixture.hpp"

#include <chrono>
#include <thread>

namespace {

// Counts what xrPollEvent hands out until the queue is empty.
struct Polled {
    std::vector<XrSessionState> states;
    int profile_changes = 0;
    uint32_t lost = 0; // XrEventDataEventsLost::lostEventCount, summed
    int events_lost_events = 0;
    bool instance_loss = false;
    XrResult last = XR_SUCCESS;
};

Polled poll_all(XrInstance instance) {
    Polled out;
    for (int i = 0; i < 10000; ++i) {
        XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
        out.last = xrPollEvent(instance, &event);
        if (out.last != XR_SUCCESS) break;
        if (event.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED)
            out.states.push_back(reinterpret_cast<XrEventDataSessionStateChanged&>(event).state);
        if (event.type == XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED) ++out.profile_changes;
        if (event.type == XR_TYPE_EVENT_DATA_EVENTS_LOST) {
            out.lost += reinterpret_cast<XrEventDataEventsLost&>(event).lostEventCount;
            ++out.events_lost_events;
        }
        if (event.type == XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING) out.instance_loss = true;
    }
    return out;
}

void begin(XrSession session) {
    XrSessionBeginInfo info{XR_TYPE_SESSION_BEGIN_INFO};
    info.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    ASSERT_EQ(xrBeginSession(session, &info), XR_SUCCESS);
}

int count_of(const std::string& text, const std::string& what) {
    int n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

} // namespace

// FOCUSED → VISIBLE → SYNCHRONIZED → STOPPING; after xrEndSession IDLE, and READY only once the headset is back (on
// the wall clock while nobody waits frames), then up to FOCUSED again. Twice.
TEST_F(XrsimTest, HeadsetOffStopsWithoutExitAndHeadsetOnMakesItReady) {
    start("5 headset_off\n20 headset_on\n40 headset_off\n55 headset_on\n");
    begin_session();
    for (int round = 0; round < 2; ++round) {
        SCOPED_TRACE(round);
        ASSERT_TRUE(run_until(XR_SESSION_STATE_STOPPING, 60));
        ASSERT_EQ(xrEndSession(m_session), XR_SUCCESS);
        Polled after_end = poll_all(m_instance);
        ASSERT_EQ(after_end.states, std::vector<XrSessionState>{XR_SESSION_STATE_IDLE}); // not EXITING, not READY
        bool ready = false;
        for (int i = 0; i < 500 && !ready; ++i) { // 15 frames at 90 Hz are 167 ms; 5 s at most
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            for (XrSessionState s : poll_all(m_instance).states) ready = ready || s == XR_SESSION_STATE_READY;
        }
        ASSERT_TRUE(ready) << "the headset never came back";
        m_state = XR_SESSION_STATE_READY;
        begin(m_session);
        ASSERT_TRUE(run_until(XR_SESSION_STATE_FOCUSED, 10));
    }
    const std::string log = log_text();
    EXPECT_EQ(count_of(log, "\"event\":\"end_session\""), 2);
    EXPECT_EQ(count_of(log, "\"event\":\"begin_session\""), 3);
    EXPECT_EQ(count_of(log, "\"event\":\"headset_on\""), 2);
    EXPECT_TRUE(misuse_lines().empty());
}

TEST_F(XrsimTest, ScriptedRenderOffMakesShouldRenderFalse) {
    start("5 render 0\n10 render 1\n");
    begin_session();
    ASSERT_TRUE(run_until(XR_SESSION_STATE_FOCUSED));
    // Frames counted from 0: run_until waited frames 0..2 (READY → SYNCHRONIZED → VISIBLE → FOCUSED).
    std::vector<bool> should_render;
    for (int frame = 3; frame < 12; ++frame) should_render.push_back(empty_frame().shouldRender == XR_TRUE);
    EXPECT_EQ(should_render, (std::vector<bool>{true, true, false, false, false, false, false, true, true}));
    EXPECT_EQ(m_state, XR_SESSION_STATE_FOCUSED); // the session stays FOCUSED
}

TEST_F(XrsimTest, UntrackedHeadGivesViewsWithoutValidBits) {
    start("3 head_tracked 0\n6 head_tracked 1\n");
    begin_session();
    XrSpace local = reference_space(XR_REFERENCE_SPACE_TYPE_LOCAL);
    XrSpace view = reference_space(XR_REFERENCE_SPACE_TYPE_VIEW);
    std::vector<bool> valid;
    for (int frame = 0; frame < 8; ++frame) {
        const XrFrameState state = empty_frame();
        XrViewLocateInfo info{XR_TYPE_VIEW_LOCATE_INFO};
        info.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
        info.displayTime = state.predictedDisplayTime;
        info.space = local;
        XrViewState view_state{XR_TYPE_VIEW_STATE};
        std::array<XrView, 2> views{{{XR_TYPE_VIEW}, {XR_TYPE_VIEW}}};
        uint32_t count = 0;
        ASSERT_EQ(xrLocateViews(m_session, &info, &view_state, 2, &count, views.data()), XR_SUCCESS);
        XrSpaceLocation head{XR_TYPE_SPACE_LOCATION};
        ASSERT_EQ(xrLocateSpace(view, local, state.predictedDisplayTime, &head), XR_SUCCESS);
        const bool views_valid = view_state.viewStateFlags & XR_VIEW_STATE_ORIENTATION_VALID_BIT;
        EXPECT_EQ(views_valid, (head.locationFlags & XR_SPACE_LOCATION_ORIENTATION_VALID_BIT) != 0);
        valid.push_back(views_valid);
        if (!views_valid) { // undefined: a pose nobody may draw from
            EXPECT_EQ(views[0].pose.orientation.w, 0.0f);
        }
    }
    EXPECT_EQ(valid, (std::vector<bool>{true, true, true, false, false, false, true, true}));
    xrDestroySpace(view);
    xrDestroySpace(local);
}

// 200 events at once overflow the 128-event queue: what does not fit is announced by one XrEventDataEventsLost, and
// the session state change queued after the flood is still delivered.
TEST_F(XrsimTest, EventFloodOverflowsIntoEventsLostButKeepsStateChanges) {
    start("4 event_flood\n4 focus_lost\n");
    begin_session();
    ASSERT_TRUE(run_until(XR_SESSION_STATE_FOCUSED));
    poll_all(m_instance);
    empty_frame(); // frame 3
    empty_frame(); // frame 4: the flood, then FOCUSED → VISIBLE
    const Polled polled = poll_all(m_instance);
    EXPECT_EQ(polled.last, XR_EVENT_UNAVAILABLE);
    EXPECT_EQ(polled.events_lost_events, 1);
    EXPECT_EQ(polled.profile_changes + int(polled.lost), 200);
    EXPECT_GT(polled.lost, 0u);
    EXPECT_EQ(polled.states, std::vector<XrSessionState>{XR_SESSION_STATE_VISIBLE});
    EXPECT_EQ(count_of(log_text(), "\"event\":\"events_lost\""), 1);
}

// XrEventDataInstanceLossPending, then every call XR_ERROR_INSTANCE_LOST; the handles can still be destroyed.
TEST_F(XrsimTest, InstanceLossIsAnnouncedThenCallsFail) {
    start("3 lose_instance\n");
    begin_session();
    for (int frame = 0; frame < 4; ++frame) empty_frame();
    const Polled polled = poll_all(m_instance);
    EXPECT_TRUE(polled.instance_loss);
    EXPECT_EQ(polled.last, XR_ERROR_INSTANCE_LOST);
    XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState state{XR_TYPE_FRAME_STATE};
    EXPECT_EQ(xrWaitFrame(m_session, &wait, &state), XR_ERROR_INSTANCE_LOST);
    XrSystemGetInfo info{XR_TYPE_SYSTEM_GET_INFO};
    info.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
    XrSystemId system = XR_NULL_SYSTEM_ID;
    EXPECT_EQ(xrGetSystem(m_instance, &info, &system), XR_ERROR_INSTANCE_LOST);
    // TearDown destroys the session and the instance: that still works.
}

// A new session of the same instance goes on counting frames where the last one stopped, so that a script's
// lose_session happens once, not again in every new session.
TEST_F(XrsimTest, FramesCountOnInANewSession) {
    start("3 lose_session\n");
    begin_session();
    for (int frame = 0; frame < 3; ++frame) empty_frame();
    XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState state{XR_TYPE_FRAME_STATE};
    ASSERT_EQ(xrWaitFrame(m_session, &wait, &state), XR_SESSION_LOSS_PENDING);
    ASSERT_EQ(xrDestroySession(m_session), XR_SUCCESS);
    m_session = XR_NULL_HANDLE;
    poll_all(m_instance);
    XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
    binding.instance = m_vk_instance;
    binding.physicalDevice = m_physical_device;
    binding.device = m_device;
    binding.queueFamilyIndex = m_queue_family;
    XrSessionCreateInfo info{XR_TYPE_SESSION_CREATE_INFO};
    info.next = &binding;
    info.systemId = m_system;
    ASSERT_EQ(xrCreateSession(m_instance, &info, &m_session), XR_SUCCESS);
    begin_session();
    for (int frame = 0; frame < 10; ++frame) empty_frame(); // frames 4..13: no second loss
    EXPECT_EQ(count_of(log_text(), "\"do\":\"lose_session\""), 1);
    EXPECT_NE(log_text().find("\"event\":\"frame\",\"frame\":13,"), std::string::npos);
}
