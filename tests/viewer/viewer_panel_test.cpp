// Panels: opening and closing, placement, and the ray–panel intersection.
#include "viewer_test_util.hpp"

#include <glm/geometric.hpp>

#include "math/angles.hpp"

namespace vrex::viewer::test {
namespace {

PanelState straight_ahead_panel() {
    PanelState p;
    p.centre = {0.0, 0.0, -1.4};
    p.width_m = 0.9;
    p.height_m = 0.6;
    return p; // right +X, up +Y
}

TEST(ViewerPanelGeometry, RayHitsTheRectangleFromTheFront) {
    const PanelState p = straight_ahead_panel();
    const glm::dvec3 o(0.0);
    std::optional<PanelHit> hit = intersect_panel(p, Ray{o, {0.0, 0.0, -1.0}});
    ASSERT_TRUE(hit);
    EXPECT_NEAR(hit->distance, 1.4, 1e-12);
    EXPECT_NEAR(hit->local.x, 0.0, 1e-12);
    EXPECT_TRUE(intersect_panel(p, Ray{o, {0.44, 0.0, -1.4}}));
    EXPECT_FALSE(intersect_panel(p, Ray{o, {0.46, 0.0, -1.4}}));
    EXPECT_TRUE(intersect_panel(p, Ray{o, {0.0, -0.29, -1.4}}));
    EXPECT_FALSE(intersect_panel(p, Ray{o, {0.0, 0.31, -1.4}}));
    // A controller ray from the side: the origin matters.
    hit = intersect_panel(p, Ray{{0.3, 0.2, 0.0}, {0.0, 0.0, -1.0}});
    ASSERT_TRUE(hit);
    EXPECT_NEAR(hit->local.x, 0.3, 1e-12);
    EXPECT_NEAR(hit->local.y, 0.2, 1e-12);
    EXPECT_NEAR(hit->point.z, -1.4, 1e-12);
    EXPECT_FALSE(intersect_panel(p, Ray{{0.5, 0.0, 0.0}, {0.0, 0.0, -1.0}}));
}

TEST(ViewerPanelGeometry, MissesFromBehindAwayAndParallel) {
    const PanelState p = straight_ahead_panel();
    EXPECT_FALSE(intersect_panel(p, Ray{{0.0, 0.0, 0.0}, {0.0, 0.0, 1.0}}));   // away
    EXPECT_FALSE(intersect_panel(p, Ray{{0.0, 0.0, -3.0}, {0.0, 0.0, 1.0}}));  // from behind
    EXPECT_FALSE(intersect_panel(p, Ray{{0.0, 0.0, -3.0}, {0.0, 0.0, -1.0}})); // beyond it, pointing away
    EXPECT_FALSE(intersect_panel(p, Ray{{0.0, 0.0, -1.4}, {1.0, 0.0, 0.0}}));  // in its plane
}

TEST(ViewerPanel, OpensInTheHotspotsDirectionFacingTheOrigin) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    v.take_events();
    d.tick(click_at(-30, 10)); // whale, info
    std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(types_of(events),
              (std::vector<EventType>{EventType::HotspotHovered, EventType::HotspotActivated, EventType::PanelOpened}));
    EXPECT_EQ(events[2].hotspot, "whale");
    EXPECT_EQ(events[2].exhibit, "whale");
    const std::optional<PanelState> p = v.panel();
    ASSERT_TRUE(p);
    EXPECT_EQ(p->exhibit, &tour.exhibits[0]);
    EXPECT_EQ(p->hotspot_index, 1);
    const glm::dvec3 dir = math::direction_from_yaw_pitch(-30, 10);
    EXPECT_NEAR(glm::length(p->centre - 1.4 * dir), 0.0, 1e-12);
    EXPECT_DOUBLE_EQ(p->width_m, 0.9);
    EXPECT_DOUBLE_EQ(p->height_m, 0.6);
    EXPECT_NEAR(p->right.y, 0.0, 1e-12); // upright
    EXPECT_GT(p->up.y, 0.9);
    EXPECT_NEAR(glm::dot(p->right, p->up), 0.0, 1e-12);
    EXPECT_NEAR(glm::dot(glm::cross(p->right, p->up), dir), -1.0, 1e-12); // faces the origin
}

TEST(ViewerPanel, PitchIsClamped) {
    const tour::Tour tour = load_tour(k_test_tour);
    ViewerConfig config;
    config.panel_max_pitch_deg = 15;
    config.panel_distance_m = 1.2;
    Viewer v(tour, config);
    Driver d(v);
    d.start();
    d.tick(click_at(180, -20)); // media hotspot at pitch -20
    const std::optional<PanelState> p = v.panel();
    ASSERT_TRUE(p);
    EXPECT_NEAR(glm::length(p->centre - 1.2 * math::direction_from_yaw_pitch(180, -15)), 0.0, 1e-12);
    EXPECT_EQ(v.take_events().back().hotspot, "#4");
}

TEST(ViewerPanel, HoveredWhenThePointerIsOnItAndHidesHotspotsBehind) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(click_at(-30, 10));
    d.tick(pointer_at(-30, 10)); // the whale marker lies behind its own panel
    ASSERT_TRUE(v.panel());
    EXPECT_TRUE(v.panel()->hovered);
    EXPECT_EQ(v.hovered(), std::nullopt);
    d.tick(pointer_at(-10, 10)); // 20° off the centre: past the panel's half width (about 18°)
    EXPECT_FALSE(v.panel()->hovered);
}

TEST(ViewerPanel, ClickOnThePanelKeepsItAndOnEmptySpaceClosesIt) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(click_at(-30, 10));
    v.take_events();
    d.tick(click_at(-25, 8));
    EXPECT_TRUE(v.panel());
    EXPECT_TRUE(v.take_events().empty());
    d.tick(click_at(60, 0));
    EXPECT_FALSE(v.panel());
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, EventType::PanelClosed);
    EXPECT_EQ(events[0].hotspot, "whale");
    EXPECT_EQ(events[0].exhibit, "whale");
}

TEST(ViewerPanel, EscClosesIt) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(click_at(-30, 10));
    v.take_events();
    d.tick(ViewerInput{.close = true});
    EXPECT_FALSE(v.panel());
    EXPECT_EQ(types_of(v.take_events()), std::vector<EventType>{EventType::PanelClosed});
    d.tick(ViewerInput{.close = true}); // nothing open: nothing to report
    EXPECT_TRUE(v.take_events().empty());
}

TEST(ViewerPanel, AnotherHotspotReplacesItTheSameOneKeepsIt) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(click_at(100, 0)); // shell-a, info
    v.take_events();
    d.tick(click_at(180, -20)); // the media hotspot: its gallery replaces shell-a's panel
    std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(types_of(events), (std::vector<EventType>{EventType::HotspotHovered, EventType::HotspotActivated,
                                                        EventType::PanelClosed, EventType::GalleryOpened}));
    EXPECT_EQ(events[2].exhibit, "shell");
    EXPECT_EQ(events[3].exhibit, "whale");
    EXPECT_EQ(v.panel()->hotspot_index, 4);
    // The marker is behind its panel now, so activate it again from the keyboard.
    v.look_at(180, -20);
    d.tick(ViewerInput{.focus_step = 1});
    ASSERT_EQ(v.focused(), 4);
    d.tick(ViewerInput{.activate_focus = true});
    EXPECT_EQ(types_of(v.take_events()), std::vector<EventType>{EventType::HotspotActivated});
    EXPECT_EQ(v.panel()->hotspot_index, 4);
}

TEST(ViewerPanel, MediaHotspotsOpenPanelsToo) { // galleries: viewer_gallery_test.cpp
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(click_at(180, -20)); // the media hotspot without id (model hotspots: viewer_model_test.cpp)
    ASSERT_TRUE(v.panel());
    EXPECT_EQ(v.panel()->exhibit, tour.find_exhibit("whale"));
    EXPECT_EQ(v.panel()->hotspot_index, 4);
    EXPECT_TRUE(v.panel()->gallery); // its exhibit has an image
}

} // namespace
} // namespace vrex::viewer::test
