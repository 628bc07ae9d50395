// animating(): true exactly while the picture would change without further input (the desktop loop draws and
// reports "idle" from it).
#include "viewer_test_util.hpp"

namespace vrex::viewer::test {
namespace {

ViewerInput drag(double yaw) {
    ViewerInput in;
    in.dragging = true;
    in.drag_yaw_deg = yaw;
    return in;
}

TEST(ViewerAnimating, NotAtStartNorWhileNothingHappens) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    EXPECT_FALSE(v.animating());
    d.run_for(1.0, pointer_at(50, 0)); // a resting mouse moves nothing
    EXPECT_FALSE(v.animating());
}

TEST(ViewerAnimating, WhileInertiaGlides) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(drag(1));
    d.tick(ViewerInput{}); // released while moving
    EXPECT_TRUE(v.animating());
    d.run_for(5.0);
    EXPECT_FALSE(v.animating());
    const double yaw = v.camera().yaw;
    d.run_for(1.0);
    EXPECT_EQ(v.camera().yaw, yaw);
}

// A moving drag would glide if released now; held still long enough, it would not, and nothing moves.
TEST(ViewerAnimating, AMovingDragUntilItIsHeldStill) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(drag(2));
    EXPECT_TRUE(v.animating());
    d.run_for(0.03, drag(0)); // not yet held long enough (k_still_before_release_s = 0.05)
    EXPECT_TRUE(v.animating());
    d.run_for(0.04, drag(0));
    EXPECT_FALSE(v.animating());
    const double yaw = v.camera().yaw;
    d.tick(ViewerInput{}); // released: no glide
    EXPECT_FALSE(v.animating());
    d.run_for(1.0);
    EXPECT_EQ(v.camera().yaw, yaw);
}

TEST(ViewerAnimating, WhileTheTabTurnRuns) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour); // focus_turn_seconds = 0.4
    Driver d(v);
    d.start();
    d.tick(ViewerInput{.focus_step = 1});
    EXPECT_TRUE(v.animating());
    d.run_for(0.35);
    EXPECT_TRUE(v.animating());
    d.run_for(0.1);
    EXPECT_FALSE(v.animating());
}

TEST(ViewerAnimating, FromTheLinkClickUntilTheFadeInEndsAndWhileWaitingForThePanorama) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour); // fade_seconds = 0.3
    Driver d(v);
    d.start();
    d.tick(click_at(20, 0)); // corridor's panorama is not ready
    EXPECT_TRUE(v.animating());
    d.run_for(2.0); // black, waiting
    EXPECT_TRUE(v.animating());
    v.set_scene_ready("corridor", true);
    d.tick();
    EXPECT_EQ(v.scene().id, "corridor");
    EXPECT_TRUE(v.animating()); // fading in
    d.run_for(0.35);
    EXPECT_EQ(v.fade(), 0.0);
    EXPECT_FALSE(v.animating());
}

TEST(ViewerAnimating, WhileAKioskAutorotates) {
    const tour::Tour tour = load_tour(k_test_tour);
    ViewerConfig config;
    config.kiosk_idle_seconds = 10;
    Viewer v(tour, config);
    Driver d(v);
    d.start();
    d.run_for(9.9);
    EXPECT_FALSE(v.animating());
    d.run_for(0.2);
    EXPECT_TRUE(v.animating());
}

TEST(ViewerAnimating, WhileAGazeDwellRingWaitsAndFills) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour); // delay 0.3 s, dwell 1.0 s
    Driver d(v);
    d.start();
    const ViewerInput gaze = pointer_at(-29, 10, PointerKind::Gaze); // the whale
    d.tick(gaze);
    EXPECT_TRUE(v.animating());
    d.run_for(1.0, gaze);
    EXPECT_TRUE(v.animating());
    d.run_for(0.4, gaze); // fired: the panel is open and the gaze rests on it
    ASSERT_TRUE(v.panel());
    EXPECT_FALSE(v.animating());
}

} // namespace
} // namespace vrex::viewer::test
