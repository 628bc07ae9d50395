// `vrex tile` (media::write_tile_pyramid): the pyramid's levels, tile count and sizes, and its finest faces, put
// back together from the tiles, against a direct resampling of the equirect onto vrex's cube faces.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "math/angles.hpp"
#include "media/image.hpp"
#include "media/srgb.hpp"
#include "media/tile_writer.hpp"

using namespace vrex;
namespace fs = std::filesystem;

namespace {

const fs::path k_data = fs::path(VREX_SOURCE_DIR) / "tests/data";

class TileWriterTest : public ::testing::Test {
protected:
    fs::path dir = fs::temp_directory_path() / ("vrex-tile-writer-" + std::to_string(::getpid()));
    void TearDown() override { fs::remove_all(dir); }
};

// vrex's faces as the documented convention gives them: centre, image right and image down (tiles.hpp: seen from
// inside; up with its edge towards the front at the bottom, down with it at the top).
glm::dvec3 face_dir(int face, double u, double v) {
    static const glm::dvec3 k_axes[6][3] = {
        {{0, 0, -1}, {1, 0, 0}, {0, -1, 0}},  {{1, 0, 0}, {0, 0, 1}, {0, -1, 0}}, {{0, 0, 1}, {-1, 0, 0}, {0, -1, 0}},
        {{-1, 0, 0}, {0, 0, -1}, {0, -1, 0}}, {{0, 1, 0}, {1, 0, 0}, {0, 0, -1}}, {{0, -1, 0}, {1, 0, 0}, {0, 0, 1}},
    };
    return k_axes[face][0] + (2 * u - 1) * k_axes[face][1] + (2 * v - 1) * k_axes[face][2];
}

// The equirect sampled bilinearly in linear light (rows clamped, columns wrapped), as an sRGB byte per channel.
std::array<uint8_t, 3> sample(const media::Image& eq, const glm::dvec3& dir) {
    const glm::dvec2 uv = math::equirect_uv_from_direction(dir);
    const double x = uv.x * eq.width - 0.5, y = uv.y * eq.height - 0.5;
    const int x0 = int(std::floor(x)), y0 = int(std::floor(y));
    const double fx = x - x0, fy = y - y0;
    std::array<uint8_t, 3> out{};
    for (int k = 0; k < 3; ++k) {
        double sum = 0;
        for (int j = 0; j < 2; ++j)
            for (int i = 0; i < 2; ++i) {
                const int xx = ((x0 + i) % int(eq.width) + int(eq.width)) % int(eq.width);
                const int yy = std::clamp(y0 + j, 0, int(eq.height) - 1);
                const double w = (i ? fx : 1 - fx) * (j ? fy : 1 - fy);
                sum += w * media::srgb_to_linear(eq.rgba[(size_t(yy) * eq.width + xx) * 4 + k]);
            }
        out[size_t(k)] = media::linear_to_srgb(float(sum));
    }
    return out;
}

// One face of a level put back together from its tiles.
media::Image assemble(const media::TilePyramid& p, int level, media::CubeFace face) {
    const media::TileLevel& l = p.levels[size_t(level)];
    media::Image img{uint32_t(l.face_size), uint32_t(l.face_size),
                     std::vector<uint8_t>(size_t(l.face_size) * l.face_size * 4)};
    for (int ty = 0; ty < l.tiles_per_side(); ++ty)
        for (int tx = 0; tx < l.tiles_per_side(); ++tx) {
            auto tile = media::decode_tile(p, {level, face, tx, ty});
            EXPECT_TRUE(tile) << tile.error();
            if (!tile) continue;
            EXPECT_EQ(tile->width, uint32_t(std::min(l.tile_size, l.face_size - tx * l.tile_size)));
            EXPECT_EQ(tile->height, uint32_t(std::min(l.tile_size, l.face_size - ty * l.tile_size)));
            for (uint32_t y = 0; y < tile->height; ++y)
                std::copy_n(&tile->rgba[size_t(y) * tile->width * 4], tile->width * 4,
                            &img.rgba[((size_t(ty) * l.tile_size + y) * l.face_size + size_t(tx) * l.tile_size) * 4]);
        }
    return img;
}

TEST_F(TileWriterTest, LevelsHalveDownToOneTilePerFace) {
    EXPECT_EQ(media::tile_face_size(2048), 656); // ceil(2048 / pi) = 652, to a multiple of 8
    const auto levels = media::tile_levels(656, 256);
    ASSERT_EQ(levels.size(), 3u);
    EXPECT_EQ(levels[0].face_size, 164);
    EXPECT_EQ(levels[1].face_size, 328);
    EXPECT_EQ(levels[2].face_size, 656);
    EXPECT_EQ(media::tile_levels(512, 512).size(), 1u);
}

TEST_F(TileWriterTest, FinestFacesMatchADirectCubeResampling) {
    media::TileWriterOptions o;
    o.tile_size = 256;
    o.quality = 95;
    o.preview_width = 256;
    auto result = media::write_tile_pyramid({k_data / "grid_2048x1024.jpg"}, dir, o);
    ASSERT_TRUE(result) << result.error();
    EXPECT_EQ(result->tiles, 6 * (1 + 4 + 9));
    auto p = media::read_vrex_pyramid(dir);
    ASSERT_TRUE(p) << p.error();
    ASSERT_EQ(p->levels.size(), 3u);
    ASSERT_TRUE(p->preview_equirect);
    auto preview = media::decode_image(*p->preview_equirect);
    ASSERT_TRUE(preview) << preview.error();
    EXPECT_EQ(preview->width, 256u);
    EXPECT_EQ(preview->height, 128u);
    size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) files += e.is_regular_file() ? 1 : 0;
    EXPECT_EQ(files, 84u + 2u) << "tiles, preview and manifest";

    auto eq = media::decode_image(k_data / "grid_2048x1024.jpg");
    ASSERT_TRUE(eq) << eq.error();
    double squared = 0;
    size_t count = 0;
    for (int f = 0; f < media::k_cube_faces; ++f) {
        const media::Image face = assemble(*p, 2, media::CubeFace(f));
        const int n = int(face.width);
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) {
                const auto ref = sample(*eq, face_dir(f, (x + 0.5) / n, (y + 0.5) / n));
                for (int k = 0; k < 3; ++k) {
                    const double d = double(face.rgba[(size_t(y) * n + x) * 4 + k]) - ref[size_t(k)];
                    squared += d * d;
                    ++count;
                }
            }
    }
    const double psnr = 10 * std::log10(255.0 * 255.0 / (squared / double(count)));
    std::printf("finest faces against a direct resampling: PSNR %.2f dB\n", psnr);
    EXPECT_GT(psnr, 35.0);
}

TEST_F(TileWriterTest, SixFacesAreTheFinestLevelAsTheyAre) {
    std::vector<fs::path> faces; // cube0..5: front, right, back, left, up, down
    for (int i = 0; i < 6; ++i) faces.push_back(k_data / "jordan-pond" / ("cube" + std::to_string(i) + ".jpg"));
    media::TileWriterOptions o;
    o.tile_size = 64;
    o.preview_width = 64;
    auto result = media::write_tile_pyramid(faces, dir, o);
    ASSERT_TRUE(result) << result.error();
    auto p = media::read_vrex_pyramid(dir);
    ASSERT_TRUE(p) << p.error();
    ASSERT_EQ(p->levels.size(), 3u); // 64, 128, 256
    EXPECT_EQ(p->finest_face_size(), 256);
    auto source = media::decode_image(faces[4]);
    ASSERT_TRUE(source);
    const media::Image up = assemble(*p, 2, media::CubeFace::up);
    double squared = 0;
    for (size_t i = 0; i < up.rgba.size(); ++i) squared += std::pow(double(up.rgba[i]) - source->rgba[i], 2);
    EXPECT_GT(10 * std::log10(255.0 * 255.0 / (squared / double(up.rgba.size()))), 35.0);
}

TEST_F(TileWriterTest, BadInputsAreErrorsNamingTheFile) {
    media::TileWriterOptions o;
    auto missing = media::write_tile_pyramid({dir / "none.jpg"}, dir / "out", o);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("none.jpg"), std::string::npos) << missing.error();
    auto not_2to1 = media::write_tile_pyramid({k_data / "jordan-pond" / "cube0.jpg"}, dir / "out", o);
    ASSERT_FALSE(not_2to1);
    EXPECT_NE(not_2to1.error().find("not a 2:1 equirect"), std::string::npos) << not_2to1.error();
    auto five = media::write_tile_pyramid(std::vector<fs::path>(5, k_data / "grid_512x256.jpg"), dir / "out", o);
    EXPECT_FALSE(five);
    o.quality = 0;
    EXPECT_FALSE(media::write_tile_pyramid({k_data / "grid_512x256.jpg"}, dir / "out", o));
    EXPECT_FALSE(fs::exists(dir / "out" / "tiles.json"));
}

} // namespace
