// Checks on the files a tour names: present, inside the tour's folder, images of the right shape.
#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

TEST(TourFiles, MissingMediaFiles) {
    TempDir dir;
    dir.write_png("panos/hall.png", 64, 32);
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: a
    panorama: panos/Hall.png
    hotspots: [{kind: media, at: {yaw: 0, pitch: 0}, exhibit: x}]
  - id: b
    panorama: panos/nothing-like-it.png
exhibits:
  - id: x
    title: X
    images: [media/a.jpg]
    model: models/whale.glb
)",
                                   dir);
    expect_diagnostic(r, "file not found: `panos/Hall.png` (did you mean `hall.png`?)", 4, 15, Severity::Error,
                      "scenes[0].panorama");
    expect_diagnostic(r, "file not found: `panos/nothing-like-it.png`", 7, 15);
    expect_diagnostic(r, "file not found: `media/a.jpg`", 11, 14, Severity::Error, "exhibits[0].images[0]");
    expect_diagnostic(r, "file not found: `models/whale.glb`", 12, 12, Severity::Error, "exhibits[0].model");
}

TEST(TourFiles, AFolderIsNotAFile) {
    TempDir dir;
    fs::create_directories(dir.path() / "panos");
    const LoadResult r = load_text("tour: {title: x}\nscenes:\n  - {id: a, panorama: panos}\n", dir);
    expect_diagnostic(r, "`panos` is not a file", 3, 23);
}

TEST(TourFiles, PathsMayNotLeaveTheTourFolder) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - {id: a, panorama: /home/curator/hall.jpg}
  - {id: b, panorama: ../other-tour/hall.jpg}
  - {id: c, panorama: panos/../../hall.jpg}
  - {id: d, panorama: 'C:\photos\hall.jpg'}
  - {id: e, panorama: panos\hall.jpg}
  - {id: f, panorama: https://example.com/hall.jpg}
  - {id: g, panorama: {cube: [f.jpg, r.jpg, b.jpg, l.jpg, file:///u.jpg, d.jpg]}}
  - {id: h, panorama: panos/./../panos/hall.jpg}
)");
    expect_diagnostic(r, "absolute path `/home/curator/hall.jpg`", 3, 23, Severity::Error, "scenes[0].panorama");
    expect_diagnostic(r, "path `../other-tour/hall.jpg` leaves the tour's folder", 4, 23);
    expect_diagnostic(r, "path `panos/../../hall.jpg` leaves the tour's folder", 5, 23);
    expect_diagnostic(r, "absolute path `C:\\photos\\hall.jpg`", 6, 23);
    expect_diagnostic(r, "use `/` between folder names", 7, 23);
    expect_diagnostic(r, "URLs are not files: `https://example.com/hall.jpg`", 8, 23);
    expect_diagnostic(r, "URLs are not files: `file:///u.jpg`", 9, 59, Severity::Error, "scenes[6].panorama.cube[4]");
    // panos/./../panos/hall.jpg stays inside; with file checks off nothing else is said about it.
    EXPECT_EQ(count_errors(r.diagnostics), 7u) << dump(r);
}

TEST(TourFiles, SymlinksOutOfTheFolderAreRefused) {
    TempDir outside, dir;
    outside.write_png("secret.png", 64, 32);
    fs::create_directories(dir.path() / "panos");
    fs::create_symlink(outside.path() / "secret.png", dir.path() / "panos/hall.png");
    const LoadResult r = load_text("tour: {title: x}\nscenes:\n  - {id: a, panorama: panos/hall.png}\n", dir);
    expect_diagnostic(r, "`panos/hall.png` is a link to a file outside the tour's folder", 3, 23);
}

TEST(TourFiles, EquirectsThatAreNot2To1AreWarnings) {
    TempDir dir;
    dir.write_png("wide.png", 64, 32);
    dir.write_png("square.png", 32, 32);
    dir.write_png("strip.png", 96, 32);
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: a
    panorama: square.png
    hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: b}]
  - id: b
    panorama: {image: wide.png, stereo: side-by-side}
    hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: c}]
  - id: c
    panorama: {image: strip.png, haov: 270, vaov: 90}
    hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: d}]
  - id: d
    panorama: {image: square.png, stereo: top-bottom}
)",
                                   dir);
    EXPECT_TRUE(r.ok()) << dump(r);
    expect_diagnostic(r, "`square.png` is 32×32, but an equirect panorama should be 2:1", 4, 15, Severity::Warning,
                      "scenes[0].panorama");
    expect_diagnostic(r, "`wide.png` is 64×32, but a side-by-side stereo equirect should be 4:1", 7, 23,
                      Severity::Warning, "scenes[1].panorama.image");
    // The partial panorama (c) and the top-bottom stereo one (d) have the shapes they should.
    EXPECT_EQ(r.diagnostics.size(), 2u) << dump(r);
}

TEST(TourFiles, CubeFacesMustBeSquareAndAlike) {
    TempDir dir;
    for (const char* f : {"f", "r", "b", "l"}) dir.write_png(std::string(f) + ".png", 32, 32);
    dir.write_png("u.png", 16, 16);
    dir.write_png("d.png", 32, 16);
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: a
    panorama:
      cube: [f.png, r.png, b.png, l.png, u.png, d.png]
  - id: b
    panorama: {cube: [f.png, r.png]}
)",
                                   dir);
    expect_diagnostic(r, "cube face `u.png` is 16×16, but the first face is 32×32", 5, 42, Severity::Warning);
    expect_diagnostic(r, "cube face `d.png` is 32×16, not square", 5, 49, Severity::Warning,
                      "scenes[0].panorama.cube[5]");
    expect_diagnostic(r, "a cube needs 6 faces (front, right, back, left, up, down), found 2", 7, 22);
}

TEST(TourFiles, UnreadableImagesAreErrors) {
    TempDir dir;
    dir.write("hall.jpg", "this is not a JPEG");
    const LoadResult r = load_text("tour: {title: x}\nscenes:\n  - {id: a, panorama: hall.jpg}\n", dir);
    expect_diagnostic(r, "cannot read `hall.jpg` as an image: not a PNG or JPEG", 3, 23);
}

TEST(TourFiles, WithoutAProbeSizesAreNotChecked) {
    TempDir dir;
    dir.write("hall.jpg", "not an image, but nobody looks");
    const LoadResult r =
        load_tour_from_string("tour: {title: x}\nscenes:\n  - {id: a, panorama: hall.jpg}\n", dir.path() / "t.yaml");
    EXPECT_TRUE(r.ok()) << dump(r);
    EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
}

} // namespace
} // namespace vrex::tour::test
