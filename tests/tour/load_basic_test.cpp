#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

constexpr std::string_view k_good = R"(tour:
  title: {zh: 海洋生物馆, en: Ocean hall}
  start: hall
  languages: [zh, en]
scenes:
  - id: hall
    title: {zh: 大厅, en: Hall}
    panorama: panos/hall.png
    north: 370
    view: {yaw: 190, pitch: -5, hfov: 90}
    hotspots:
      - id: to-side
        kind: link
        at: {yaw: 85, pitch: -10}
        target: side
        arrive: {yaw: same}
        label: {zh: 侧厅, en: Side room}
      - id: whale
        kind: info
        at: {yaw: -30, pitch: 5}
        exhibit: whale
  - id: side
    panorama: {image: panos/side.png, stereo: top-bottom}
    hotspots:
      - {kind: link, at: {yaw: 0, pitch: 0}, target: hall, arrive: same-azimuth}
exhibits:
  - id: whale
    title: {zh: 蓝鲸, en: Blue whale}
    text: Plain text in the default language.
    images: [media/whale.png]
)";

TEST(TourLoad, GoodTourLoadsWithoutDiagnostics) {
    TempDir dir;
    dir.write_png("panos/hall.png", 64, 32);
    dir.write_png("panos/side.png", 32, 32);
    dir.write_png("media/whale.png", 8, 8);
    const LoadResult r = load_text(k_good, dir);
    ASSERT_TRUE(r.ok()) << dump(r);
    EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
    const Tour& t = *r.tour;
    EXPECT_EQ(t.start, "hall");
    EXPECT_EQ(t.default_language(), "zh");
    ASSERT_EQ(t.scenes.size(), 2u);
    const Scene& hall = t.scenes[0];
    EXPECT_EQ(hall.title.get("en"), "Hall");
    EXPECT_EQ(hall.title.get("fr", "zh"), "大厅");
    EXPECT_DOUBLE_EQ(hall.north, 10);
    EXPECT_DOUBLE_EQ(hall.view.yaw, -170);
    EXPECT_DOUBLE_EQ(hall.view.pitch, -5);
    EXPECT_DOUBLE_EQ(hall.view.hfov, 90);
    EXPECT_EQ(hall.panorama.image.path, dir.path() / "panos/hall.png");
    EXPECT_EQ(hall.id_pos, (SourcePos{6, 9}));
    ASSERT_EQ(hall.hotspots.size(), 2u);
    EXPECT_EQ(hall.hotspots[0].kind, HotspotKind::Link);
    EXPECT_EQ(hall.hotspots[0].arrive.yaw.rule, ArriveRule::Same);
    EXPECT_EQ(hall.hotspots[0].arrive.pitch.rule, ArriveRule::TargetView);
    EXPECT_EQ(hall.hotspots[1].exhibit, "whale");
    EXPECT_EQ(t.scenes[1].panorama.stereo, StereoLayout::TopBottom);
    EXPECT_EQ(t.scenes[1].view.hfov, 100);
    EXPECT_EQ(t.scenes[1].hotspots[0].arrive.yaw.rule, ArriveRule::SameAzimuth);
    ASSERT_EQ(t.exhibits.size(), 1u);
    EXPECT_EQ(t.exhibits[0].text.get("en", "zh"), "Plain text in the default language.");
    EXPECT_EQ(t.exhibits[0].images.at(0).written, "media/whale.png");
}

} // namespace
} // namespace vrex::tour::test
