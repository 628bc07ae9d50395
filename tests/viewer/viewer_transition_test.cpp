// Links: the fade, waiting for the target's panorama, arrival views, and going back.
#include "viewer_test_util.hpp"

#include <cmath>

namespace vrex::viewer::test {
namespace {

TEST(ViewerTransition, LinkFadesOutSwapsWhileBlackAndFadesIn) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour); // fade_seconds = 0.3
    Driver d(v);
    d.start();
    v.set_scene_ready("corridor", true);
    v.take_events();

    d.tick(click_at(20, 0));
    const double clicked = d.now;
    std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(types_of(events), (std::vector<EventType>{EventType::HotspotHovered, EventType::HotspotActivated}));
    EXPECT_EQ(events[1].hotspot, "door");
    EXPECT_EQ(v.wanted_scenes(), (std::vector<std::string>{"hall", "corridor"})); // decoding starts now
    EXPECT_EQ(v.fade(), 0.0);

    d.run_for(0.15);
    EXPECT_NEAR(v.fade(), 0.5, 1e-9);
    EXPECT_EQ(v.scene().id, "hall");
    EXPECT_TRUE(v.take_events().empty());

    d.run_for(clicked + 0.3 - d.now); // fully black: the swap
    EXPECT_EQ(v.scene().id, "corridor");
    EXPECT_EQ(v.fade(), 1.0);
    events = v.take_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, EventType::SceneEntered);
    EXPECT_EQ(events[0].scene, "corridor");
    EXPECT_EQ(v.wanted_scenes(), std::vector<std::string>{"corridor"});
    EXPECT_DOUBLE_EQ(v.camera().yaw, 45); // the target's view: the link has no `arrive`
    EXPECT_DOUBLE_EQ(v.camera().pitch, 5);
    EXPECT_DOUBLE_EQ(v.camera().hfov, 80);

    d.run_for(0.15);
    EXPECT_NEAR(v.fade(), 0.5, 1e-9);
    d.run_for(0.15);
    EXPECT_EQ(v.fade(), 0.0);
}

TEST(ViewerTransition, StaysBlackUntilTheTargetIsReady) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(click_at(20, 0));
    d.run_for(2.0);
    EXPECT_EQ(v.scene().id, "hall");
    EXPECT_EQ(v.fade(), 1.0);
    EXPECT_EQ(v.wanted_scenes(), (std::vector<std::string>{"hall", "corridor"}));
    v.set_scene_ready("corridor", false); // still not ready
    d.tick();
    EXPECT_EQ(v.scene().id, "hall");
    v.set_scene_ready("corridor", true);
    d.tick();
    EXPECT_EQ(v.scene().id, "corridor");
    EXPECT_EQ(v.fade(), 1.0);
}

TEST(ViewerTransition, SceneSwapsOnlyWhileFullyBlack) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.dt = 0.037; // a frame time that does not divide the fade
    d.start();
    v.set_scene_ready("corridor", true);
    d.tick(click_at(20, 0));
    std::string scene = v.scene().id;
    for (int i = 0; i < 40; ++i) {
        d.tick();
        if (v.scene().id != scene) {
            EXPECT_EQ(v.fade(), 1.0) << "swapped at fade " << v.fade();
            scene = v.scene().id;
        }
    }
    EXPECT_EQ(scene, "corridor");
    EXPECT_EQ(v.fade(), 0.0);
}

TEST(ViewerTransition, OnlyCameraMovesCountWhileFading) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(click_at(20, 0)); // corridor is never ready: black forever
    v.take_events();
    ViewerInput in = click_at(-30, 10);
    in.back = in.close = in.cycle_language = in.activate_focus = true;
    in.focus_step = 1;
    in.drag_yaw_deg = 5;
    for (int i = 0; i < 30; ++i) d.tick(in);
    EXPECT_TRUE(v.take_events().empty());
    EXPECT_EQ(v.hovered(), std::nullopt);
    EXPECT_EQ(v.focused(), std::nullopt);
    EXPECT_EQ(v.language(), "en");
    EXPECT_NEAR(v.camera().yaw, 150, 1e-9);
}

TEST(ViewerTransition, ClosesThePanelWhenTheSceneChanges) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(click_at(-30, 10)); // whale: opens its panel
    ASSERT_TRUE(v.panel());
    v.take_events();
    follow_link(d, 20, 0, "corridor");
    EXPECT_EQ(types_of(v.take_events()), (std::vector<EventType>{EventType::HotspotHovered, EventType::HotspotActivated,
                                                                 EventType::PanelClosed, EventType::SceneEntered}));
    EXPECT_FALSE(v.panel());
}

// Arrives in the garden from the corridor through the link at (link_yaw, link_pitch), having looked along `before`.
Camera arrive_in_garden(double link_yaw, double link_pitch, Camera before) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour, {}, "corridor");
    Driver d(v);
    d.start();
    v.look_at(before.yaw, before.pitch);
    d.tick(ViewerInput{.zoom_steps = std::log(80.0 / before.hfov) / std::log(1.15)});
    EXPECT_NEAR(v.camera().hfov, before.hfov, 1e-9);
    follow_link(d, link_yaw, link_pitch, "garden");
    return v.camera();
}

TEST(ViewerTransition, ArrivalViewForEachArriveForm) {
    // Numbers: the link's values.
    Camera c = arrive_in_garden(90, 0, {10, 20, 60});
    EXPECT_NEAR(c.yaw, 30, 1e-9);
    EXPECT_NEAR(c.pitch, -10, 1e-9);
    EXPECT_NEAR(c.hfov, 70, 1e-9);
    // same-azimuth: yaw - north is kept (corridor north -50, garden north 100), pitch and hfov stay.
    c = arrive_in_garden(-90, 0, {10, 20, 60});
    EXPECT_NEAR(c.yaw, 10 + 50 + 100, 1e-9);
    EXPECT_NEAR(c.pitch, 20, 1e-9);
    EXPECT_NEAR(c.hfov, 60, 1e-9);
    // No `arrive`: the garden's view.
    c = arrive_in_garden(0, -40, {10, 20, 60});
    EXPECT_NEAR(c.yaw, -60, 1e-9);
    EXPECT_NEAR(c.pitch, 0, 1e-9);
    EXPECT_NEAR(c.hfov, 60, 1e-9);
}

TEST(ViewerTransition, ArriveSameKeepsTheView) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour, {}, "corridor");
    Driver d(v);
    d.start();
    v.look_at(-170, 12);
    follow_link(d, 180, 0, "hall"); // `back` link: arrive: same
    EXPECT_NEAR(v.camera().yaw, -170, 1e-9);
    EXPECT_NEAR(v.camera().pitch, 12, 1e-9);
    EXPECT_NEAR(v.camera().hfov, 80, 1e-9);
}

TEST(ViewerTransition, ArrivalUsesTheCameraAtTheSwap) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour, {}, "corridor");
    Driver d(v);
    d.start();
    v.set_scene_ready("hall", true);
    v.look_at(-170, 12);
    d.tick(click_at(180, 0));
    d.tick(ViewerInput{.turn_deg = 30}); // a snap turn during the fade still counts
    d.run_until_settled_in("hall");
    EXPECT_NEAR(v.camera().yaw, -140, 1e-9);
}

TEST(ViewerBack, ReturnsWithTheViewTheVisitorLeftWith) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    EXPECT_TRUE(v.history().empty());
    v.set_scene_ready("hall", true); // the app keeps the start scene's panorama
    v.look_at(15, -5);
    follow_link(d, 20, 0, "corridor");
    v.look_at(100, 3);
    follow_link(d, 90, 0, "garden");
    EXPECT_EQ(v.history(), (std::vector<std::string>{"hall", "corridor"}));
    v.take_events();

    d.tick(ViewerInput{.back = true});
    EXPECT_EQ(v.wanted_scenes(), (std::vector<std::string>{"garden", "corridor"}));
    d.tick();
    EXPECT_EQ(v.scene().id, "garden");
    EXPECT_GT(v.fade(), 0.0);
    d.run_until_settled_in("corridor");
    EXPECT_NEAR(v.camera().yaw, 100, 1e-9);
    EXPECT_NEAR(v.camera().pitch, 3, 1e-9);
    EXPECT_EQ(v.history(), std::vector<std::string>{"hall"});

    d.tick(ViewerInput{.back = true});
    d.run_until_settled_in("hall");
    EXPECT_NEAR(v.camera().yaw, 15, 1e-9);
    EXPECT_NEAR(v.camera().pitch, -5, 1e-9);
    EXPECT_EQ(types_of(v.take_events()), (std::vector<EventType>{EventType::SceneEntered, EventType::SceneEntered}));

    d.tick(ViewerInput{.back = true}); // nothing left to go back to
    d.run_for(1.0);
    EXPECT_EQ(v.scene().id, "hall");
    EXPECT_EQ(v.fade(), 0.0);
    EXPECT_TRUE(v.take_events().empty());
}

} // namespace
} // namespace vrex::viewer::test
