// Starting a tour, picking hotspots by ray, and hover.
#include "viewer_test_util.hpp"

#include "core/error.hpp"
#include "math/angles.hpp"

namespace vrex::viewer::test {
namespace {

TEST(ViewerStart, StartsInTheStartSceneWithItsView) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    EXPECT_EQ(v.scene().id, "hall");
    EXPECT_EQ(&v.scene(), &tour.scenes[0]);
    EXPECT_DOUBLE_EQ(v.camera().yaw, 0);
    EXPECT_DOUBLE_EQ(v.camera().pitch, 0);
    EXPECT_DOUBLE_EQ(v.camera().hfov, 90);
    EXPECT_EQ(v.fade(), 0.0);
    EXPECT_EQ(v.wanted_scenes(), std::vector<std::string>{"hall"});
    EXPECT_TRUE(v.take_events().empty()); // the first event comes with the first update

    v.update(1.25, {});
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, EventType::SceneEntered);
    EXPECT_EQ(events[0].scene, "hall");
    EXPECT_EQ(events[0].time, 1.25);
    v.update(1.5, {});
    EXPECT_TRUE(v.take_events().empty());
}

TEST(ViewerStart, StartsInTheSceneGiven) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour, {}, "corridor");
    EXPECT_EQ(v.scene().id, "corridor");
    EXPECT_DOUBLE_EQ(v.camera().yaw, 45);
    EXPECT_DOUBLE_EQ(v.camera().pitch, 5);
    EXPECT_DOUBLE_EQ(v.camera().hfov, 80);
    v.update(0, {});
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].scene, "corridor");
}

TEST(ViewerStart, UnknownStartSceneThrows) {
    const tour::Tour tour = load_tour(k_test_tour);
    EXPECT_THROW(Viewer(tour, {}, "attic"), core::Error);
}

TEST(ViewerStart, LanguageIsTheToursDefault) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    EXPECT_EQ(v.language(), "en");
}

TEST(ViewerPick, JustInsideAndJustOutsideTheRadius) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour); // marker_radius_deg = 3; `door` is at yaw 20, pitch 0
    EXPECT_EQ(v.pick_hotspot(ray_at(20, 0)), 0);
    EXPECT_EQ(v.pick_hotspot(ray_at(22.9, 0)), 0);
    EXPECT_EQ(v.pick_hotspot(ray_at(23.1, 0)), std::nullopt);
    EXPECT_EQ(v.pick_hotspot(ray_at(17.1, 0)), 0);
    EXPECT_EQ(v.pick_hotspot(ray_at(16.9, 0)), std::nullopt);
    EXPECT_EQ(v.pick_hotspot(ray_at(20, 2.9)), 0);
    EXPECT_EQ(v.pick_hotspot(ray_at(20, -3.1)), std::nullopt);
    // `whale` at pitch 10: a yaw step is a smaller angle there (cos 10° ≈ 0.985), so 3.04° of yaw is 2.99°.
    EXPECT_EQ(v.pick_hotspot(ray_at(-30 + 3.04, 10)), 1);
    EXPECT_EQ(v.pick_hotspot(ray_at(-30 + 3.1, 10)), std::nullopt);
}

TEST(ViewerPick, RadiusComesFromTheConfig) {
    const tour::Tour tour = load_tour(k_test_tour);
    ViewerConfig config;
    config.marker_radius_deg = 10;
    Viewer v(tour, config);
    EXPECT_EQ(v.pick_hotspot(ray_at(29.9, 0)), 0);
    EXPECT_EQ(v.pick_hotspot(ray_at(30.1, 0)), std::nullopt);
}

TEST(ViewerPick, NearestOfOverlappingMarkersWins) {
    const tour::Tour tour = load_tour(k_test_tour);
    ViewerConfig config;
    config.marker_radius_deg = 5; // shell-a (yaw 100) and shell-b (yaw 104) overlap between 99 and 105
    Viewer v(tour, config);
    EXPECT_EQ(v.pick_hotspot(ray_at(101.9, 0)), 2);
    EXPECT_EQ(v.pick_hotspot(ray_at(102.1, 0)), 3);
    EXPECT_EQ(v.pick_hotspot(ray_at(100.5, 1)), 2);
    EXPECT_EQ(v.pick_hotspot(ray_at(103.5, -1)), 3);
}

TEST(ViewerPick, NothingBehindTheViewer) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    const glm::dvec3 door = math::direction_from_yaw_pitch(20, 0);
    EXPECT_EQ(v.pick_hotspot(Ray{glm::dvec3(0.0), -door}), std::nullopt);
    EXPECT_EQ(v.pick_hotspot(ray_at(-160, 0)), std::nullopt);
    // The panorama is at infinity: the ray's origin does not matter, nor the direction's length.
    EXPECT_EQ(v.pick_hotspot(Ray{glm::dvec3(0.3, 1.6, -0.2), 5.0 * door}), 0);
    EXPECT_EQ(v.pick_hotspot(Ray{glm::dvec3(0.0), glm::dvec3(0.0)}), std::nullopt);
}

TEST(ViewerHover, MarksTheHoveredHotspotAndReportsEachChangeOnce) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    v.take_events();
    for (int i = 0; i < 3; ++i) d.tick(pointer_at(20.5, 0));
    std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, EventType::HotspotHovered);
    EXPECT_EQ(events[0].hotspot, "door");
    std::vector<HotspotState> states = v.hotspots();
    ASSERT_EQ(states.size(), 5u);
    EXPECT_TRUE(states[0].hovered);
    EXPECT_FALSE(states[1].hovered);
    EXPECT_EQ(states[0].hotspot, &tour.scenes[0].hotspots[0]);
    EXPECT_EQ(v.hovered(), 0);

    d.tick(pointer_at(-30, 10));
    events = v.take_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].hotspot, "whale");
    EXPECT_TRUE(v.hotspots()[1].hovered);
    EXPECT_FALSE(v.hotspots()[0].hovered);

    d.tick(pointer_at(60, 0)); // off every marker: nothing hovered, no event
    d.tick(ViewerInput{});     // no pointer at all
    EXPECT_TRUE(v.take_events().empty());
    EXPECT_EQ(v.hovered(), std::nullopt);

    d.tick(pointer_at(180, -20));
    events = v.take_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].hotspot, "#4"); // no id in the file
}

TEST(ViewerHover, HotspotDirectionsFollowTheConventions) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    const HotspotState door = v.hotspots()[0]; // yaw 20: to the right of -Z, i.e. towards +X
    EXPECT_GT(door.direction.x, 0.3);
    EXPECT_LT(door.direction.z, -0.9);
    EXPECT_NEAR(door.direction.y, 0.0, 1e-12);
}

} // namespace
} // namespace vrex::viewer::test
