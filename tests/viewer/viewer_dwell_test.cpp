// Gaze dwell: steady gaze activates, a sweeping head never does.
#include "viewer_test_util.hpp"

namespace vrex::viewer::test {
namespace {

ViewerInput gaze_at(double yaw, double pitch) {
    return pointer_at(yaw, pitch, PointerKind::Gaze);
}

std::size_t count(const std::vector<ViewerEvent>& events, EventType type) {
    std::size_t n = 0;
    for (const ViewerEvent& e : events) n += e.type == type;
    return n;
}

TEST(ViewerDwell, SteadyGazeFillsTheRingAndActivates) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour); // delay 0.3 s, dwell 1.0 s
    Driver d(v);
    d.dt = 1.0 / 90.0;
    d.start();
    d.tick(gaze_at(-29, 10)); // whale
    const double since = d.now;
    v.take_events();
    d.run_for(0.25, gaze_at(-29, 10));
    EXPECT_EQ(v.hotspots()[1].dwell_progress, 0.0); // still in the delay
    d.run_for(since + 0.8 - d.now, gaze_at(-29, 10));
    EXPECT_NEAR(v.hotspots()[1].dwell_progress, 0.5, 1e-9);
    EXPECT_EQ(v.hotspots()[0].dwell_progress, 0.0);
    d.run_for(since + 1.29 - d.now, gaze_at(-29, 10));
    EXPECT_FALSE(v.panel());
    EXPECT_TRUE(v.take_events().empty());
    d.run_for(0.02, gaze_at(-29, 10));
    ASSERT_TRUE(v.panel());
    EXPECT_EQ(types_of(v.take_events()), (std::vector<EventType>{EventType::HotspotActivated, EventType::PanelOpened}));
    // The gaze now rests on the panel, which hides the marker: nothing fires again.
    d.run_for(5.0, gaze_at(-29, 10));
    EXPECT_TRUE(v.panel()->hovered);
    EXPECT_TRUE(v.take_events().empty());
}

TEST(ViewerDwell, SteadyGazeOnALinkChangesScene) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    v.set_scene_ready("corridor", true);
    d.run_for(1.4, gaze_at(20, 0));
    EXPECT_GT(v.fade(), 0.0);
    d.run_until_settled_in("corridor");
}

TEST(ViewerDwell, ASweepingHeadNeverTriggers) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.dt = 1.0 / 90.0;
    d.start();
    v.take_events();
    // 5°/s across markers 6° wide: 1.2 s on each, just under delay + dwell (1.3 s). Back and forth over door,
    // shell-a and shell-b (which overlap: the target changes between them, and the timer restarts).
    for (int pass = 0; pass < 4; ++pass) {
        const double from = pass % 2 == 0 ? 10.0 : 110.0;
        const double to = pass % 2 == 0 ? 110.0 : 10.0;
        const double seconds = std::abs(to - from) / 5.0;
        const double start = d.now;
        while (d.now < start + seconds) {
            d.tick(gaze_at(from + (to - from) * (d.now - start) / seconds, 0));
            for (const HotspotState& h : v.hotspots()) EXPECT_LT(h.dwell_progress, 0.95);
        }
    }
    const std::vector<ViewerEvent> events = v.take_events();
    EXPECT_GE(count(events, EventType::HotspotHovered), 8u);
    EXPECT_EQ(count(events, EventType::HotspotActivated), 0u);
    EXPECT_FALSE(v.panel());
    EXPECT_EQ(v.scene().id, "hall");
}

TEST(ViewerDwell, LookingAwayResetsTheTimer) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.dt = 1.0 / 90.0;
    d.start();
    d.run_for(1.2, gaze_at(-30, 10));
    d.tick(gaze_at(0, 0)); // one frame away
    d.run_for(1.2, gaze_at(-30, 10));
    EXPECT_FALSE(v.panel());
    EXPECT_LT(v.hotspots()[1].dwell_progress, 0.91);
    d.run_for(0.2, gaze_at(-30, 10));
    EXPECT_TRUE(v.panel());
}

TEST(ViewerDwell, OnlyAGazeDwells) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.run_for(5.0, pointer_at(-30, 10, PointerKind::Controller));
    d.run_for(5.0, pointer_at(-30, 10, PointerKind::Mouse));
    EXPECT_FALSE(v.panel());
    EXPECT_EQ(v.hotspots()[1].dwell_progress, 0.0);
    ViewerInput in = gaze_at(-30, 10);
    in.select = true; // a gaze selects by dwelling, not by clicking
    d.tick(in);
    EXPECT_FALSE(v.panel());
}

} // namespace
} // namespace vrex::viewer::test
