// Model exhibits: opening and closing, placement, the turntable, turning by drag, and picking through the model.
#include "viewer_test_util.hpp"

#include <cmath>
#include <numbers>

#include <glm/geometric.hpp>

#include "math/angles.hpp"

namespace vrex::viewer::test {
namespace {

// hall's shell-b (104, 0) is a model hotspot; its exhibit has a model with the default view (1.5 m, 30°, turntable).
// shell-a (100, 0) lies behind the open model; door (20, 0) does not.
constexpr double k_model_yaw = 104;

// A tour whose model states every value of its view.
const char* const k_placed_tour = R"(tour: {title: Placed}
scenes:
  - id: room
    panorama: room.jpg
    hotspots:
      - {id: near, kind: model, at: {yaw: -90, pitch: 10}, exhibit: near}
      - {id: still, kind: model, at: {yaw: 90, pitch: 0}, exhibit: still}
exhibits:
  - id: near
    title: Near
    model: {file: near.glb, distance: 0.5, size: 10, rotate: {yaw: 90, pitch: 0, roll: 0}}
  - id: still
    title: Still
    model: {file: still.glb, turntable: false}
)";

ViewerInput drag(double yaw, double pitch, double drag_yaw, bool dragging = true) {
    ViewerInput in = pointer_at(yaw, pitch);
    in.dragging = dragging;
    in.drag_yaw_deg = drag_yaw;
    return in;
}

struct OpenModel : ::testing::Test {
    tour::Tour tour = load_tour(k_test_tour);
    Viewer v{tour};
    Driver d{v};
    void SetUp() override {
        d.start();
        d.tick(click_at(k_model_yaw, 0));
        ASSERT_TRUE(v.model());
        v.take_events();
    }
};

TEST_F(OpenModel, OpensInTheHotspotsDirectionWithDefaults) {
    const std::optional<ModelState> m = v.model();
    EXPECT_EQ(m->exhibit, tour.find_exhibit("shell"));
    EXPECT_EQ(m->hotspot_index, 3);
    EXPECT_NEAR(glm::length(m->direction - math::direction_from_yaw_pitch(k_model_yaw, 0)), 0.0, 1e-12);
    EXPECT_DOUBLE_EQ(m->distance_m, 1.5);
    EXPECT_DOUBLE_EQ(m->size_deg, 30);
    EXPECT_DOUBLE_EQ(m->facing_yaw, k_model_yaw);
    EXPECT_NEAR(m->radius_m(), 1.5 * std::sin(15.0 * std::numbers::pi / 180.0), 1e-12);
    EXPECT_FALSE(v.panel()); // a model hotspot opens no text panel
}

TEST(ViewerModel, OpeningEmitsModelOpenedWithTheExhibit) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    v.take_events();
    d.tick(click_at(k_model_yaw, 0));
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(types_of(events),
              (std::vector<EventType>{EventType::HotspotHovered, EventType::HotspotActivated, EventType::ModelOpened}));
    EXPECT_EQ(events[2].hotspot, "shell-b");
    EXPECT_EQ(events[2].exhibit, "shell");
    EXPECT_EQ(
        events[2].to_json(),
        R"({"event":"model_opened","time":0.016666666666666666,"scene":"hall","hotspot":"shell-b","exhibit":"shell"})");
}

TEST(ViewerModel, TourValuesAndTheMinimumDistance) {
    const tour::Tour tour = load_tour(k_placed_tour);
    ViewerConfig config;
    config.model_min_distance_m = 0.8;
    Viewer v(tour, config);
    Driver d(v);
    d.start();
    d.tick(click_at(-90, 10));
    const std::optional<ModelState> m = v.model();
    ASSERT_TRUE(m);
    EXPECT_DOUBLE_EQ(m->distance_m, 0.8); // the tour says 0.5, the viewer allows no closer than 0.8
    EXPECT_DOUBLE_EQ(m->size_deg, 10);
    EXPECT_NEAR(glm::length(m->direction - math::direction_from_yaw_pitch(-90, 10)), 0.0, 1e-12);
}

TEST_F(OpenModel, TurntableTurnsAtItsRateAndAnimates) {
    const double before = v.model()->turn_deg;
    d.run_for(1.0);
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - before), 20.0, 1e-9);
    EXPECT_TRUE(v.animating());
}

TEST(ViewerModel, NoTurntableMeansStillAndNotAnimating) {
    const tour::Tour tour = load_tour(k_placed_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(click_at(90, 0)); // still: turntable false
    ASSERT_TRUE(v.model());
    d.run_for(1.0);
    EXPECT_EQ(v.model()->turn_deg, 0.0);
    EXPECT_FALSE(v.animating());
}

TEST_F(OpenModel, DragOnTheObjectTurnsItNotTheCamera) {
    const double camera_yaw = v.camera().yaw;
    d.tick(drag(k_model_yaw + 2, 1, 0)); // grabs it
    const double grabbed = v.model()->turn_deg;
    EXPECT_TRUE(v.model()->held);
    for (int i = 0; i < 10; ++i) d.tick(drag(k_model_yaw + 2, 1, -3)); // the cursor moves right: the front follows
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - grabbed), -30.0, 1e-9);
    EXPECT_DOUBLE_EQ(v.camera().yaw, camera_yaw);
    d.run_for(0.5, drag(k_model_yaw + 2, 1, 0)); // held still: no turntable, nothing moves
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - grabbed), -30.0, 1e-9);
    EXPECT_FALSE(v.animating());
    d.tick(pointer_at(k_model_yaw + 2, 1)); // released: the turntable resumes, the camera does not glide
    const double released = v.model()->turn_deg;
    EXPECT_FALSE(v.model()->held);
    d.run_for(1.0);
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - released), 20.0, 1e-9);
    EXPECT_DOUBLE_EQ(v.camera().yaw, camera_yaw);
}

TEST_F(OpenModel, DragOffTheObjectTurnsTheCamera) {
    const double camera_yaw = v.camera().yaw;
    d.tick(drag(0, 0, 0));
    EXPECT_FALSE(v.model()->held);
    d.tick(drag(0, 0, -5));
    EXPECT_DOUBLE_EQ(v.camera().yaw, camera_yaw - 5);
    // Moving onto the object during the drag does not grab it: only where a drag starts counts.
    const double turn = v.model()->turn_deg;
    d.tick(drag(k_model_yaw, 0, -5));
    EXPECT_FALSE(v.model()->held);
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - turn), 20.0 / 60.0, 1e-9);
}

TEST_F(OpenModel, ItHidesTheMarkerBehindIt) {
    d.tick(click_at(100, 0)); // shell-a, behind the model
    EXPECT_TRUE(v.model());
    EXPECT_TRUE(v.model()->hovered);
    EXPECT_FALSE(v.hovered());
    EXPECT_FALSE(v.panel());
    EXPECT_TRUE(v.take_events().empty()); // neither activated nor closed
}

TEST_F(OpenModel, ASmallerRadiusFromTheSceneUncoversTheMarker) {
    v.set_model_radius(0.05); // about 2°: shell-a, 4° off the centre, is clear of it
    d.tick(click_at(100, 0));
    EXPECT_TRUE(v.panel());
    EXPECT_FALSE(v.model()); // one exhibit at a time
    EXPECT_EQ(types_of(v.take_events()), (std::vector<EventType>{EventType::HotspotHovered, EventType::HotspotActivated,
                                                                 EventType::ModelClosed, EventType::PanelOpened}));
}

TEST_F(OpenModel, EscClosesIt) {
    d.tick(ViewerInput{.close = true});
    EXPECT_FALSE(v.model());
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(types_of(events), std::vector<EventType>{EventType::ModelClosed});
    EXPECT_EQ(events[0].hotspot, "shell-b");
    EXPECT_EQ(events[0].exhibit, "shell");
}

TEST_F(OpenModel, AClickOnEmptySpaceClosesIt) {
    d.tick(click_at(-100, -30));
    EXPECT_FALSE(v.model());
    EXPECT_EQ(types_of(v.take_events()), std::vector<EventType>{EventType::ModelClosed});
}

TEST_F(OpenModel, BackClosesItAndStaysInTheScene) {
    d.tick(ViewerInput{.back = true});
    EXPECT_FALSE(v.model());
    EXPECT_EQ(types_of(v.take_events()), std::vector<EventType>{EventType::ModelClosed});
    d.run_for(1.0);
    EXPECT_EQ(v.scene().id, "hall");
}

TEST_F(OpenModel, FollowingALinkClosesIt) {
    follow_link(d, 20, 0, "corridor");
    EXPECT_FALSE(v.model());
}

ViewerInput grab(double yaw, double pitch, double turn, bool held = true) {
    ViewerInput in = pointer_at(yaw, pitch, PointerKind::Controller);
    in.grab = held;
    in.grab_turn_deg = turn;
    return in;
}

TEST_F(OpenModel, AGrabOnTheObjectTurnsItWithTheController) {
    const double camera_yaw = v.camera().yaw;
    d.tick(grab(k_model_yaw, 0, 0)); // the squeeze goes down with the ray on the object
    EXPECT_TRUE(v.model()->held);
    const std::vector<ViewerEvent> grabbed_events = v.take_events();
    ASSERT_EQ(types_of(grabbed_events), std::vector<EventType>{EventType::ModelGrabbed});
    EXPECT_EQ(
        grabbed_events[0].to_json(),
        R"({"event":"model_grabbed","time":0.03333333333333333,"scene":"hall","hotspot":"shell-b","exhibit":"shell"})");
    const double grabbed = v.model()->turn_deg;
    // The controller turns right 3° a tick; the ray leaves the object: the hold stays, the model follows 1:1.
    for (int i = 0; i < 10; ++i) d.tick(grab(k_model_yaw + 3.0 * (i + 1), 0, 3));
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - grabbed), 30.0, 1e-9);
    d.run_for(0.5, grab(k_model_yaw + 30, 0, 0)); // held still: no turntable
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - grabbed), 30.0, 1e-9);
    EXPECT_DOUBLE_EQ(v.camera().yaw, camera_yaw); // a grab never turns the camera
    v.take_events();
    d.tick(grab(k_model_yaw + 30, 0, 0, false)); // released: the turntable resumes
    EXPECT_FALSE(v.model()->held);
    const std::vector<ViewerEvent> released = v.take_events();
    ASSERT_EQ(types_of(released), std::vector<EventType>{EventType::ModelReleased});
    EXPECT_DOUBLE_EQ(released[0].turn_deg, 30.0);
    EXPECT_NE(released[0].to_json().find(R"("exhibit":"shell","turn_deg":30})"), std::string::npos)
        << released[0].to_json();
    const double after = v.model()->turn_deg;
    d.run_for(1.0);
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - after), 20.0, 1e-9);
}

TEST_F(OpenModel, AGrabThatStartsBesideTheObjectHoldsNothing) {
    d.tick(grab(0, 0, 0));
    EXPECT_FALSE(v.model()->held);
    const double turn = v.model()->turn_deg;
    d.tick(grab(k_model_yaw, 0, 5)); // moving onto it while squeezing does not take it
    EXPECT_FALSE(v.model()->held);
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - turn), 20.0 / 60.0, 1e-9); // only the turntable
    EXPECT_TRUE(v.model()); // and a grab is no click: the model stays open
}

TEST_F(OpenModel, ADragHoldsItToo) {
    d.tick(drag(k_model_yaw, 0, 0));
    for (int i = 0; i < 4; ++i) d.tick(drag(k_model_yaw, 0, -5));
    d.tick(pointer_at(k_model_yaw, 0));
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(types_of(events), (std::vector<EventType>{EventType::ModelGrabbed, EventType::ModelReleased}));
    EXPECT_DOUBLE_EQ(events[1].turn_deg, -20.0);
}

TEST_F(OpenModel, ClosingAHeldModelReleasesItFirst) {
    d.tick(grab(k_model_yaw, 0, 0));
    d.tick([] {
        ViewerInput in = grab(k_model_yaw, 0, 0);
        in.back = true;
        return in;
    }());
    EXPECT_FALSE(v.model());
    EXPECT_EQ(types_of(v.take_events()),
              (std::vector<EventType>{EventType::ModelGrabbed, EventType::ModelReleased, EventType::ModelClosed}));
}

// The scene's hit test: a ray through an empty part of the bounding sphere reaches the marker behind; a ray on the
// object takes the click before the marker.
TEST_F(OpenModel, ARayThroughTheEmptyPartOfItsSphereReachesTheMarker) {
    int calls = 0;
    v.set_model_hit_test([&](const ModelState& m, const Ray&) -> std::optional<double> {
        ++calls;
        EXPECT_EQ(m.exhibit, tour.find_exhibit("shell"));
        return std::nullopt;
    });
    d.tick(click_at(100, 0)); // shell-a, behind the model
    EXPECT_GT(calls, 0);
    EXPECT_TRUE(v.panel());
    EXPECT_EQ(types_of(v.take_events()), (std::vector<EventType>{EventType::HotspotHovered, EventType::HotspotActivated,
                                                                 EventType::ModelClosed, EventType::PanelOpened}));
}

TEST_F(OpenModel, ARayOnTheObjectTakesTheClickBeforeTheMarker) {
    std::optional<Ray> seen;
    v.set_model_hit_test([&](const ModelState&, const Ray& ray) -> std::optional<double> {
        seen = ray;
        return 1.4;
    });
    d.tick(click_at(100, 0));
    ASSERT_TRUE(seen);
    EXPECT_NEAR(glm::length(seen->direction - ray_at(100, 0).direction), 0.0, 1e-12);
    EXPECT_TRUE(v.model()->hovered);
    EXPECT_FALSE(v.hovered());
    EXPECT_TRUE(v.take_events().empty());
    EXPECT_EQ(v.model_hit(ray_at(100, 0)), 1.4);
}

TEST_F(OpenModel, TheHitTestIsAskedOnlyInsideTheSphere) {
    int calls = 0;
    v.set_model_hit_test([&](const ModelState&, const Ray&) -> std::optional<double> {
        ++calls;
        return 1.0;
    });
    EXPECT_FALSE(v.model_hit(ray_at(0, 0)));
    EXPECT_EQ(calls, 0);
    d.tick(drag(k_model_yaw, 0, 0)); // a drag on the object asks it, and holds the model
    EXPECT_GT(calls, 0);
    EXPECT_TRUE(v.model()->held);
}

TEST_F(OpenModel, AMissFromTheHitTestLetsADragTurnTheCamera) {
    v.set_model_hit_test([](const ModelState&, const Ray&) -> std::optional<double> { return std::nullopt; });
    const double camera_yaw = v.camera().yaw;
    d.tick(drag(k_model_yaw, 0, 0));
    EXPECT_FALSE(v.model()->held);
    d.tick(drag(k_model_yaw, 0, -5));
    EXPECT_DOUBLE_EQ(v.camera().yaw, camera_yaw - 5);
}

TEST(ViewerModelTransform, FitsTheBoundsToTheAngularSizeAtTheDirection) {
    ModelState m;
    m.direction = math::direction_from_yaw_pitch(90, 0); // +X
    m.facing_yaw = 90;
    m.distance_m = 2.0;
    m.size_deg = 60; // radius 2 · sin 30° = 1
    const glm::dvec3 centre(5.0, 6.0, 7.0);
    const glm::dmat4 t = model_transform(m, centre, 10.0);
    const glm::dvec3 c = glm::dvec3(t * glm::dvec4(centre, 1.0));
    EXPECT_NEAR(glm::length(c - glm::dvec3(2.0, 0.0, 0.0)), 0.0, 1e-12);
    // The model's front (+Z as authored) faces the origin; its top stays up; the bounding radius becomes 1 m.
    const glm::dvec3 front = glm::dvec3(t * glm::dvec4(centre + glm::dvec3(0.0, 0.0, 10.0), 1.0));
    EXPECT_NEAR(glm::length(front - glm::dvec3(1.0, 0.0, 0.0)), 0.0, 1e-12);
    const glm::dvec3 top = glm::dvec3(t * glm::dvec4(centre + glm::dvec3(0.0, 10.0, 0.0), 1.0));
    EXPECT_NEAR(glm::length(top - glm::dvec3(2.0, 1.0, 0.0)), 0.0, 1e-12);
    // A positive turn is a yaw (clockwise seen from above): seen from the origin its front moves left (-Z here),
    // so a drag to the right (a negative drag_yaw_deg) moves the front right.
    m.turn_deg = 90;
    const glm::dmat4 turned = model_transform(m, centre, 10.0);
    const glm::dvec3 side = glm::dvec3(turned * glm::dvec4(centre + glm::dvec3(0.0, 0.0, 10.0), 1.0));
    EXPECT_NEAR(glm::length(side - glm::dvec3(2.0, 0.0, -1.0)), 0.0, 1e-12);
}

TEST(ViewerModelTransform, RayAndSphere) {
    const glm::dvec3 c(0.0, 0.0, -2.0);
    EXPECT_NEAR(*intersect_sphere(c, 0.5, ray_at(0, 0)), 1.5, 1e-12);
    EXPECT_TRUE(intersect_sphere(c, 0.5, ray_at(14, 0)));               // sin 14° · 2 = 0.48
    EXPECT_FALSE(intersect_sphere(c, 0.5, ray_at(15, 0)));              // asin(0.25) = 14.48°
    EXPECT_FALSE(intersect_sphere(c, 0.5, ray_at(180, 0)));             // behind
    EXPECT_EQ(*intersect_sphere(c, 0.5, Ray{c, {1.0, 0.0, 0.0}}), 0.0); // from inside
}

TEST_F(OpenModel, TurnModelTurnsItAsADragWould) { // vrex shot --turn-model
    const double before = v.model()->turn_deg;
    v.turn_model(-33.75);
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - before), -33.75, 1e-9);
    v.turn_model(400); // wraps
    EXPECT_NEAR(math::wrap_degrees(v.model()->turn_deg - before), math::wrap_degrees(366.25), 1e-9);
    EXPECT_TRUE(v.take_events().empty()); // not a visitor's grab: no model_grabbed / model_released
    d.tick(ViewerInput{.close = true});
    ASSERT_FALSE(v.model());
    v.turn_model(10); // no model: nothing
    EXPECT_FALSE(v.model());
}

} // namespace
} // namespace vrex::viewer::test
