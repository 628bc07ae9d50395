// Checks across the tour: duplicate ids, links to unknown scenes and exhibits, `start`, reachability, empty tours.
#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

TEST(TourRefs, DuplicateIds) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: hall
    panorama: a.jpg
    hotspots:
      - {id: h, kind: info, at: {yaw: 0, pitch: 0}, exhibit: x}
      - {id: h, kind: info, at: {yaw: 9, pitch: 0}, exhibit: x}
  - id: hall
    panorama: a.jpg
    hotspots:
      - {id: h, kind: info, at: {yaw: 0, pitch: 0}, exhibit: x}
exhibits:
  - {id: x, title: X}
  - {id: x, title: Y}
)");
    expect_diagnostic(r, "duplicate scene id `hall` (first at line 3)", 8, 9, Severity::Error, "scenes[1].id");
    expect_diagnostic(r, "duplicate hotspot id `h` in scene `hall` (first at line 6)", 7, 14, Severity::Error,
                      "scenes[0].hotspots[1].id");
    expect_diagnostic(r, "duplicate exhibit id `x` (first at line 13)", 14, 10, Severity::Error, "exhibits[1].id");
    // The same hotspot id in another scene is fine.
    EXPECT_EQ(r.diagnostics.size(), 3u) << dump(r);
}

TEST(TourRefs, LinksToUnknownScenesAndExhibits) {
    const LoadResult r = load_text(R"(tour: {title: x, start: hall}
scenes:
  - id: hall
    panorama: a.jpg
    hotspots:
      - {kind: link, at: {yaw: 0, pitch: 0}, target: corridr}
      - {kind: link, at: {yaw: 0, pitch: 0}, target: basement}
      - {kind: info, at: {yaw: 0, pitch: 0}, exhibit: wale}
      - {kind: media, at: {yaw: 0, pitch: 0}, exhibit: whale}
      - {kind: model, at: {yaw: 0, pitch: 0}, exhibit: whale}
  - id: corridor
    panorama: a.jpg
    hotspots:
      - {kind: link, at: {yaw: 0, pitch: 0}, target: hall}
exhibits:
  - {id: whale, title: Whale}
)");
    expect_diagnostic(r, "no scene with id `corridr` (did you mean `corridor`?)", 6, 54, Severity::Error,
                      "scenes[0].hotspots[0].target");
    expect_diagnostic(r, "no scene with id `basement`", 7, 54);
    expect_diagnostic(r, "no exhibit with id `wale` (did you mean `whale`?)", 8, 55, Severity::Error,
                      "scenes[0].hotspots[2].exhibit");
    expect_diagnostic(r, "a media hotspot shows images, but exhibit `whale` has no `images`", 9, 56);
    expect_diagnostic(r, "a model hotspot shows a 3D model, but exhibit `whale` has no `model`", 10, 56);
}

TEST(TourRefs, UnknownStart) {
    const LoadResult r = load_text(R"(tour:
  title: x
  start: hal
scenes:
  - {id: hall, panorama: a.jpg}
)");
    expect_diagnostic(r, "no scene with id `hal` (did you mean `hall`?)", 3, 10, Severity::Error, "tour.start");
}

TEST(TourRefs, StartDefaultsToTheFirstScene) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - {id: first, panorama: a.jpg, hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: second}]}
  - {id: second, panorama: a.jpg}
)");
    ASSERT_TRUE(r.ok()) << dump(r);
    EXPECT_EQ(r.tour->start, "first");
    EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
}

TEST(TourRefs, ScenesNoLinkReachesAreWarnings) {
    const LoadResult r = load_text(R"(tour: {title: x, start: a}
scenes:
  - id: a
    panorama: a.jpg
    hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: b}]
  - id: b
    panorama: a.jpg
  - id: island
    panorama: a.jpg
    hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: a}]
)");
    EXPECT_TRUE(r.ok()) << "warnings alone leave the tour usable\n" << dump(r);
    expect_diagnostic(r, "scene `island` cannot be reached by links from the start scene `a`", 8, 9, Severity::Warning,
                      "scenes[2].id");
    EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);
}

TEST(TourRefs, UnusedExhibitsAndSelfLinksAreWarnings) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: a
    panorama: a.jpg
    hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: a}]
exhibits:
  - {id: forgotten, title: F}
)");
    EXPECT_TRUE(r.ok()) << dump(r);
    expect_diagnostic(r, "this link leads to its own scene", 5, 61, Severity::Warning);
    expect_diagnostic(r, "exhibit `forgotten` is not shown by any hotspot", 7, 10, Severity::Warning);
}

TEST(TourRefs, EmptyTour) {
    const LoadResult r = load_text(R"(tour: {title: Nothing yet}
scenes: []
)");
    EXPECT_FALSE(r.ok());
    expect_diagnostic(r, "the tour has no scenes", 2, 9, Severity::Error, "scenes");
}

TEST(TourRefs, ReferenceChecksSkipEntriesThatAlreadyFailed) {
    // A scene without an id and a hotspot with a bad kind are reported once, not again as broken references.
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - panorama: a.jpg
    hotspots: [{kind: door, at: {yaw: 0, pitch: 0}}]
)");
    EXPECT_EQ(r.diagnostics.size(), 2u) << dump(r);
}

} // namespace
} // namespace vrex::tour::test
