// ViewerEvent::to_json: one line of JSON per event.
#include "viewer_test_util.hpp"

namespace vrex::viewer::test {
namespace {

TEST(ViewerEvents, SceneEnteredAsJson) {
    const ViewerEvent e{EventType::SceneEntered, 1.25, "hall", {}, {}, {}};
    EXPECT_EQ(e.to_json(), R"({"event":"scene_entered","time":1.25,"scene":"hall"})");
}

TEST(ViewerEvents, EachTypeWithItsFields) {
    EXPECT_EQ((ViewerEvent{EventType::HotspotHovered, 2, "hall", "door", {}, {}}).to_json(),
              R"({"event":"hotspot_hovered","time":2,"scene":"hall","hotspot":"door"})");
    EXPECT_EQ((ViewerEvent{EventType::HotspotActivated, 0.5, "hall", "#4", {}, {}}).to_json(),
              R"({"event":"hotspot_activated","time":0.5,"scene":"hall","hotspot":"#4"})");
    EXPECT_EQ((ViewerEvent{EventType::PanelOpened, 3, "hall", "whale", "blue-whale", {}}).to_json(),
              R"({"event":"panel_opened","time":3,"scene":"hall","hotspot":"whale","exhibit":"blue-whale"})");
    EXPECT_EQ((ViewerEvent{EventType::PanelClosed, 3.5, "hall", "whale", "blue-whale", {}}).to_json(),
              R"({"event":"panel_closed","time":3.5,"scene":"hall","hotspot":"whale","exhibit":"blue-whale"})");
    EXPECT_EQ((ViewerEvent{EventType::LanguageChanged, 4, "hall", {}, {}, "zh"}).to_json(),
              R"({"event":"language_changed","time":4,"scene":"hall","language":"zh"})");
}

TEST(ViewerEvents, StringsAreEscapedAndUtf8PassesThrough) {
    const ViewerEvent e{EventType::SceneEntered, 0.1, "a\"b\\c\nd\te\x01 蓝鲸 é", {}, {}, {}};
    EXPECT_EQ(e.to_json(), "{\"event\":\"scene_entered\",\"time\":0.1,"
                           "\"scene\":\"a\\\"b\\\\c\\nd\\te\\u0001 蓝鲸 é\"}");
}

TEST(ViewerEvents, TimesReadBackExactly) {
    const ViewerEvent e{EventType::SceneEntered, 1.0 / 3.0, "x", {}, {}, {}};
    EXPECT_EQ(e.to_json(), R"({"event":"scene_entered","time":0.3333333333333333,"scene":"x"})");
}

TEST(ViewerEvents, TheViewerFillsInSceneAndTime) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour);
    v.update(0.5, {});
    v.update(0.75, click_at(-30, 10));
    std::vector<std::string> lines;
    for (const ViewerEvent& e : v.take_events()) lines.push_back(e.to_json());
    EXPECT_EQ(lines, (std::vector<std::string>{
                         R"({"event":"scene_entered","time":0.5,"scene":"hall"})",
                         R"({"event":"hotspot_hovered","time":0.75,"scene":"hall","hotspot":"whale"})",
                         R"({"event":"hotspot_activated","time":0.75,"scene":"hall","hotspot":"whale"})",
                         R"({"event":"panel_opened","time":0.75,"scene":"hall","hotspot":"whale","exhibit":"whale"})",
                     }));
}

} // namespace
} // namespace vrex::viewer::test
