// Keyboard focus: Tab order, wrap-around, Shift-Tab, the camera turn, Enter.
#include "viewer_test_util.hpp"

#include <cmath>

namespace vrex::viewer::test {
namespace {

// hall's hotspots by index: 0 door (20, 0), 1 whale (-30, 10), 2 shell-a (100, 0), 3 shell-b (104, 0),
// 4 media (180, -20).

TEST(ViewerFocus, OrderIsLeftToRightStartingNearestTheViewCentre) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    EXPECT_EQ(v.focus_order(), (std::vector<int>{0, 2, 3, 4, 1}));
    v.look_at(-25, 5);
    EXPECT_EQ(v.focus_order(), (std::vector<int>{1, 0, 2, 3, 4}));
    v.look_at(170, 0); // across the ±180 seam
    EXPECT_EQ(v.focus_order(), (std::vector<int>{4, 1, 0, 2, 3}));
}

TEST(ViewerFocus, TabCyclesAndWrapsAround) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    std::vector<int> seen;
    for (int i = 0; i < 6; ++i) {
        d.tick(ViewerInput{.focus_step = 1});
        seen.push_back(*v.focused());
    }
    EXPECT_EQ(seen, (std::vector<int>{0, 2, 3, 4, 1, 0}));
    EXPECT_TRUE(v.hotspots()[0].focused);
    EXPECT_FALSE(v.hotspots()[1].focused);
}

TEST(ViewerFocus, ShiftTabGoesBackwards) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(ViewerInput{.focus_step = 1});
    EXPECT_EQ(v.focused(), 0);
    std::vector<int> seen;
    for (int i = 0; i < 5; ++i) {
        d.tick(ViewerInput{.focus_step = -1});
        seen.push_back(*v.focused());
    }
    EXPECT_EQ(seen, (std::vector<int>{1, 4, 3, 2, 0}));
}

TEST(ViewerFocus, TheCameraTurnsToTheFocusedHotspotWithEaseOut) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour); // focus_turn_seconds = 0.4
    Driver d(v);
    d.start();
    v.look_at(-170, 0);
    d.tick(ViewerInput{.focus_step = 1}); // nearest: the media hotspot at (180, -20), 10° away across the seam
    EXPECT_EQ(v.focused(), 4);
    const double started = d.now;
    d.run_for(0.2);
    // Halfway in time, ease-out cubic is 7/8 of the way: -170 - 10·7/8, pitch -20·7/8.
    EXPECT_NEAR(v.camera().yaw, -178.75, 1e-9);
    EXPECT_NEAR(v.camera().pitch, -17.5, 1e-9);
    d.run_for(started + 0.4 - d.now);
    EXPECT_NEAR(std::abs(v.camera().yaw), 180, 1e-9);
    EXPECT_NEAR(v.camera().pitch, -20, 1e-9);
    d.run_for(1.0);
    EXPECT_NEAR(v.camera().pitch, -20, 1e-9);
}

TEST(ViewerFocus, DraggingInterruptsTheTurn) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(ViewerInput{.focus_step = 1}); // turn towards door at yaw 20
    d.tick(ViewerInput{.drag_yaw_deg = -1, .dragging = true});
    const double yaw = v.camera().yaw;
    d.run_for(0.1, ViewerInput{.dragging = true}); // held still: no glide after the release
    d.run_for(1.0);
    EXPECT_DOUBLE_EQ(v.camera().yaw, yaw);
    EXPECT_EQ(v.focused(), 0); // the focus stays
}

TEST(ViewerFocus, EnterActivatesTheFocusedHotspot) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(ViewerInput{.activate_focus = true}); // nothing focused: nothing happens
    d.tick(ViewerInput{.focus_step = -1});
    d.tick(ViewerInput{.focus_step = -1}); // whale
    v.take_events();
    d.tick(ViewerInput{.activate_focus = true});
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(types_of(events), (std::vector<EventType>{EventType::HotspotActivated, EventType::PanelOpened}));
    EXPECT_EQ(events[0].hotspot, "whale");
    EXPECT_EQ(events[1].exhibit, "whale");
    ASSERT_TRUE(v.panel());
    EXPECT_EQ(v.panel()->exhibit, tour.find_exhibit("whale"));
}

TEST(ViewerFocus, TabAndEnterFollowALink) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    v.set_scene_ready("corridor", true);
    d.tick(ViewerInput{.focus_step = 1}); // door
    d.tick(ViewerInput{.activate_focus = true});
    d.run_until_settled_in("corridor");
    EXPECT_EQ(v.focused(), std::nullopt); // focus belongs to a scene
}

} // namespace
} // namespace vrex::viewer::test
