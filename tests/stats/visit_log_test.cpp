// The statistics log: what the writer puts down, the reader gets back; bad lines are skipped with file:line.
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

#include "stats/stats_log.hpp"
#include "stats/summary.hpp"
#include "stats/visit_log.hpp"

using namespace vrex::stats;
using vrex::viewer::EventType;
using vrex::viewer::ViewerEvent;

namespace {

std::filesystem::path fresh_dir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("vrex-stats-test-" + std::to_string(::getpid())) / name;
    std::filesystem::remove_all(dir);
    return dir;
}

ViewerEvent event(EventType type, double time, const std::string& scene, const std::string& hotspot = "") {
    ViewerEvent e{type, time};
    e.scene = scene;
    e.hotspot = hotspot;
    return e;
}

LogRead read_text(const std::string& text) {
    LogRead out;
    read_visit_text(text, "v.jsonl", out);
    return out;
}

} // namespace

TEST(StatsLog, WrittenVisitReadsBack) {
    const auto dir = fresh_dir("round-trip");
    auto log = StatsLog::open(dir, 5);
    ASSERT_TRUE(log) << log.error();
    log->begin_visit(100.0, {"/tours/museum", "hall", "zh", "window"});
    log->on_event(event(EventType::SceneEntered, 100.0, "hall")); // the Viewer's own first announcement: once
    for (int i = 0; i <= 101; ++i) log->sample_view(100.0 + i * 0.05, 30, 10); // 5 s at 20 Hz: 26 samples at 5 Hz
    log->on_event(event(EventType::HotspotHovered, 105.1, "hall", "door"));    // not logged
    log->on_event(event(EventType::HotspotActivated, 105.1, "hall", "door"));
    log->on_event(event(EventType::SceneEntered, 105.5, "garden"));
    log->sample_view(106.0, -170, -5);
    log->end_visit(107.5);
    ASSERT_TRUE(log->error().empty()) << log->error();

    auto read = read_visit_logs(dir);
    ASSERT_TRUE(read) << read.error();
    EXPECT_TRUE(read->warnings.empty()) << read->warnings.front();
    ASSERT_EQ(read->visits.size(), 1u);
    const Visit& v = read->visits[0];
    EXPECT_EQ(v.tour, "/tours/museum");
    EXPECT_EQ(v.language, "zh");
    EXPECT_EQ(v.mode, "window");
    EXPECT_TRUE(v.ended);
    ASSERT_EQ(v.stays.size(), 2u);
    EXPECT_EQ(v.stays[0].scene, "hall");
    EXPECT_DOUBLE_EQ(v.stays[0].leave - v.stays[0].enter, 5.5);
    EXPECT_EQ(v.stays[1].scene, "garden");
    EXPECT_DOUBLE_EQ(v.stays[1].leave - v.stays[1].enter, 2.0);
    ASSERT_EQ(v.activations.size(), 1u);
    EXPECT_EQ(v.activations[0].hotspot, "door");
    ASSERT_EQ(v.views.size(), 27u);
    EXPECT_EQ(v.views[0].scene, "hall");
    EXPECT_DOUBLE_EQ(v.views[0].yaw, 30);
    EXPECT_EQ(v.views.back().scene, "garden");
    EXPECT_DOUBLE_EQ(v.views.back().yaw, -170);
}

TEST(StatsLog, EachVisitHasItsOwnFile) {
    const auto dir = fresh_dir("two-visits");
    auto log = StatsLog::open(dir);
    ASSERT_TRUE(log);
    log->begin_visit(0, {"t", "a", "en", "headset"});
    log->end_visit(3);
    log->begin_visit(10, {"t", "a", "en", "headset"});
    log->end_visit(12);
    auto read = read_visit_logs(dir);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->files, 2u);
    ASSERT_EQ(read->visits.size(), 2u);
    EXPECT_DOUBLE_EQ(read->visits[1].stays.at(0).leave, 2.0);
}

TEST(StatsLog, AFolderThatCannotBeMadeIsAnError) {
    const auto dir = fresh_dir("blocked");
    std::filesystem::create_directories(dir.parent_path());
    std::ofstream(dir) << "a file in the way";
    auto log = StatsLog::open(dir);
    ASSERT_FALSE(log);
    EXPECT_NE(log.error().find(dir.string()), std::string::npos) << log.error();
}

TEST(VisitLog, CutLastLineIsSkippedWithAWarning) {
    const LogRead read = read_text("{\"event\":\"visit_start\",\"time\":0,\"tour\":\"t\"}\n"
                                   "{\"event\":\"scene_entered\",\"time\":0,\"scene\":\"a\"}\n"
                                   "{\"event\":\"view\",\"time\":4,\"scene\":\"a\",\"yaw\":1,\"pitch\":2}\n"
                                   "{\"event\":\"view\",\"time\":4.2,\"sce");
    ASSERT_EQ(read.visits.size(), 1u);
    EXPECT_FALSE(read.visits[0].ended);
    EXPECT_DOUBLE_EQ(read.visits[0].stays.at(0).leave, 4.0); // the last whole line's time
    ASSERT_EQ(read.warnings.size(), 1u);
    EXPECT_EQ(read.warnings[0], "v.jsonl:4: the last line is cut short (the viewer stopped while writing it); skipped");
}

TEST(VisitLog, BadLinesNameFileLineAndColumn) {
    const LogRead read = read_text("{\"event\":\"scene_entered\",\"time\":0,\"scene\":\"a\"}\n"
                                   "{\"event\":\"visit_start\",\"time\":0}\n"
                                   "{\"event\":\"view\",\"time\":1,\"scene\":\"a\",\"yaw\":1,pitch:2}\n"
                                   "{\"event\":\"view\",\"time\":1,\"scene\":\"a\",\"yaw\":500,\"pitch\":2}\n"
                                   "[1,2]\n"
                                   "{\"event\":\"view\",\"time\":2,\"scene\":\"a\",\"yaw\":1,\"pitch\":2}\n"
                                   "{\"event\":\"scene_entered\",\"time\":1,\"scene\":\"b\"}\n"
                                   "{\"event\":\"hotspot_activated\",\"time\":3,\"scene\":\"a\"}\n"
                                   "{\"event\":\"scene_entered\",\"time\":\"x\",\"scene\":\"b\"}\n");
    ASSERT_EQ(read.warnings.size(), 7u);
    EXPECT_EQ(read.warnings[0], "v.jsonl:1: a \"scene_entered\" line before any visit_start; skipped");
    EXPECT_EQ(read.warnings[1].rfind("v.jsonl:3:46: not JSON", 0), 0u) << read.warnings[1];
    EXPECT_EQ(read.warnings[2], "v.jsonl:4: \"yaw\" is 500, outside -180 to 180; skipped");
    EXPECT_EQ(read.warnings[3], "v.jsonl:5: not a JSON object; skipped");
    EXPECT_EQ(read.warnings[4].rfind("v.jsonl:7: time 1", 0), 0u) << read.warnings[4];
    EXPECT_EQ(read.warnings[5], "v.jsonl:8: no \"hotspot\" string; skipped");
    EXPECT_EQ(read.warnings[6], "v.jsonl:9: no \"time\" number; skipped");
    ASSERT_EQ(read.visits.size(), 1u);
    EXPECT_EQ(read.visits[0].views.size(), 1u);
    EXPECT_EQ(read.skipped, 7u);
}

TEST(VisitLog, MissingFolderIsAnError) {
    auto read = read_visit_logs("/nonexistent/vrex-stats");
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error(), "/nonexistent/vrex-stats: no such folder or log file");
}

TEST(Summary, CountsVisitsTimesAndOpens) {
    const LogRead read = read_text("{\"event\":\"visit_start\",\"time\":0,\"language\":\"zh\"}\n"
                                   "{\"event\":\"scene_entered\",\"time\":0,\"scene\":\"a\"}\n"
                                   "{\"event\":\"hotspot_activated\",\"time\":2,\"scene\":\"a\",\"hotspot\":\"to-b\"}\n"
                                   "{\"event\":\"scene_entered\",\"time\":2,\"scene\":\"b\"}\n"
                                   "{\"event\":\"scene_entered\",\"time\":5,\"scene\":\"a\"}\n"
                                   "{\"event\":\"visit_end\",\"time\":6}\n"
                                   "{\"event\":\"visit_start\",\"time\":0,\"language\":\"en\"}\n"
                                   "{\"event\":\"scene_entered\",\"time\":0,\"scene\":\"a\"}\n"
                                   "{\"event\":\"visit_end\",\"time\":10}\n"
                                   "{\"event\":\"visit_start\",\"time\":0,\"language\":\"zh\"}\n"
                                   "{\"event\":\"scene_entered\",\"time\":0,\"scene\":\"a\"}\n"
                                   "{\"event\":\"visit_end\",\"time\":1}\n");
    ASSERT_TRUE(read.warnings.empty()) << read.warnings.front();
    const Summary s = summarise(read.visits, nullptr);
    EXPECT_EQ(s.visits, 3);
    EXPECT_DOUBLE_EQ(s.total_s, 17);
    EXPECT_EQ(s.languages.at("zh"), 2);
    ASSERT_EQ(s.scenes.size(), 2u);
    EXPECT_EQ(s.scenes[0].scene, "a");
    EXPECT_EQ(s.scenes[0].visits, 3);
    EXPECT_EQ(s.scenes[0].entries, 4);
    EXPECT_DOUBLE_EQ(s.scenes[0].total_s, 14); // 2 + 1, 10, 1
    EXPECT_DOUBLE_EQ(s.scenes[0].median_s, 3);
    EXPECT_EQ(s.scenes[1].scene, "b");
    EXPECT_EQ(s.scenes[1].visits, 1);
    EXPECT_DOUBLE_EQ(s.scenes[1].total_s, 3);
    ASSERT_EQ(s.hotspots.size(), 1u);
    EXPECT_EQ(s.hotspots[0].hotspot, "to-b");
    EXPECT_EQ(s.hotspots[0].opens, 1);
}
