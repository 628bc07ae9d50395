// Every tour shipped in scenes/ loads with no errors and no warnings, and `vrex lint` is silent on it.
#include <sstream>

#include "app/lint_command.hpp"
#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

std::vector<fs::path> shipped_tours() {
    std::vector<fs::path> tours;
    for (const auto& entry : fs::directory_iterator(fs::path(VREX_SOURCE_DIR) / "scenes"))
        if (fs::exists(entry.path() / "tour.yaml")) tours.push_back(entry.path() / "tour.yaml");
    return tours;
}

TEST(TourSamples, EveryShippedTourIsClean) {
    const std::vector<fs::path> tours = shipped_tours();
    ASSERT_FALSE(tours.empty());
    for (const fs::path& file : tours) {
        const LoadResult r = load_tour(file, options_with_probe());
        EXPECT_TRUE(r.ok()) << file;
        EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
    }
}

TEST(TourSamples, LintIsSilentOnShippedTours) {
    for (const fs::path& file : shipped_tours()) {
        std::ostringstream out;
        app::LintOptions options{file, false, options_with_probe()};
        EXPECT_EQ(app::run_lint(options, out), 0) << file;
        EXPECT_EQ(out.str(), "") << file;
    }
}

TEST(TourSamples, MuseumTourHasLinkedScenesAndBilingualExhibits) {
    const LoadResult r = load_tour(fs::path(VREX_SOURCE_DIR) / "scenes/museum", options_with_probe());
    ASSERT_TRUE(r.ok()) << dump(r);
    const Tour& t = *r.tour;
    EXPECT_EQ(t.languages, (std::vector<std::string>{"zh", "en"}));
    EXPECT_GE(t.scenes.size(), 3u);
    EXPECT_GE(t.exhibits.size(), 3u);
    for (const Exhibit& x : t.exhibits) {
        EXPECT_FALSE(x.title.get("zh").empty()) << x.id;
        EXPECT_FALSE(x.title.get("en").empty()) << x.id;
        EXPECT_EQ(x.text.by_language.size(), 2u) << x.id;
    }
    for (const Scene& s : t.scenes) {
        int links = 0;
        for (const Hotspot& h : s.hotspots) links += h.kind == HotspotKind::Link;
        EXPECT_GE(links, 2) << s.id;
    }
}

} // namespace
} // namespace vrex::tour::test
