// The web viewers' tile layouts map vrex's TileKey to the right file: Pannellum's labelled test pattern, and
// Marzipano and krpano folders written here with a colour per tile, named by each layout's own rules.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "media/png_write.hpp"
#include "media/tiles.hpp"

using namespace vrex;
namespace fs = std::filesystem;

namespace {

const fs::path k_pattern = fs::path(VREX_SOURCE_DIR) / "tests/data/tiles/pannellum-testpattern";

media::ForeignTileSpec pannellum_spec() {
    // tests/data/tiles/pannellum-testpattern/config.json: "/%l/%s%x%y", png, 256, maxLevel 4, 2048, "/fallback/%s"
    media::ForeignTileSpec spec;
    spec.layout = media::TileLayout::pannellum;
    spec.pattern = "%l/%s%x%y";
    spec.extension = "png";
    spec.tile_size = 256;
    spec.face_size = 2048;
    spec.level_count = 4;
    spec.preview_pattern = "fallback/%s";
    return spec;
}

// The bounding box of the label's dark text (the tile's background and label box are light or blue).
struct Box {
    int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;
};
Box text_box(const media::Image& img) {
    Box b;
    for (uint32_t y = 0; y < img.height; ++y)
        for (uint32_t x = 0; x < img.width; ++x) {
            const uint8_t* p = &img.rgba[(size_t(y) * img.width + x) * 4];
            if (p[0] + p[1] + p[2] < 120) {
                b.x0 = std::min(b.x0, int(x)), b.y0 = std::min(b.y0, int(y));
                b.x1 = std::max(b.x1, int(x)), b.y1 = std::max(b.y1, int(y));
            }
        }
    return b;
}

TEST(ForeignTiles, PannellumTestPatternMapsEveryTileByItsLabel) {
    auto p = media::foreign_pyramid(pannellum_spec(), k_pattern);
    ASSERT_TRUE(p) << p.error();
    ASSERT_EQ(p->levels.size(), 4u);
    const int faces[] = {256, 512, 1024, 2048};
    std::set<fs::path> used;
    for (int l = 0; l < 4; ++l) {
        EXPECT_EQ(p->levels[size_t(l)].face_size, faces[l]);
        const int n = p->levels[size_t(l)].tiles_per_side();
        EXPECT_EQ(n, 1 << l);
        for (int f = 0; f < media::k_cube_faces; ++f)
            for (int y = 0; y < n; ++y)
                for (int x = 0; x < n; ++x) {
                    const fs::path file = p->tile_path({l, media::CubeFace(f), x, y});
                    // Each tile is labelled with its name: face letter, column, row (Pannellum's x is the column).
                    const std::string label = std::string(1, "frblud"[f]) + std::to_string(x) + std::to_string(y);
                    EXPECT_EQ(file, k_pattern / std::to_string(l + 1) / (label + ".png"));
                    EXPECT_TRUE(fs::is_regular_file(file)) << file;
                    used.insert(file);
                }
    }
    size_t on_disk = 0;
    for (const auto& e : fs::recursive_directory_iterator(k_pattern))
        if (e.is_regular_file() && e.path().extension() == ".png" && e.path().parent_path().filename() != "fallback")
            ++on_disk;
    EXPECT_EQ(used.size(), on_disk) << "every tile on disk is some TileKey's, once";
}

TEST(ForeignTiles, PannellumLabelsReadUprightAndThePreviewIsTheCoarsestLevel) {
    auto p = media::foreign_pyramid(pannellum_spec(), k_pattern);
    ASSERT_TRUE(p) << p.error();
    auto preview = media::decode_preview_faces(*p);
    ASSERT_TRUE(preview) << preview.error();
    for (int f = 0; f < media::k_cube_faces; ++f) {
        auto tile = media::decode_tile(*p, {0, media::CubeFace(f), 0, 0});
        ASSERT_TRUE(tile) << tile.error();
        EXPECT_EQ(tile->rgba, (*preview)[size_t(f)].rgba) << "face " << f;
        // Upright text is wider than tall (a quarter turn would make it taller than wide).
        const Box b = text_box(*tile);
        EXPECT_GT(b.x1 - b.x0, 2 * (b.y1 - b.y0)) << "face " << f;
    }
}

// Writes a 2x2 PNG whose colour names the tile: red = level, green = face, blue = 16 * x + y.
void write_tile(const fs::path& file, int level, int face, int x, int y) {
    fs::create_directories(file.parent_path());
    media::Image img{2, 2, {}};
    for (int i = 0; i < 4; ++i)
        img.rgba.insert(img.rgba.end(), {uint8_t(level * 40), uint8_t(face * 40), uint8_t(16 * x + y), 255});
    ASSERT_TRUE(media::write_png(file, img));
}

void expect_tile(const media::TilePyramid& p, int level, int face, int x, int y) {
    auto tile = media::decode_tile(p, {level, media::CubeFace(face), x, y});
    ASSERT_TRUE(tile) << tile.error();
    EXPECT_EQ(tile->rgba[0], level * 40);
    EXPECT_EQ(tile->rgba[1], face * 40);
    EXPECT_EQ(tile->rgba[2], 16 * x + y);
}

class ForeignFolder : public ::testing::Test {
protected:
    fs::path dir = fs::temp_directory_path() / ("vrex-foreign-" + std::to_string(::getpid()));
    void TearDown() override { fs::remove_all(dir); }
};

TEST_F(ForeignFolder, MarzipanoCountsTheFallbackLevelAndNamesFacesByLetter) {
    // Marzipano Tool: tiles/ID/{z}/{f}/{y}/{x}.jpg; level 0 (fallbackOnly) has no folder, level 1 is the first one.
    const char letters[] = "frblud";
    for (int f = 0; f < 6; ++f) {
        write_tile(dir / "t/1" / std::string(1, letters[f]) / "0/0.png", 0, f, 0, 0);
        for (int y = 0; y < 2; ++y)
            for (int x = 0; x < 2; ++x)
                write_tile(dir / "t/2" / std::string(1, letters[f]) / std::to_string(y) / (std::to_string(x) + ".png"),
                           1, f, x, y);
    }
    media::ForeignTileSpec spec;
    spec.layout = media::TileLayout::marzipano;
    spec.pattern = "t/{z}/{f}/{y}/{x}.png";
    spec.levels = {{8, 8}, {16, 16}, {32, 16}};
    spec.fallback_only = {true, false, false};
    auto p = media::foreign_pyramid(spec, dir);
    ASSERT_TRUE(p) << p.error();
    ASSERT_EQ(p->levels.size(), 2u);
    EXPECT_EQ(p->levels[1].tiles_per_side(), 2);
    for (int f = 0; f < 6; ++f) {
        expect_tile(*p, 0, f, 0, 0);
        expect_tile(*p, 1, f, 1, 0);
        expect_tile(*p, 1, f, 0, 1);
    }
}

TEST_F(ForeignFolder, KrpanoIsOneBasedPaddedAndItsL1IsTheSmallest) {
    // krpano MAKE VTOUR: %s/l%l/%0v/l%l_%s_%0v_%0h.jpg, rows (%v) and columns (%h) from 1, l1 the smallest level.
    const char letters[] = "frblud";
    char name[128];
    for (int f = 0; f < 6; ++f)
        for (int l = 1; l <= 2; ++l)
            for (int v = 1; v <= l; ++v)
                for (int h = 1; h <= l; ++h) {
                    std::snprintf(name, sizeof name, "%c/l%d/%02d/l%d_%c_%02d_%02d.png", letters[f], l, v, l,
                                  letters[f], v, h);
                    write_tile(dir / name, l - 1, f, h - 1, v - 1);
                }
    media::ForeignTileSpec spec;
    spec.layout = media::TileLayout::krpano;
    spec.pattern = "%s/l%l/%0v/l%l_%s_%0v_%0h.png";
    spec.tile_size = 16;
    spec.levels = {{16, 16}, {20, 16}};
    auto p = media::foreign_pyramid(spec, dir);
    ASSERT_TRUE(p) << p.error();
    EXPECT_EQ(p->levels[1].tiles_per_side(), 2);
    for (int f = 0; f < 6; ++f) {
        expect_tile(*p, 0, f, 0, 0);
        expect_tile(*p, 1, f, 1, 0);
        expect_tile(*p, 1, f, 0, 1);
        expect_tile(*p, 1, f, 1, 1);
    }
}

TEST_F(ForeignFolder, PreviewStripsAreCutInTheirLayoutsOrder) {
    // A 2x12 strip: face i of the strip is grey level 10 * i.
    media::Image strip{2, 12, {}};
    for (int i = 0; i < 6; ++i)
        for (int t = 0; t < 4; ++t) strip.rgba.insert(strip.rgba.end(), {uint8_t(10 * i), 0, 0, 255});
    fs::create_directories(dir);
    ASSERT_TRUE(media::write_png(dir / "preview.png", strip));
    media::ForeignTileSpec spec;
    spec.layout = media::TileLayout::krpano;
    spec.pattern = "%s/l%l/%v_%h.jpg";
    spec.levels = {{16, 16}};
    spec.preview_pattern = "preview.png";
    auto k = media::foreign_pyramid(spec, dir);
    ASSERT_TRUE(k) << k.error();
    auto faces = media::decode_preview_faces(*k);
    ASSERT_TRUE(faces) << faces.error();
    // krpano LFRBUD: front is the strip's second face, left the first, up the fifth.
    EXPECT_EQ((*faces)[size_t(media::CubeFace::front)].rgba[0], 10);
    EXPECT_EQ((*faces)[size_t(media::CubeFace::left)].rgba[0], 0);
    EXPECT_EQ((*faces)[size_t(media::CubeFace::up)].rgba[0], 40);
    spec.layout = media::TileLayout::marzipano;
    spec.pattern = "{z}/{f}/{y}/{x}.jpg";
    auto m = media::foreign_pyramid(spec, dir);
    ASSERT_TRUE(m) << m.error();
    faces = media::decode_preview_faces(*m);
    ASSERT_TRUE(faces) << faces.error();
    // Marzipano bdflru: back first, front third, up last.
    EXPECT_EQ((*faces)[size_t(media::CubeFace::back)].rgba[0], 0);
    EXPECT_EQ((*faces)[size_t(media::CubeFace::front)].rgba[0], 20);
    EXPECT_EQ((*faces)[size_t(media::CubeFace::up)].rgba[0], 50);
}

TEST(ForeignTiles, BadSpecsAreRefused) {
    media::ForeignTileSpec spec = pannellum_spec();
    spec.level_count = 13; // 2048 >> 12 < 1
    EXPECT_FALSE(media::foreign_pyramid(spec, k_pattern));
    spec = pannellum_spec();
    spec.pattern.clear();
    EXPECT_FALSE(media::foreign_pyramid(spec, k_pattern));
    media::ForeignTileSpec k;
    k.layout = media::TileLayout::krpano;
    k.pattern = "%s/%v_%h.jpg";
    k.levels = {{16, 32}, {16, 16}};
    EXPECT_FALSE(media::foreign_pyramid(k, k_pattern));
    k.layout = media::TileLayout::vrex;
    EXPECT_FALSE(media::foreign_pyramid(k, k_pattern));
}

} // namespace
