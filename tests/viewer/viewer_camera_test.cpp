// Camera motion: drag and inertia, limits, zoom, keys, snap turns, kiosk autorotate.
#include "viewer_test_util.hpp"

#include <cmath>
#include <numbers>

namespace vrex::viewer::test {
namespace {

ViewerInput drag(double yaw, double pitch) {
    ViewerInput in;
    in.dragging = true;
    in.drag_yaw_deg = yaw;
    in.drag_pitch_deg = pitch;
    return in;
}

TEST(ViewerCamera, DragTurnsTheCameraDirectly) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(drag(3, -2));
    EXPECT_DOUBLE_EQ(v.camera().yaw, 3);
    EXPECT_DOUBLE_EQ(v.camera().pitch, -2);
    d.tick(drag(4, 1));
    EXPECT_DOUBLE_EQ(v.camera().yaw, 7);
    EXPECT_DOUBLE_EQ(v.camera().pitch, -1);
}

TEST(ViewerCamera, InertiaCarriesTheLastDragVelocityAndHalvesEachHalfLife) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour); // inertia_half_life_s = 0.12
    Driver d(v);
    d.dt = 0.01;
    d.start();
    for (int i = 0; i < 10; ++i) d.tick(drag(0.5, 0)); // 50°/s
    d.tick(ViewerInput{});                             // release
    const double released = v.camera().yaw;
    EXPECT_NEAR(released, 5.0, 1e-9);
    const double k = std::numbers::ln2 / 0.12;
    d.run_for(0.12); // one half-life: half of the whole glide v0/k
    EXPECT_NEAR(v.camera().yaw - released, 0.5 * 50.0 / k, 1e-6);
    d.run_for(5.0);
    EXPECT_NEAR(v.camera().yaw - released, 50.0 / k, 2e-3); // 8.66°, whatever the frame rate
    const double stopped = v.camera().yaw;
    d.run_for(1.0);
    EXPECT_EQ(v.camera().yaw, stopped);
}

TEST(ViewerCamera, NoInertiaWhenTheDragStoppedBeforeRelease) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(drag(2, 0));
    d.run_for(0.1, drag(0, 0)); // held still
    d.tick(ViewerInput{});
    d.run_for(1.0);
    EXPECT_DOUBLE_EQ(v.camera().yaw, 2);
}

TEST(ViewerCamera, AFrameWithoutMouseMotionBeforeReleaseKeepsTheInertia) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(drag(1, 0)); // 60°/s
    d.tick(drag(0, 0)); // no mouse event arrived in this frame
    d.tick(ViewerInput{});
    d.run_for(5.0);
    EXPECT_NEAR(v.camera().yaw, 1 + 60 * 0.12 / std::numbers::ln2, 2e-3);
}

TEST(ViewerCamera, GrabbingStopsTheGlide) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(drag(1, 0));
    d.tick(ViewerInput{});
    d.tick(ViewerInput{});
    d.tick(drag(0, 0)); // pressed again, not moving
    const double yaw = v.camera().yaw;
    d.tick(ViewerInput{}); // released at once
    d.run_for(1.0);
    EXPECT_DOUBLE_EQ(v.camera().yaw, yaw);
}

TEST(ViewerCamera, PitchIsClampedAndYawWraps) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(drag(200, 120));
    EXPECT_DOUBLE_EQ(v.camera().yaw, -160);
    EXPECT_DOUBLE_EQ(v.camera().pitch, 90);
    d.tick(drag(-20, -250));
    EXPECT_DOUBLE_EQ(v.camera().yaw, 180); // (-180, 180]
    EXPECT_DOUBLE_EQ(v.camera().pitch, -90);
    v.look_at(540, 0);
    EXPECT_DOUBLE_EQ(v.camera().yaw, 180);
}

TEST(ViewerCamera, ZoomStepsMultiplyTheFovWithinLimits) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour); // hfov 90, zoom_step 1.15, limits 30..120
    Driver d(v);
    d.start();
    d.tick(ViewerInput{.zoom_steps = 1});
    EXPECT_NEAR(v.camera().hfov, 90 / 1.15, 1e-9);
    d.tick(ViewerInput{.zoom_steps = -2});
    EXPECT_NEAR(v.camera().hfov, 90 * 1.15, 1e-9);
    d.tick(ViewerInput{.zoom_steps = -10});
    EXPECT_DOUBLE_EQ(v.camera().hfov, 120);
    d.tick(ViewerInput{.zoom_steps = 30});
    EXPECT_DOUBLE_EQ(v.camera().hfov, 30);
}

TEST(ViewerCamera, APartialPanoramaLimitsTheFov) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour, {}, "garden"); // haov 90
    Driver d(v);
    d.start();
    d.tick(ViewerInput{.zoom_steps = -10});
    EXPECT_DOUBLE_EQ(v.camera().hfov, 90);
}

TEST(ViewerCamera, ArrowKeysTurnAtTheConfiguredRate) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour); // 60°/s
    Driver d(v);
    d.start();
    d.run_for(0.5, ViewerInput{.key_yaw = 1});
    EXPECT_NEAR(v.camera().yaw, 30, 1e-9);
    d.run_for(0.25, ViewerInput{.key_yaw = -0.5, .key_pitch = 1});
    EXPECT_NEAR(v.camera().yaw, 22.5, 1e-9);
    EXPECT_NEAR(v.camera().pitch, 15, 1e-9);
}

TEST(ViewerCamera, SnapTurnAddsToYawAtOnce) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(ViewerInput{.turn_deg = 30});
    EXPECT_DOUBLE_EQ(v.camera().yaw, 30);
    d.tick(ViewerInput{.turn_deg = -30});
    d.tick(ViewerInput{.turn_deg = -30});
    EXPECT_DOUBLE_EQ(v.camera().yaw, -30);
    d.run_for(1.0);
    EXPECT_DOUBLE_EQ(v.camera().yaw, -30);
}

TEST(ViewerKiosk, AutorotatesAfterIdleTimeAndStopsOnInput) {
    const tour::Tour tour = load_tour(k_test_tour);
    ViewerConfig config;
    config.kiosk_idle_seconds = 10;
    config.autorotate_deg_per_s = 4;
    Viewer v(tour, config);
    Driver d(v);
    d.start();
    d.run_for(9.9, pointer_at(50, 0)); // a resting mouse is not input, but it is not idle time either
    EXPECT_DOUBLE_EQ(v.camera().yaw, 0);
    d.run_for(2.1);
    EXPECT_NEAR(v.camera().yaw, 8, 1e-9); // 2 s past the idle time
    d.tick(ViewerInput{.zoom_steps = 1});
    const double yaw = v.camera().yaw;
    d.run_for(9.5);
    EXPECT_DOUBLE_EQ(v.camera().yaw, yaw);
    d.run_for(1.0);
    EXPECT_NEAR(v.camera().yaw, yaw + 4 * (10.5 - 10), 1e-6);
}

TEST(ViewerKiosk, NoAutorotateByDefault) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.run_for(600);
    EXPECT_DOUBLE_EQ(v.camera().yaw, 0);
}

TEST(ViewerLanguage, CyclesThroughTheToursLanguages) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    v.take_events();
    std::vector<std::string> seen;
    for (int i = 0; i < 3; ++i) {
        d.tick(ViewerInput{.cycle_language = true});
        seen.emplace_back(v.language());
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"zh", "fr", "en"}));
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].type, EventType::LanguageChanged);
    EXPECT_EQ(events[0].language, "zh");
    EXPECT_EQ(events[2].language, "en");
}

TEST(ViewerLanguage, OneLanguageNeverChanges) {
    const tour::Tour tour = load_tour("tour: {title: x}\nscenes:\n  - {id: a, panorama: a.jpg}\n");
    Viewer v(tour);
    Driver d(v);
    d.start();
    v.take_events();
    d.tick(ViewerInput{.cycle_language = true});
    EXPECT_TRUE(v.take_events().empty());
    EXPECT_EQ(v.language(), "");
}

} // namespace
} // namespace vrex::viewer::test
