// Curator live reload: replace_tour under a running viewer.
#include "viewer_test_util.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include <glm/geometric.hpp>

#include "math/angles.hpp"

namespace vrex::viewer::test {
namespace {

// Drops every line that contains `needle`.
std::string without_lines(const std::string& text, std::string_view needle) {
    std::string out;
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t end = std::min(text.find('\n', begin), text.size() - 1) + 1;
        const std::string_view line(text.data() + begin, end - begin);
        if (line.find(needle) == std::string_view::npos) out += line;
        begin = end;
    }
    return out;
}

// Drops everything from `from` up to (not including) `to`.
std::string without_span(std::string text, std::string_view from, std::string_view to) {
    const std::size_t a = text.find(from);
    const std::size_t b = a == std::string::npos ? a : text.find(to, a);
    EXPECT_NE(b, std::string::npos) << from;
    if (b != std::string::npos) text.erase(a, b - a);
    return text;
}

// The test tour without the garden and the links to it.
std::string tour_without_garden() {
    return without_lines(without_span(k_test_tour, "  - id: garden", "exhibits:"), "target: garden");
}

// Drops each `, fr: text` of a language map.
std::string without_french(std::string text) {
    for (std::size_t at = text.find(", fr: "); at != std::string::npos; at = text.find(", fr: ", at))
        text.erase(at, text.find_first_of(",}", at + 2) - at);
    return text;
}

std::string edited(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

TEST(ViewerReload, KeepsSceneCameraAndPanelAndPointsIntoTheNewTour) {
    std::optional<tour::Tour> tour = load_tour(k_test_tour);
    Viewer v(*tour, {}, "hall");
    Driver d(v);
    d.start();
    d.tick(click_at(-30, 10)); // whale panel
    v.look_at(33, -7);
    v.take_events();
    // The curator moves the whale marker. The new tour is moved into the old one's place, as an app would.
    tour = load_tour(edited(k_test_tour, "at: {yaw: -30, pitch: 10}, exhibit: whale",
                            "at: {yaw: -40, pitch: 10}, "
                            "exhibit: whale"));
    const std::optional<tour::Tour> fresh = load_tour(edited(k_test_tour, "title: Shell,", "title: Seashell,"));
    v.replace_tour(*fresh);
    EXPECT_EQ(&v.scene(), &fresh->scenes[0]);
    EXPECT_EQ(v.hotspots()[1].hotspot, &fresh->scenes[0].hotspots[1]);
    EXPECT_NEAR(v.camera().yaw, 33, 1e-9);
    EXPECT_NEAR(v.camera().pitch, -7, 1e-9);
    ASSERT_TRUE(v.panel());
    EXPECT_EQ(v.panel()->exhibit, &fresh->exhibits[0]);
    EXPECT_TRUE(v.take_events().empty());

    v.replace_tour(*tour); // the moved whale: the panel follows it
    ASSERT_TRUE(v.panel());
    EXPECT_NEAR(glm::length(v.panel()->centre - 1.4 * math::direction_from_yaw_pitch(-40, 10)), 0.0, 1e-12);
    EXPECT_EQ(v.panel()->exhibit, &tour->exhibits[0]);
}

TEST(ViewerReload, ClosesThePanelWhenItsExhibitIsGone) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(click_at(100, 0)); // shell-a → shell
    v.take_events();
    // The curator deletes the shell exhibit and the model hotspot; shell-a shows the whale now.
    std::string text = edited(k_test_tour, "  - {id: shell, title: Shell, model: shell.glb}\n", "");
    text = without_lines(text, "id: shell-b");
    text = edited(text, "exhibit: shell}", "exhibit: whale}");
    const tour::Tour fresh = load_tour(text);
    v.replace_tour(fresh);
    EXPECT_FALSE(v.panel());
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, EventType::PanelClosed);
    EXPECT_EQ(events[0].exhibit, "shell");
}

TEST(ViewerReload, GoesToTheNewStartWhenTheSceneIsGone) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour, {}, "garden");
    Driver d(v);
    d.start();
    v.take_events();
    const tour::Tour fresh = load_tour(tour_without_garden());
    ASSERT_EQ(fresh.scenes.size(), 2u);
    v.replace_tour(fresh);
    EXPECT_EQ(&v.scene(), &fresh.scenes[0]);
    EXPECT_DOUBLE_EQ(v.camera().hfov, 90);
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, EventType::SceneEntered);
    EXPECT_EQ(events[0].scene, "hall");
}

TEST(ViewerReload, ATransitionToASceneThatIsGoneFadesBackIn) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour, {}, "corridor");
    Driver d(v);
    d.start();
    d.tick(click_at(90, 0)); // to the garden, which is never ready
    d.run_for(0.5);
    ASSERT_EQ(v.fade(), 1.0);
    const tour::Tour fresh = load_tour(tour_without_garden());
    v.replace_tour(fresh);
    EXPECT_EQ(v.wanted_scenes(), std::vector<std::string>{"corridor"});
    d.run_until_settled_in("corridor");
}

TEST(ViewerReload, ALanguageThatIsGoneFallsBackToTheDefault) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(ViewerInput{.cycle_language = true});
    d.tick(ViewerInput{.cycle_language = true});
    ASSERT_EQ(v.language(), "fr");
    v.take_events();
    const std::string text = without_french(edited(k_test_tour, "languages: [en, zh, fr]", "languages: [zh, en]"));
    const tour::Tour fresh = load_tour(text);
    v.replace_tour(fresh);
    EXPECT_EQ(v.language(), "zh");
    const std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, EventType::LanguageChanged);
}

TEST(ViewerReload, HoverAndFocusFollowHotspotsById) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    Driver d(v);
    d.start();
    d.tick(pointer_at(20, 0)); // door
    ViewerInput tab = pointer_at(20, 0);
    tab.focus_step = 1;
    d.tick(tab);
    ASSERT_EQ(v.focused(), 0);
    v.take_events();
    // A new hotspot first in the list: door is index 1 now.
    const tour::Tour fresh = load_tour(edited(k_test_tour, "    hotspots:\n      - {id: door",
                                              "    hotspots:\n      - {id: new, kind: info, at: {yaw: -90, pitch: 0}, "
                                              "exhibit: shell}\n      - {id: door"));
    v.replace_tour(fresh);
    EXPECT_EQ(v.hovered(), 1);
    EXPECT_EQ(v.focused(), 1);
    d.tick(pointer_at(20, 0));
    EXPECT_TRUE(v.take_events().empty()); // still the same hotspot: no new hover event
}

} // namespace
} // namespace vrex::viewer::test
