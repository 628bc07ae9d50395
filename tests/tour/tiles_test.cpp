// `panorama: {tiles: ...}`: a vrex pyramid's folder or a web viewer's layout; every problem with line:col.
#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

TEST(TourTiles, ReadsEveryLayout) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - {id: a, panorama: {tiles: panos/hall.tiles}}
  - id: b
    panorama:
      tiles: {layout: pannellum, path: "hall/%l/%s%y_%x", extension: jpg, tile_size: 512, face_size: 4096, levels: 4, fallback: "hall/fallback/%s"}
  - id: c
    panorama:
      tiles:
        layout: marzipano
        path: "tiles/0-lisbon/{z}/{f}/{y}/{x}.jpg"
        levels: [{tile_size: 256, size: 256, fallback_only: true}, {tile_size: 512, size: 512}, {tile_size: 512, size: 1024}]
        preview: tiles/0-lisbon/preview.jpg
  - id: d
    panorama:
      tiles: {layout: krpano, url: "panos/hall.tiles/%s/l%l/%0v/l%l_%s_%0v_%0h.jpg", multires: "512,640,1280,2432", preview: "panos/hall.tiles/preview.jpg"}
)");
    ASSERT_TRUE(r.tour) << dump(r);
    const auto& s = r.tour->scenes;
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(s[0].panorama.kind, PanoramaKind::Tiles);
    EXPECT_EQ(s[0].panorama.tiles.layout, TilesLayout::Vrex);
    EXPECT_EQ(s[0].panorama.tiles.folder.written, "panos/hall.tiles");
    const Tiles& p = s[1].panorama.tiles;
    EXPECT_EQ(p.layout, TilesLayout::Pannellum);
    EXPECT_EQ(p.pattern.written, "hall/%l/%s%y_%x");
    EXPECT_EQ(p.extension, "jpg");
    EXPECT_EQ(p.tile_size, 512);
    EXPECT_EQ(p.face_size, 4096);
    EXPECT_EQ(p.level_count, 4);
    EXPECT_EQ(p.preview.written, "hall/fallback/%s");
    const Tiles& m = s[2].panorama.tiles;
    EXPECT_EQ(m.layout, TilesLayout::Marzipano);
    ASSERT_EQ(m.levels.size(), 3u);
    EXPECT_TRUE(m.levels[0].fallback_only);
    EXPECT_FALSE(m.levels[1].fallback_only);
    EXPECT_EQ(m.levels[2].size, 1024);
    EXPECT_EQ(m.levels[2].tile_size, 512);
    EXPECT_EQ(m.preview.written, "tiles/0-lisbon/preview.jpg");
    const Tiles& k = s[3].panorama.tiles;
    EXPECT_EQ(k.layout, TilesLayout::Krpano);
    EXPECT_EQ(k.tile_size, 512);
    ASSERT_EQ(k.levels.size(), 3u);
    EXPECT_EQ(k.levels[0].size, 640);
    EXPECT_EQ(k.levels[2].size, 2432);
    EXPECT_EQ(k.pattern.written, "panos/hall.tiles/%s/l%l/%0v/l%l_%s_%0v_%0h.jpg");
}

TEST(TourTiles, BadBlocksAreReportedWithLineAndColumn) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - {id: a, panorama: {tiles: ../elsewhere.tiles}}
  - {id: b, panorama: {tiles: {layout: pannelum, path: x}}}
  - {id: c, panorama: {tiles: {layout: pannellum, path: "h/%l/%s_%x", extension: jpg, tile_size: 512, face_size: 4096, levels: 4}}}
  - {id: d, panorama: {tiles: {layout: pannellum, path: "h/%l/%s%y_%x", extension: jpg, tile_size: 0, face_size: 4096.5, levels: 4}}}
  - {id: e, panorama: {tiles: {layout: pannellum, path: "h/%l/%s%y_%x", tile_size: 512, face_size: 4, levels: 4}}}
  - {id: f, panorama: {tiles: {layout: marzipano, path: "t/{z}/{f}/{y}/{x}.jpg", levels: [{tile_size: 512, size: 1024}, {tile_size: 512, size: 512}]}}}
  - {id: g, panorama: {tiles: {layout: krpano, url: "t/%s/l%l/%0v/%0h.jpg", multires: "512,640,x"}}}
  - {id: h, panorama: {tiles: {layout: krpano, url: "t/%s/%0v.jpg", multires: "512,640"}}}
  - {id: i, panorama: {tiles: {layout: marzipano, path: "t/{z}/{f}/{y}/{x}.jpg", levels: [{size: 256}], url: "x"}}}
  - {id: j, panorama: {tiles: panos/a.tiles, image: a.jpg}}
  - {id: k, panorama: {tiles: [1, 2]}}
  - {id: l, panorama: {tiles: {path: "h/%l/%s%y_%x"}}}
  - {id: m, panorama: {tiles: {layout: pannellum, path: "/abs/%l/%s%y_%x", extension: jpg, tile_size: 512, face_size: 4096, levels: 4, fallback: "fb/f"}}}
  - {id: n, panorama: {tiles: {layout: marzipano, path: "t/{z}/{f}/{y}/{x}.jpg", levels: [{tile_size: 8, size: 8, fallback_only: true}]}}}
)");
    expect_diagnostic(r, "path `../elsewhere.tiles` leaves the tour's folder", 3, 31, Severity::Error,
                      "scenes[0].panorama.tiles");
    expect_diagnostic(r, "unknown tile layout `pannelum` (did you mean `pannellum`?)", 4, 40);
    expect_diagnostic(r, "path `h/%l/%s_%x` lacks %y (Pannellum patterns need %l %s %x %y)", 5, 57, Severity::Error,
                      "scenes[2].panorama.tiles.path");
    expect_diagnostic(r, "tile_size 0 is out of range", 6, 100);
    expect_diagnostic(r, "face_size 4096.5 is not a whole number", 6, 114);
    expect_diagnostic(r, "missing required key `extension`", 7, 31);
    expect_diagnostic(r, "4 levels halve a face of 4 px below one pixel", 7, 111);
    expect_diagnostic(r, "levels must grow, coarsest first: size 512 after 1024", 8, 90);
    expect_diagnostic(r, "multires `512,640,x`: `x` is not a size", 9, 87);
    expect_diagnostic(r, "url `t/%s/%0v.jpg` lacks %h", 10, 53);
    expect_diagnostic(r, "missing required key `tile_size`", 11, 91);
    expect_diagnostic(r, "`url` is not part of the Marzipano layout here", 11, 105);
    expect_diagnostic(r, "give one of `image`, `cube` or `tiles`, not more", 12, 24);
    expect_diagnostic(r, "expected the folder of a pyramid made by `vrex tile`", 13, 31);
    expect_diagnostic(r, "missing required key `layout`", 14, 31);
    expect_diagnostic(r, "absolute path `/abs/%l/%s%y_%x`", 15, 57);
    expect_diagnostic(r, "fallback `fb/f` lacks %s", 15, 146);
    expect_diagnostic(r, "every level is fallback_only", 16, 90);
}

TEST(TourTiles, FilesChecked) {
    TempDir dir;
    dir.write("panos/good.tiles/tiles.json", "{}");
    fs::create_directories(dir.path() / "panos/empty.tiles");
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - {id: a, panorama: {tiles: panos/good.tiles}}
  - {id: b, panorama: {tiles: panos/empty.tiles}}
  - {id: c, panorama: {tiles: panos/gone.tiles}}
)",
                                   dir);
    expect_diagnostic(r, "`panos/empty.tiles` holds no tiles.json", 4, 31, Severity::Error, "scenes[1].panorama.tiles");
    expect_diagnostic(r, "tile pyramid not found: `panos/gone.tiles` is not a folder", 5, 31);
    EXPECT_EQ(count_errors(r.diagnostics), 2u) << dump(r);
}

TEST(TourTiles, TheTilesCheckIsAskedAndItsProblemReported) {
    TempDir dir;
    dir.write("panos/good.tiles/tiles.json", "{}");
    LoadOptions options = options_with_probe();
    std::vector<std::string> asked;
    options.check_tiles = [&](const Tiles& t, const fs::path& folder) -> std::string {
        asked.push_back(t.layout == TilesLayout::Vrex ? t.folder.written : t.pattern.written);
        EXPECT_EQ(folder, dir.path());
        return t.layout == TilesLayout::Vrex ? "" : "tile h/1/f0_0.jpg of the coarsest level is missing";
    };
    const LoadResult r = load_tour_from_string(R"(tour: {title: x}
scenes:
  - {id: a, panorama: {tiles: panos/good.tiles}}
  - id: b
    panorama: {tiles: {layout: pannellum, path: "h/%l/%s%y_%x", extension: jpg, tile_size: 512, face_size: 512, levels: 1}}
)",
                                               dir.path() / "tour.yaml", options);
    EXPECT_EQ(asked, (std::vector<std::string>{"panos/good.tiles", "h/%l/%s%y_%x"}));
    expect_diagnostic(r, "tile h/1/f0_0.jpg of the coarsest level is missing", 5, 23, Severity::Error,
                      "scenes[1].panorama.tiles");
}

} // namespace
} // namespace vrex::tour::test
