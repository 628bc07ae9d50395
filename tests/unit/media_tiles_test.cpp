// Tiled pyramids: decode_tile undoes a face's stored orientation; vrex's manifest is read, and bad ones are refused
// with the manifest's name and line.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "media/png_write.hpp"
#include "media/tiles.hpp"

using namespace vrex;
namespace fs = std::filesystem;

namespace {

class TilesTest : public ::testing::Test {
protected:
    fs::path dir = fs::temp_directory_path() / ("vrex-tiles-" + std::to_string(::getpid()));
    void SetUp() override { fs::create_directories(dir); }
    void TearDown() override { fs::remove_all(dir); }

    void write_text(const fs::path& rel, const std::string& text) {
        fs::create_directories((dir / rel).parent_path());
        std::ofstream(dir / rel) << text;
    }
};

// A w x h image whose texel (x, y) holds x in red and y in green.
media::Image coords(uint32_t w, uint32_t h) {
    media::Image img{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x) {
            uint8_t* p = &img.rgba[(size_t(y) * w + x) * 4];
            p[0] = uint8_t(x);
            p[1] = uint8_t(y);
            p[2] = 0;
            p[3] = 255;
        }
    return img;
}

std::array<uint8_t, 2> at(const media::Image& img, uint32_t x, uint32_t y) {
    const uint8_t* p = &img.rgba[(size_t(y) * img.width + x) * 4];
    return {p[0], p[1]};
}

TEST(TileOrientation, UndoesQuarterTurnsAndMirror) {
    const media::Image vrex = coords(4, 3);
    // Turned clockwise once: the top-left texel of what is stored is vrex's bottom-left.
    const media::Image cw = media::from_vrex_orientation(vrex, {1, false});
    ASSERT_EQ(cw.width, 3u);
    ASSERT_EQ(cw.height, 4u);
    EXPECT_EQ(at(cw, 0, 0), (std::array<uint8_t, 2>{0, 2}));
    EXPECT_EQ(at(cw, 2, 0), (std::array<uint8_t, 2>{0, 0}));
    const media::Image mirrored = media::from_vrex_orientation(vrex, {0, true});
    EXPECT_EQ(at(mirrored, 0, 0), (std::array<uint8_t, 2>{3, 0}));
    for (int q = 0; q < 4; ++q)
        for (bool m : {false, true}) {
            const media::Image back = media::to_vrex_orientation(media::from_vrex_orientation(vrex, {q, m}), {q, m});
            EXPECT_EQ(back.width, 4u);
            EXPECT_EQ(back.rgba, vrex.rgba) << "quarter turns " << q << " mirror " << m;
        }
}

TEST_F(TilesTest, DecodeTileTurnsIntoVrexOrientation) {
    media::TilePyramid p;
    p.levels = {{8, 8}};
    p.tile_path = [this](const media::TileKey& k) {
        return dir / (std::string(1, media::face_letter(k.face)) + ".png");
    };
    p.orientation[int(media::CubeFace::up)] = {1, false};
    const media::Image vrex = coords(8, 8);
    ASSERT_TRUE(media::write_png(dir / "u.png", media::from_vrex_orientation(vrex, {1, false})));
    auto tile = media::decode_tile(p, {0, media::CubeFace::up, 0, 0});
    ASSERT_TRUE(tile) << tile.error();
    EXPECT_EQ(tile->rgba, vrex.rgba);
    auto missing = media::decode_tile(p, {0, media::CubeFace::down, 0, 0});
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("d.png"), std::string::npos) << missing.error();
    auto outside = media::decode_tile(p, {0, media::CubeFace::up, 1, 0});
    ASSERT_FALSE(outside);
    auto no_level = media::decode_tile(p, {3, media::CubeFace::up, 0, 0});
    ASSERT_FALSE(no_level);
}

TEST_F(TilesTest, ReadsVrexPyramid) {
    write_text("p/tiles.json", R"({
  "vrex_tiles": 1,
  "extension": "png",
  "levels": [{"face_size": 4, "tile_size": 4}, {"face_size": 10, "tile_size": 4}],
  "preview": "preview.jpg"
})");
    auto p = media::read_vrex_pyramid(dir / "p");
    ASSERT_TRUE(p) << p.error();
    ASSERT_EQ(p->levels.size(), 2u);
    EXPECT_EQ(p->levels[1].tiles_per_side(), 3);
    EXPECT_EQ(p->finest_face_size(), 10);
    EXPECT_EQ(p->tile_path({1, media::CubeFace::left, 2, 1}), dir / "p" / "1" / "l" / "1_2.png");
    ASSERT_TRUE(p->preview_equirect);
    EXPECT_EQ(*p->preview_equirect, dir / "p" / "preview.jpg");
    const media::Image tile = coords(2, 4); // the last column of level 1 is 10 - 8 = 2 wide
    fs::create_directories(dir / "p/1/l");
    ASSERT_TRUE(media::write_png(dir / "p/1/l/1_2.png", tile));
    auto decoded = media::decode_tile(*p, {1, media::CubeFace::left, 2, 1});
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_EQ(decoded->width, 2u);
}

struct BadManifest {
    const char* text;
    const char* expect; // in the error, after the manifest's name
};

TEST_F(TilesTest, RefusesBadManifestsNamingFileAndLine) {
    const BadManifest cases[] = {
        {"{\n  \"vrex_tiles\": 1,\n  \"levels\": [\n", "tiles.json: not valid JSON"},
        {"{\n  \"vrex_tiles\": 2,\n  \"levels\": []\n}", "tiles.json:2: not a vrex tile manifest"},
        {"{\n  \"vrex_tiles\": 1,\n  \"levels\": []\n}", "tiles.json:3: \"levels\" must be"},
        {"{\n  \"vrex_tiles\": 1,\n\n  \"levels\": [{\"face_size\": 8}]\n}", "tiles.json:4: each level needs"},
        {"{\"vrex_tiles\": 1,\n\"levels\": [{\"face_size\": 8, \"tile_size\": 4}, {\"face_size\": 8, \"tile_size\": "
         "4}]}",
         "tiles.json:2: levels must grow"},
        {"{\"vrex_tiles\": 1,\n\"levels\": [{\"face_size\": -8, \"tile_size\": 4}]}", "tiles.json:2: level 0"},
        {"{\"vrex_tiles\": 1, \"levels\": [{\"face_size\": 8, \"tile_size\": 4}],\n\"extension\": \"gif\"}",
         "tiles.json:2: \"extension\""},
        {"{\"vrex_tiles\": 1, \"levels\": [{\"face_size\": 8, \"tile_size\": 4}],\n\n\"preview\": \"../x.jpg\"}",
         "tiles.json:3: \"preview\""},
        {"[1, 2]", "tiles.json:1: the manifest must be"},
        // libFuzzer: nlohmann::json throws out_of_range, not parse_error, for a number past double's range.
        {"{\"vrex_tiles\": 1, \"levels\": [{\"face_size\": 1e999, \"tile_size\": 4}]}",
         "tiles.json: not valid JSON: [json.exception.out_of_range.406] number overflow parsing '1e999'"},
    };
    for (const BadManifest& c : cases) {
        write_text("bad/tiles.json", c.text);
        auto p = media::read_vrex_pyramid(dir / "bad");
        ASSERT_FALSE(p) << c.text;
        EXPECT_NE(p.error().find(c.expect), std::string::npos) << p.error();
    }
    auto none = media::read_vrex_pyramid(dir / "nowhere");
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().find("tiles.json"), std::string::npos) << none.error();
}

} // namespace
