// Exhibits: gallery images with captions, and model exhibits with how they are shown.
#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

const char* k_head = R"(tour: {title: x, languages: [zh, en]}
scenes:
  - id: a
    panorama: hall.jpg
    hotspots:
      - {kind: media, at: {yaw: 0, pitch: 0}, exhibit: photos}
      - {kind: model, at: {yaw: 30, pitch: -10}, exhibit: duck}
exhibits:
)";

TEST(TourExhibits, GalleryImagesWithCaptions) {
    const LoadResult r = load_text(std::string(k_head) + R"(  - id: photos
    title: {zh: 照片, en: Photos}
    images:
      - media/one.jpg
      - {file: media/two.jpg, caption: {zh: 第二张, en: The second}}
  - {id: duck, title: {zh: 鸭子, en: Duck}, model: models/duck.glb}
)");
    ASSERT_TRUE(r.ok()) << dump(r);
    const Exhibit& x = r.tour->exhibits.at(0);
    ASSERT_EQ(x.images.size(), 2u);
    EXPECT_EQ(x.images[0].written, "media/one.jpg");
    EXPECT_TRUE(x.images[0].caption.empty());
    EXPECT_EQ(x.images[1].written, "media/two.jpg");
    EXPECT_EQ(x.images[1].path, fs::path("virtual/media/two.jpg"));
    EXPECT_EQ(x.images[1].pos, (SourcePos{13, 16}));
    EXPECT_EQ(x.images[1].caption.get("en"), "The second");
    EXPECT_EQ(x.images[1].caption.get("zh"), "第二张");
}

TEST(TourExhibits, ModelAsAFileTakesTheViewersDefaults) {
    const LoadResult r = load_text(std::string(k_head) + R"(  - {id: photos, title: P, images: [p.jpg]}
  - {id: duck, title: {zh: 鸭子, en: Duck}, model: models/duck.glb}
)");
    ASSERT_TRUE(r.ok()) << dump(r);
    const ExhibitModel& m = *r.tour->exhibits.at(1).model;
    EXPECT_EQ(m.written, "models/duck.glb");
    EXPECT_FALSE(m.view.distance.has_value());
    EXPECT_FALSE(m.view.size.has_value());
    EXPECT_EQ(m.view.yaw, 0);
    EXPECT_TRUE(m.view.turntable);
}

TEST(TourExhibits, ModelPlacement) {
    const LoadResult r = load_text(std::string(k_head) + R"(  - {id: photos, title: P, images: [p.jpg]}
  - id: duck
    title: {zh: 鸭子, en: Duck}
    model: {file: models/Duck.GLTF, distance: 2.5, size: 40, rotate: {yaw: 90, pitch: -15, roll: 5}, turntable: no}
)");
    ASSERT_TRUE(r.ok()) << dump(r);
    const ExhibitModel& m = *r.tour->exhibits.at(1).model;
    EXPECT_EQ(m.written, "models/Duck.GLTF");
    EXPECT_EQ(m.view.distance, 2.5);
    EXPECT_EQ(m.view.size, 40);
    EXPECT_EQ(m.view.yaw, 90);
    EXPECT_EQ(m.view.pitch, -15);
    EXPECT_EQ(m.view.roll, 5);
    EXPECT_FALSE(m.view.turntable);
    const LoadResult yaw_only = load_text(std::string(k_head) + R"(  - {id: photos, title: P, images: [p.jpg]}
  - {id: duck, title: D, model: {file: d.obj, rotate: -45}}
)");
    ASSERT_TRUE(yaw_only.ok()) << dump(yaw_only);
    EXPECT_EQ(yaw_only.tour->exhibits.at(1).model->view.yaw, -45);
}

TEST(TourExhibits, BadModelsAndImagesAreReportedWhereTheyAre) {
    const LoadResult r = load_text(std::string(k_head) + R"(  - id: photos
    title: P
    images: [{caption: {en: no file}}, {file: b.jpg, captoin: x}]
  - id: duck
    title: D
    model: {file: models/duck.blend, distance: 0.1, size: 500, rotate: {yaw: 10, spin: 3}, turntable: maybe}
)");
    EXPECT_FALSE(r.ok());
    expect_diagnostic(r, "missing required key `file`", 11, 14, Severity::Error, "exhibits[0].images[0].file");
    expect_diagnostic(r, "unknown key `captoin` (did you mean `caption`?)", 11, 54);
    expect_diagnostic(r, "not a model format vrex reads: `models/duck.blend`", 14, 19, Severity::Error,
                      "exhibits[1].model.file");
    expect_diagnostic(r, "distance 0.1 is out of range: from 0.5 to 20 metres", 14, 48);
    expect_diagnostic(r, "size 500 is out of range: from 2 to 120 degrees of the view", 14, 59);
    expect_diagnostic(r, "unknown key `spin`", 14, 82);
    expect_diagnostic(r, "expected true or false, found `maybe`", 14, 103);
}

TEST(TourExhibits, AModelHotspotNeedsAModel) {
    const LoadResult r = load_text(std::string(k_head) + R"(  - {id: photos, title: P, images: [p.jpg]}
  - {id: duck, title: D, text: no model here}
)");
    expect_diagnostic(r, "a model hotspot shows a 3D model, but exhibit `duck` has no `model`", 7, 59);
}

TEST(TourExhibits, ModelsAreCheckedByTheGivenReader) {
    TempDir dir;
    dir.write_png("hall.png", 64, 32);
    dir.write("m/good.glb", "good");
    dir.write("m/bad.glb", "bad");
    LoadOptions options = options_with_probe();
    std::vector<fs::path> read;
    options.check_model = [&](const fs::path& file) {
        read.push_back(file.filename());
        return file.filename() == "bad.glb" ? std::string("bad.glb: truncated GLB") : std::string();
    };
    const LoadResult r = load_tour_from_string(R"(tour: {title: x}
scenes:
  - id: a
    panorama: hall.png
    hotspots: [{kind: model, at: {yaw: 0, pitch: 0}, exhibit: g}, {kind: model, at: {yaw: 9, pitch: 0}, exhibit: b}]
exhibits:
  - {id: g, title: G, model: m/good.glb}
  - {id: b, title: B, model: {file: m/bad.glb}}
)",
                                               dir.path() / "tour.yaml", options);
    EXPECT_EQ(read, (std::vector<fs::path>{"good.glb", "bad.glb"}));
    expect_diagnostic(r, "bad.glb: truncated GLB", 8, 37, Severity::Error, "exhibits[1].model");
    EXPECT_EQ(count_errors(r.diagnostics), 1u) << dump(r);
}

} // namespace
} // namespace vrex::tour::test
