// Hostile tours (issue 13): files that lead out of the tour's folder through links (to a file, to a folder, a linked
// parent folder), FIFOs and folders named as images, alias bombs, nesting deep enough to overflow a recursive parser,
// a tour file that is a FIFO. Each is refused with a diagnostic at the line and column that names it, never a crash
// or a hang; a FIFO is never opened.
#include <sys/stat.h>

#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

void make_fifo(const fs::path& p) {
    fs::create_directories(p.parent_path());
    ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0) << p;
}

constexpr const char* k_every_kind_of_file = R"(tour: {title: x}
scenes:
  - {id: a, panorama: panos/hall.png}
  - {id: b, panorama: {cube: [c/f.png, c/r.png, c/b.png, c/l.png, c/u.png, c/d.png]}}
  - {id: c, panorama: {tiles: panos/hall.tiles}}
exhibits:
  - {id: x, title: X, images: [gallery/one.png], model: models/whale.glb}
)";

// Every file of k_every_kind_of_file, as a PNG (the model too: nothing reads it here).
void write_every_file(const TempDir& dir, const fs::path& under = {}) {
    dir.write_png(under / "panos/hall.png", 64, 32);
    for (const char* face : {"f", "r", "b", "l", "u", "d"})
        dir.write_png(under / "c" / (face + std::string(".png")), 8, 8);
    dir.write(under / "panos/hall.tiles/tiles.json", "{}");
    dir.write_png(under / "gallery/one.png", 8, 8);
    dir.write(under / "models/whale.glb", "glTF");
}

// The errors each kind of file gets when it is `problem`.
void expect_each_file_refused(const LoadResult& r, std::string_view problem) {
    expect_diagnostic(r, "`panos/hall.png` " + std::string(problem), 3, 23, Severity::Error, "scenes[0].panorama");
    expect_diagnostic(r, "`c/f.png` " + std::string(problem), 4, 31, Severity::Error, "scenes[1].panorama.cube[0]");
    expect_diagnostic(r, "`panos/hall.tiles/tiles.json` " + std::string(problem), 5, 31, Severity::Error,
                      "scenes[2].panorama.tiles");
    expect_diagnostic(r, "`gallery/one.png` " + std::string(problem), 7, 32, Severity::Error, "exhibits[0].images[0]");
    expect_diagnostic(r, "`models/whale.glb` " + std::string(problem), 7, 57, Severity::Error, "exhibits[0].model");
}

TEST(TourHostile, LinksToFilesOutsideTheFolder) {
    TempDir outside, dir;
    write_every_file(outside);
    for (const char* f : {"panos/hall.png", "c/f.png", "panos/hall.tiles", "gallery/one.png", "models/whale.glb"}) {
        fs::create_directories((dir.path() / f).parent_path());
        fs::create_symlink(outside.path() / f, dir.path() / f); // the pyramid: a linked folder
    }
    for (const char* face : {"r", "b", "l", "u", "d"})
        dir.write_png(fs::path("c") / (face + std::string(".png")), 8, 8);
    const LoadResult r = load_text(k_every_kind_of_file, dir);
    expect_each_file_refused(r, "is a link to a file outside the tour's folder");
    EXPECT_EQ(count_errors(r.diagnostics), 5u) << dump(r);
}

TEST(TourHostile, LinkedParentFolderLeadingOutside) {
    // Every path is written plainly; `media` is a link to a folder elsewhere, which holds them all.
    TempDir outside, dir;
    write_every_file(outside);
    const std::string text = R"(tour: {title: x}
scenes:
  - {id: a, panorama: m/panos/hall.png}
  - {id: b, panorama: {cube: [m/c/f.png, m/c/r.png, m/c/b.png, m/c/l.png, m/c/u.png, m/c/d.png]}}
  - {id: c, panorama: {tiles: m/panos/hall.tiles}}
exhibits:
  - {id: x, title: X, images: [m/gallery/one.png], model: m/models/whale.glb}
)";
    fs::create_symlink(outside.path(), dir.path() / "m");
    const LoadResult r = load_text(text, dir);
    for (const char* f : {"m/panos/hall.png", "m/c/f.png", "m/c/d.png", "m/panos/hall.tiles/tiles.json",
                          "m/gallery/one.png", "m/models/whale.glb"})
        EXPECT_NE(find(r, "`" + std::string(f) + "` is a link to a file outside the tour's folder"), nullptr)
            << f << "\n"
            << dump(r);
    EXPECT_EQ(count_errors(r.diagnostics), 10u) << dump(r); // six cube faces
}

TEST(TourHostile, LinksInsideTheFolderAreFine) {
    TempDir dir;
    write_every_file(dir, "real");
    fs::create_directory_symlink(dir.path() / "real/panos", dir.path() / "panos");
    fs::create_directory_symlink("real/c", dir.path() / "c");
    fs::create_directory_symlink("real/gallery", dir.path() / "gallery");
    fs::create_directory_symlink("real/models", dir.path() / "models");
    const LoadResult r = load_text(k_every_kind_of_file, dir);
    EXPECT_EQ(count_errors(r.diagnostics), 0u) << dump(r);
}

TEST(TourHostile, FifosAreRefusedUnopened) {
    // Were any opened, the test would block here for good (nobody writes into them).
    TempDir dir;
    write_every_file(dir);
    for (const char* f :
         {"panos/hall.png", "c/f.png", "panos/hall.tiles/tiles.json", "gallery/one.png", "models/whale.glb"}) {
        fs::remove(dir.path() / f);
        make_fifo(dir.path() / f);
    }
    const LoadResult r = load_text(k_every_kind_of_file, dir);
    expect_each_file_refused(r, "is not a file (a FIFO, socket or device; vrex does not open it)");
    EXPECT_EQ(count_errors(r.diagnostics), 5u) << dump(r);
}

TEST(TourHostile, FolderNamedAsAPanorama) {
    TempDir dir;
    fs::create_directories(dir.path() / "panos/hall.png");
    const LoadResult r = load_text("tour: {title: x}\nscenes:\n  - {id: a, panorama: panos/hall.png}\n", dir);
    expect_diagnostic(r, "`panos/hall.png` is not a file (a folder)", 3, 23);
}

TEST(TourHostile, WithoutFileChecksWhatIsThereIsStillGuarded) {
    // The viewer opens a tour without the file checks (a missing file shows a placeholder); links out and FIFOs
    // are refused all the same, with the same messages, and a missing file is not reported.
    TempDir outside, dir;
    outside.write_png("secret.png", 64, 32);
    fs::create_directories(dir.path() / "panos");
    fs::create_symlink(outside.path() / "secret.png", dir.path() / "panos/hall.png");
    make_fifo(dir.path() / "c/f.png");
    fs::create_directories(dir.path() / "gallery/one.png");
    fs::create_directory_symlink(outside.path(), dir.path() / "panos/hall.tiles");
    outside.write("tiles.json", "{}");
    LoadOptions lenient = options_with_probe();
    lenient.check_files = false;
    const LoadResult r = load_tour_from_string(k_every_kind_of_file, dir.path() / "tour.yaml", lenient);
    expect_diagnostic(r, "`panos/hall.png` is a link to a file outside the tour's folder", 3, 23);
    expect_diagnostic(r, "`c/f.png` is not a file (a FIFO, socket or device; vrex does not open it)", 4, 31);
    expect_diagnostic(r, "`panos/hall.tiles/tiles.json` is a link to a file outside the tour's folder", 5, 31);
    expect_diagnostic(r, "`gallery/one.png` is not a file (a folder)", 7, 32);
    EXPECT_EQ(count_errors(r.diagnostics), 4u) << dump(r); // the missing faces and model: not reported
}

TEST(TourHostile, TheProbesReasonIsReportedAtTheLine) {
    TempDir dir;
    dir.write("panos/giant.png", "a header claiming 100000 x 100000");
    LoadOptions options = options_with_probe();
    options.probe_image = [](const fs::path& file) -> core::Expected<ImageSize, std::string> {
        return core::unexpected(file.string() + ": image is 100000x100000, larger than vrex accepts");
    };
    const LoadResult r = load_tour_from_string("tour: {title: x}\nscenes:\n  - {id: a, panorama: panos/giant.png}\n",
                                               dir.path() / "tour.yaml", options);
    expect_diagnostic(r, "cannot read `panos/giant.png` as an image: image is 100000x100000, larger than vrex accepts",
                      3, 23);
}

TEST(TourHostile, TourFileThatIsAFifo) {
    TempDir dir;
    make_fifo(dir.path() / "tour.yaml");
    for (const fs::path& p : {dir.path() / "tour.yaml", dir.path()}) {
        const LoadResult r = load_tour(p, options_without_files());
        ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
        EXPECT_NE(find(r, "not a plain file (a FIFO, socket or device)"), nullptr) << dump(r);
        EXPECT_EQ(r.diagnostics[0].file, (dir.path() / "tour.yaml").string());
    }
}

TEST(TourHostile, SparseFourGigabyteTourFile) {
    TempDir dir;
    const fs::path file = dir.write("tour.yaml", "tour: {title: x}\n");
    fs::resize_file(file, 4ull << 30);
    const LoadResult r = load_tour(file, options_without_files());
    expect_diagnostic(r, "the file is 4096.0 MB; a tour file may be at most 4.0 MB", 0, 0);
}

std::string billion_laughs(const std::string& where) {
    std::string s = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i <= 9; ++i) {
        s += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int k = 0; k < 10; ++k) s += (k ? ", *a" : "*a") + std::to_string(i - 1);
        s += "]\n";
    }
    return s + where;
}

TEST(TourHostile, AliasBombsFailFast) {
    // Ten to the power ten `lol`s if the aliases were expanded, at every place a tour may hold a list or a map.
    const std::vector<std::string> places = {
        "tour: {title: x}\nscenes: *a9\n",
        "tour: {title: *a9}\nscenes: [{id: a, panorama: a.jpg}]\n",
        "tour: {title: x, languages: *a9}\nscenes: [{id: a, panorama: a.jpg}]\n",
        "tour: {title: x}\nscenes: [{id: a, panorama: a.jpg, hotspots: *a9}]\n",
        "tour: {title: x}\nscenes: [{id: a, panorama: {cube: *a9}}]\n",
        "tour: {title: x}\nscenes: [{id: a, panorama: a.jpg}]\nexhibits: [{id: e, title: E, images: *a9}]\n",
        "tour: {title: x}\nscenes: [{id: a, panorama: a.jpg, unknown: *a9}]\n",
        "tour: {title: x}\nscenes: [{id: a, panorama: a.jpg}]\n*a9 : x\n",
    };
    for (const std::string& place : places) {
        const std::string text = billion_laughs(place);
        const LoadResult r = load_tour_from_string(text, "bomb/tour.yaml", options_without_files());
        EXPECT_LT(r.diagnostics.size(), 100u) << place << dump(r);
        EXPECT_TRUE(well_formed(r, text, "bomb/tour.yaml")) << place;
    }
}

TEST(TourHostile, HundredThousandOpenBracketsDoNotOverflowTheStack) {
    for (const std::string& text : {std::string("tour: ").append(100000, '['), std::string(100000, '['),
                                    std::string(100000, '{'), std::string("a:\n").append(100000, '-')}) {
        const LoadResult r = load_tour_from_string(text, "deep/tour.yaml", options_without_files());
        EXPECT_FALSE(r.ok());
        ASSERT_FALSE(r.diagnostics.empty());
        EXPECT_EQ(r.diagnostics[0].file, "deep/tour.yaml");
        EXPECT_GT(r.diagnostics[0].line, 0) << dump(r);
    }
}

} // namespace
} // namespace vrex::tour::test
