// Diagnostic formatting (text and JSON) and `vrex lint`'s output and exit codes.
#include <sstream>

#include "app/lint_command.hpp"
#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

TEST(TourFormat, OneLinePerDiagnostic) {
    const Diagnostic d{Severity::Error,        "scenes/a/tour.yaml",          12, 7,
                       "no scene with id `x`", "scenes[2].hotspots[0].target"};
    EXPECT_EQ(format_diagnostic(d),
              "scenes/a/tour.yaml:12:7: error: no scene with id `x` (scenes[2].hotspots[0].target)");
    const Diagnostic w{Severity::Warning, "t.yaml", 3, 1, "unreachable", ""};
    EXPECT_EQ(format_diagnostic(w), "t.yaml:3:1: warning: unreachable");
    const Diagnostic file{Severity::Error, "t.yaml", 0, 0, "cannot open t.yaml", ""};
    EXPECT_EQ(format_diagnostic(file), "t.yaml: error: cannot open t.yaml");
}

TEST(TourFormat, JsonEscapesAndKeepsUtf8) {
    const std::vector<Diagnostic> ds = {
        {Severity::Error, "C:\\tours\\\"a\".yaml", 1, 2, "line\nbreak\ttab \x01 海洋", "tour.title.zh"},
        {Severity::Warning, "t.yaml", 3, 4, "bad byte \xFF here", ""},
    };
    EXPECT_EQ(diagnostics_to_json(ds),
              "{\"errors\":1,\"warnings\":1,\"diagnostics\":[\n"
              "  {\"file\":\"C:\\\\tours\\\\\\\"a\\\".yaml\",\"line\":1,\"column\":2,\"severity\":\"error\","
              "\"message\":\"line\\nbreak\\ttab \\u0001 海洋\",\"path\":\"tour.title.zh\"},\n"
              "  {\"file\":\"t.yaml\",\"line\":3,\"column\":4,\"severity\":\"warning\","
              "\"message\":\"bad byte \\ufffd here\",\"path\":\"\"}\n"
              "]}\n");
    EXPECT_EQ(diagnostics_to_json({}), "{\"errors\":0,\"warnings\":0,\"diagnostics\":[]}\n");
}

int lint(const fs::path& file, bool json, std::string& output) {
    std::ostringstream out;
    const int rc = app::run_lint({file, json, options_with_probe()}, out);
    output = out.str();
    return rc;
}

TEST(TourLint, BrokenTourExitsOneAndPrintsEveryProblem) {
    TempDir dir;
    const fs::path file = dir.write("tour.yaml", R"(tour: {title: x, start: nowhere}
scenes:
  - id: a
    panorama: missing.jpg
    view: {pitch: 100}
)");
    std::string out;
    EXPECT_EQ(lint(file, false, out), 1);
    const std::string f = file.string();
    EXPECT_EQ(out, f + ":1:25: error: no scene with id `nowhere` (tour.start)\n" + f +
                       ":4:15: error: file not found: `missing.jpg` (scenes[0].panorama)\n" + f +
                       ":5:19: error: pitch 100 is out of range: from -90 (straight down) to 90 (straight up) "
                       "(scenes[0].view.pitch)\n"
                       "3 errors, 0 warnings\n");
}

TEST(TourLint, WarningsAloneExitZero) {
    TempDir dir;
    dir.write_png("a.png", 40, 40);
    const fs::path file = dir.write("tour.yaml", "tour: {title: x}\nscenes: [{id: a, panorama: a.png}]\n");
    std::string out;
    EXPECT_EQ(lint(file, false, out), 0);
    EXPECT_EQ(out, file.string() + ":2:28: warning: `a.png` is 40×40, but an equirect panorama should be 2:1 (for a "
                                   "partial panorama give haov and vaov) (scenes[0].panorama)\n0 errors, 1 warning\n");
}

TEST(TourLint, JsonOutput) {
    TempDir dir;
    const fs::path file = dir.write("tour.yaml", "tour: {title: x}\nscenes: []\n");
    std::string out;
    EXPECT_EQ(lint(file, true, out), 1);
    EXPECT_EQ(out, "{\"errors\":1,\"warnings\":0,\"diagnostics\":[\n  {\"file\":\"" + file.string() +
                       "\",\"line\":2,\"column\":9,\"severity\":\"error\",\"message\":\"the tour has no scenes\","
                       "\"path\":\"scenes\"}\n]}\n");
}

TEST(TourLint, CleanTourPrintsNothing) {
    std::string out;
    EXPECT_EQ(lint(fs::path(VREX_SOURCE_DIR) / "scenes/museum/tour.yaml", false, out), 0);
    EXPECT_EQ(out, "");
    EXPECT_EQ(lint(fs::path(VREX_SOURCE_DIR) / "scenes/museum", true, out), 0);
    EXPECT_EQ(out, "{\"errors\":0,\"warnings\":0,\"diagnostics\":[]}\n");
}

TEST(TourLint, MissingFileExitsOne) {
    std::string out;
    EXPECT_EQ(lint("/nonexistent/tour.yaml", false, out), 1);
    EXPECT_EQ(out, "/nonexistent/tour.yaml: error: cannot open /nonexistent/tour.yaml: No such file or directory\n"
                   "1 error, 0 warnings\n");
}

TEST(TourArrival, RulesPickEachAngle) {
    Scene from, to;
    from.north = 30;
    to.north = -60;
    to.view = {10, -5, 90, {}};
    const View current{100, 20, 70, {}};
    Hotspot link;
    link.kind = HotspotKind::Link;

    View v = arrival_view(link, current, from, to);
    EXPECT_DOUBLE_EQ(v.yaw, 10);
    EXPECT_DOUBLE_EQ(v.pitch, -5);
    EXPECT_DOUBLE_EQ(v.hfov, 90);

    link.arrive.yaw = {ArriveRule::Same, 0};
    link.arrive.pitch = {ArriveRule::Value, 12};
    link.arrive.hfov = {ArriveRule::Same, 0};
    v = arrival_view(link, current, from, to);
    EXPECT_DOUBLE_EQ(v.yaw, 100);
    EXPECT_DOUBLE_EQ(v.pitch, 12);
    EXPECT_DOUBLE_EQ(v.hfov, 70);

    // Same compass direction: 100 - 30 = 70 degrees east of north, which is yaw 70 + (-60) = 10 in `to`.
    link.arrive.yaw = {ArriveRule::SameAzimuth, 0};
    EXPECT_DOUBLE_EQ(arrival_view(link, current, from, to).yaw, 10);
    to.north = 170;
    EXPECT_DOUBLE_EQ(arrival_view(link, current, from, to).yaw, -120); // 240 wrapped
}

} // namespace
} // namespace vrex::tour::test
