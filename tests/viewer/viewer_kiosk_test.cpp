// Kiosk and headset station: the idle restart, restart() from black, the station's language.
#include "viewer_test_util.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace vrex::viewer::test {
namespace {

ViewerConfig kiosk_config() {
    ViewerConfig config;
    config.kiosk_idle_seconds = 10;
    config.kiosk_restart = true;
    config.autorotate_deg_per_s = 4;
    config.language = "zh";
    return config;
}

int count_of(const std::vector<ViewerEvent>& events, EventType type) {
    return int(std::count_if(events.begin(), events.end(), [&](const ViewerEvent& e) { return e.type == type; }));
}

TEST(ViewerKiosk, IdleRestartReturnsToTheStartInTheStationsLanguageAndTurns) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour, kiosk_config());
    Driver d(v);
    v.set_scene_ready("hall", true);
    d.start();
    EXPECT_EQ(v.language(), "zh");
    follow_link(d, 20, 0, "corridor");
    d.tick(ViewerInput{.cycle_language = true});
    EXPECT_EQ(v.language(), "fr");
    v.take_events();
    d.run_for(9.9);
    EXPECT_EQ(v.scene().id, "corridor");
    EXPECT_EQ(count_of(v.take_events(), EventType::TourRestarted), 0);
    d.run_for(0.2);
    std::vector<ViewerEvent> events = v.take_events();
    ASSERT_EQ(count_of(events, EventType::TourRestarted), 1);
    EXPECT_EQ(events.front().type, EventType::TourRestarted);
    EXPECT_EQ(events.front().scene, "corridor");
    EXPECT_EQ(events.front().to_json().find("{\"event\":\"tour_restarted\","), 0u);
    EXPECT_EQ(v.language(), "zh");
    EXPECT_EQ(count_of(events, EventType::LanguageChanged), 1);
    d.run_until_settled_in("hall");
    EXPECT_TRUE(v.history().empty()); // Backspace has nowhere to go: the next visitor starts afresh
    EXPECT_DOUBLE_EQ(v.camera().pitch, 0);
    EXPECT_DOUBLE_EQ(v.camera().hfov, 90);
    EXPECT_GT(v.camera().yaw, 0); // the hall's view (yaw 0), turning since the swap
    EXPECT_LT(v.camera().yaw, 4);
    EXPECT_TRUE(v.animating());
    // Attract mode goes on: no second restart while nobody touches it.
    const double yaw = v.camera().yaw;
    d.run_for(30);
    EXPECT_EQ(count_of(v.take_events(), EventType::TourRestarted), 0);
    EXPECT_NEAR(v.camera().yaw, yaw + 120, 1e-6);
}

TEST(ViewerKiosk, NothingToRestartBeforeTheFirstInputAndThePanelCloses) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour, kiosk_config());
    Driver d(v);
    v.set_scene_ready("hall", true);
    d.start();
    d.run_for(30);
    EXPECT_EQ(count_of(v.take_events(), EventType::TourRestarted), 0);
    EXPECT_EQ(v.fade(), 0.0);
    EXPECT_NEAR(v.camera().yaw, 80, 1e-6); // turning from 10 s on
    d.tick(click_at(-30, 10));
    ASSERT_TRUE(v.panel());
    v.take_events();
    d.run_for(9.9);
    EXPECT_TRUE(v.panel()); // the turn stopped: the panel stays open until the idle time runs out
    const double yaw = v.camera().yaw;
    d.run_for(0.2);
    const std::vector<EventType> types = types_of(v.take_events());
    ASSERT_GE(types.size(), 2u);
    EXPECT_EQ(types[0], EventType::TourRestarted);
    EXPECT_EQ(types[1], EventType::PanelClosed);
    EXPECT_FALSE(v.panel());
    EXPECT_GT(v.fade(), 0.0);
    EXPECT_NE(v.camera().yaw, yaw);
    d.run_until_settled_in("hall");
}

TEST(ViewerKiosk, RestartFromBlackNeverShowsTheOldSceneAgain) {
    const tour::Tour tour = load_tour(k_test_tour);
    Viewer v(tour, {}, "corridor"); // the station starts in the corridor: restart() comes back here
    Driver d(v);
    v.set_scene_ready("corridor", true);
    d.start();
    follow_link(d, 90, 0, "garden");
    v.take_events();
    v.restart(true);
    EXPECT_EQ(v.fade(), 1.0);
    d.tick();
    EXPECT_EQ(v.scene().id, "corridor");
    EXPECT_EQ(v.fade(), 1.0); // the fade in starts at the swap
    const std::vector<EventType> types = types_of(v.take_events());
    EXPECT_EQ(types, (std::vector<EventType>{EventType::TourRestarted, EventType::SceneEntered}));
    d.run_until_settled_in("corridor");
    EXPECT_DOUBLE_EQ(v.camera().yaw, 45);
    EXPECT_DOUBLE_EQ(v.camera().hfov, 80);
}

TEST(ViewerKiosk, StationLanguage) {
    const tour::Tour tour = load_tour(k_test_tour);
    ViewerConfig config;
    config.language = "fr";
    EXPECT_EQ(Viewer(tour, config).language(), "fr");
    config.language = "de";
    EXPECT_THROW(Viewer(tour, config), core::Error);
    EXPECT_EQ(Viewer(tour).language(), "en"); // the tour's first
}

} // namespace
} // namespace vrex::viewer::test
