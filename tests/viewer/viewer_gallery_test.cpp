// Galleries: a media hotspot whose exhibit has images opens one; stepping by input, by the arrows (click, trigger,
// gaze dwell), wrapping round; the keys and the snap turn it takes; its events and their JSON.
#include "viewer_test_util.hpp"

#include <glm/geometric.hpp>

#include "math/angles.hpp"

namespace vrex::viewer::test {
namespace {

// photos: a media hotspot with three images straight ahead; single: one image; notes: an info hotspot whose exhibit
// has images (a text panel). (A media hotspot needs an exhibit with images: the loader refuses others.)
const char* const k_gallery_tour = R"(tour:
  title: Gallery
  languages: [en, zh]
scenes:
  - id: hall
    panorama: hall.jpg
    view: {yaw: 0, pitch: 0, hfov: 90}
    hotspots:
      - {id: photos, kind: media, at: {yaw: 0, pitch: 0}, exhibit: series}
      - {id: single, kind: media, at: {yaw: 90, pitch: 0}, exhibit: one}
      - {id: notes, kind: info, at: {yaw: -90, pitch: 0}, exhibit: series}
      - {id: door, kind: link, at: {yaw: 45, pitch: 0}, target: next}
  - id: next
    panorama: next.jpg
exhibits:
  - id: series
    title: Series
    images: [{file: a.jpg, caption: {en: First, zh: 第一}}, b.jpg, {file: c.png, caption: Third}]
  - {id: one, title: One, images: [solo.jpg]}
)";

struct Opened {
    tour::Tour tour = load_tour(k_gallery_tour);
    Viewer viewer{tour};
    Driver d{viewer};
    Opened() {
        d.start();
        d.tick(click_at(0, 0));
        viewer.take_events();
    }
    // The panel's right edge direction at the height of its centre, `inset` metres inside it.
    ViewerInput at_side(int side, double inset = 0.02) const {
        const PanelState p = *viewer.panel();
        const glm::dvec3 point = p.centre + p.right * (side * (p.width_m / 2 - inset));
        ViewerInput in;
        in.pointer = Ray{glm::dvec3(0.0), glm::normalize(point)};
        return in;
    }
};

std::vector<int> indices(const std::vector<ViewerEvent>& events) {
    std::vector<int> out;
    for (const ViewerEvent& e : events)
        if (e.type == EventType::GalleryStep) out.push_back(e.index);
    return out;
}

TEST(ViewerGallery, MediaHotspotWithImagesOpensAGalleryAtTheFirstImage) {
    const tour::Tour tour = load_tour(k_gallery_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    v.take_events();
    d.tick(click_at(0, 0));
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(types_of(events), (std::vector<EventType>{EventType::HotspotHovered, EventType::HotspotActivated,
                                                        EventType::GalleryOpened}));
    EXPECT_EQ(events[2].hotspot, "photos");
    EXPECT_EQ(events[2].exhibit, "series");
    EXPECT_EQ(events[2].index, 0);
    EXPECT_EQ(events[2].count, 3);
    const std::optional<PanelState> p = v.panel();
    ASSERT_TRUE(p && p->gallery);
    EXPECT_EQ(p->exhibit, tour.find_exhibit("series"));
    EXPECT_EQ(p->gallery->index, 0);
    EXPECT_EQ(p->gallery->count, 3);
}

TEST(ViewerGallery, InfoHotspotsOpenTextPanelsAlsoWhenTheExhibitHasImages) {
    const tour::Tour tour = load_tour(k_gallery_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    v.take_events();
    d.tick(click_at(-90, 0)); // info, whose exhibit has images
    ASSERT_TRUE(v.panel());
    EXPECT_FALSE(v.panel()->gallery);
    EXPECT_EQ(types_of(v.take_events()).back(), EventType::PanelOpened);
}

TEST(ViewerGallery, StepsBothWaysAndWrapsRound) {
    Opened o;
    for (int i = 0; i < 4; ++i) o.d.tick(ViewerInput{.gallery_step = 1});
    EXPECT_EQ(indices(o.viewer.take_events()), (std::vector<int>{1, 2, 0, 1}));
    EXPECT_EQ(o.viewer.panel()->gallery->index, 1);
    for (int i = 0; i < 3; ++i) o.d.tick(ViewerInput{.gallery_step = -1});
    const std::vector<ViewerEvent> events = o.viewer.take_events();
    EXPECT_EQ(indices(events), (std::vector<int>{0, 2, 1}));
    EXPECT_EQ(events.back().count, 3);
    EXPECT_EQ(events.back().hotspot, "photos");
    o.d.tick(ViewerInput{.gallery_step = 5}); // one image per step, however large
    EXPECT_EQ(o.viewer.panel()->gallery->index, 2);
}

TEST(ViewerGallery, OneImageDoesNotStepAndNoGalleryIgnoresTheStep) {
    const tour::Tour tour = load_tour(k_gallery_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(ViewerInput{.gallery_step = 1}); // nothing open
    d.tick(click_at(90, 0));
    ASSERT_TRUE(v.panel() && v.panel()->gallery);
    EXPECT_EQ(v.panel()->gallery->count, 1);
    v.take_events();
    d.tick(ViewerInput{.gallery_step = 1});
    EXPECT_TRUE(v.take_events().empty());
    EXPECT_EQ(v.panel()->gallery->index, 0);
}

TEST(ViewerGallery, ItTakesTheArrowKeysAndTheSnapTurn) {
    Opened o;
    const double yaw = o.viewer.camera().yaw;
    o.d.tick(ViewerInput{.key_yaw = 1, .turn_deg = 30, .gallery_step = 1});
    EXPECT_EQ(o.viewer.camera().yaw, yaw);
    EXPECT_EQ(o.viewer.panel()->gallery->index, 1);
    o.d.tick(ViewerInput{.close = true});
    EXPECT_EQ(types_of(o.viewer.take_events()).back(), EventType::GalleryClosed);
    o.d.tick(ViewerInput{.key_yaw = 1, .gallery_step = 1}); // closed: the keys turn again
    EXPECT_GT(o.viewer.camera().yaw, yaw);
}

TEST(ViewerGallery, ArrowAreasAreTheSidesOfThePanel) {
    Opened o;
    const PanelState p = *o.viewer.panel();
    const double f = o.viewer.config().gallery_arrow_fraction;
    const double edge = p.width_m / 2;
    EXPECT_EQ(gallery_arrow_at(p, {-edge + 0.01, 0.0}, f), -1);
    EXPECT_EQ(gallery_arrow_at(p, {edge - 0.01, p.height_m / 2 - 0.01}, f), 1);
    EXPECT_EQ(gallery_arrow_at(p, {0.0, 0.0}, f), 0);
    EXPECT_EQ(gallery_arrow_at(p, {edge * (1 - 2 * f) - 0.01, 0.0}, f), 0);
    EXPECT_EQ(gallery_arrow_at(p, {edge + 0.01, 0.0}, f), 0);        // off the panel
    EXPECT_EQ(gallery_arrow_at(p, {edge - 0.01, p.height_m}, f), 0); // above it
    PanelState text = p;
    text.gallery.reset();
    EXPECT_EQ(gallery_arrow_at(text, {edge - 0.01, 0.0}, f), 0); // a text panel has none
}

TEST(ViewerGallery, HoveringAnArrowShowsAndASelectSteps) {
    Opened o;
    o.d.tick(o.at_side(1));
    ASSERT_TRUE(o.viewer.panel()->hovered);
    EXPECT_EQ(o.viewer.panel()->gallery->hovered_arrow, 1);
    ViewerInput click = o.at_side(1);
    click.select = true;
    o.d.tick(click); // next
    o.d.tick(click); // next
    click = o.at_side(-1);
    click.select = true;
    o.d.tick(click); // previous
    EXPECT_EQ(indices(o.viewer.take_events()), (std::vector<int>{1, 2, 1}));
    EXPECT_EQ(o.viewer.panel()->gallery->hovered_arrow, -1);
    ViewerInput middle = o.at_side(0); // the picture itself: nothing happens, the gallery stays
    middle.select = true;
    o.d.tick(middle);
    EXPECT_TRUE(o.viewer.take_events().empty());
    EXPECT_EQ(o.viewer.panel()->gallery->hovered_arrow, 0);
    o.d.tick(click_at(0, 60)); // empty space closes it
    EXPECT_EQ(types_of(o.viewer.take_events()), std::vector<EventType>{EventType::GalleryClosed});
}

TEST(ViewerGallery, ATriggerFromAControllerBesideTheHeadStepsToo) {
    Opened o;
    const PanelState p = *o.viewer.panel();
    ViewerInput trigger;
    trigger.pointer_kind = PointerKind::Controller;
    trigger.pointer =
        Ray{{0.2, -0.3, 0.0}, glm::normalize(p.centre + p.right * (p.width_m / 2 - 0.02) - glm::dvec3(0.2, -0.3, 0.0))};
    trigger.select = true;
    o.d.tick(trigger);
    EXPECT_EQ(indices(o.viewer.take_events()), std::vector<int>{1});
}

TEST(ViewerGallery, GazeDwellOnAnArrowStepsOnceUntilTheGazeComesBack) {
    Opened o;
    ViewerInput gaze = o.at_side(1);
    gaze.pointer_kind = PointerKind::Gaze;
    gaze.select = true; // ignored for gaze
    o.d.tick(gaze);
    EXPECT_TRUE(o.viewer.take_events().empty());
    EXPECT_TRUE(o.viewer.animating());
    o.d.run_for(0.5, gaze); // past the delay: the ring fills
    EXPECT_GT(o.viewer.panel()->gallery->dwell_progress, 0.0);
    o.d.run_for(1.0, gaze);
    EXPECT_EQ(indices(o.viewer.take_events()), std::vector<int>{1});
    EXPECT_EQ(o.viewer.panel()->gallery->dwell_progress, 0.0);
    o.d.run_for(2.0, gaze); // still looking: no second step
    EXPECT_TRUE(o.viewer.take_events().empty());
    EXPECT_FALSE(o.viewer.animating());
    ViewerInput centre = o.at_side(0);
    centre.pointer_kind = PointerKind::Gaze;
    o.d.tick(centre);
    o.d.run_for(1.5, gaze);
    EXPECT_EQ(indices(o.viewer.take_events()), std::vector<int>{2});
}

TEST(ViewerGallery, EventsAsJson) {
    ViewerEvent e{EventType::GalleryStep, 2.5, "hall", "photos", "series"};
    e.index = 2;
    e.count = 3;
    EXPECT_EQ(
        e.to_json(),
        R"({"event":"gallery_step","time":2.5,"scene":"hall","hotspot":"photos","exhibit":"series","index":2,"count":3})");
    e.type = EventType::GalleryOpened;
    e.index = 0;
    EXPECT_EQ(
        e.to_json(),
        R"({"event":"gallery_opened","time":2.5,"scene":"hall","hotspot":"photos","exhibit":"series","index":0,"count":3})");
    e.type = EventType::GalleryClosed;
    EXPECT_EQ(e.to_json(),
              R"({"event":"gallery_closed","time":2.5,"scene":"hall","hotspot":"photos","exhibit":"series"})");
}

TEST(ViewerGallery, ReloadKeepsTheImageOrClampsItAndAnotherHotspotClosesIt) {
    Opened o;
    o.d.tick(ViewerInput{.gallery_step = -1});
    EXPECT_EQ(o.viewer.panel()->gallery->index, 2);
    std::string yaml = k_gallery_tour;
    yaml.replace(yaml.find(", {file: c.png, caption: Third}"), 31, "");
    const tour::Tour shorter = load_tour(yaml);
    o.viewer.replace_tour(shorter);
    ASSERT_TRUE(o.viewer.panel() && o.viewer.panel()->gallery);
    EXPECT_EQ(o.viewer.panel()->gallery->index, 1);
    EXPECT_EQ(o.viewer.panel()->gallery->count, 2);
    o.viewer.take_events();
    o.viewer.look_at(-90, 0);
    o.d.tick(click_at(-90, 0)); // the info hotspot: a text panel replaces the gallery
    EXPECT_EQ(types_of(o.viewer.take_events()),
              (std::vector<EventType>{EventType::HotspotHovered, EventType::HotspotActivated, EventType::GalleryClosed,
                                      EventType::PanelOpened}));
}

TEST(ViewerGallery, LeavingTheSceneClosesIt) {
    Opened o;
    o.viewer.set_scene_ready("next", true);
    o.viewer.look_at(45, 0);
    o.d.tick(click_at(45, 0));
    o.d.run_until_settled_in("next");
    const std::vector<EventType> types = types_of(o.viewer.take_events());
    EXPECT_NE(std::find(types.begin(), types.end(), EventType::GalleryClosed), types.end());
    EXPECT_FALSE(o.viewer.panel());
}

} // namespace
} // namespace vrex::viewer::test
