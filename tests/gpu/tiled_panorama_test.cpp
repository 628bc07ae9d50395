// Tiled cube panoramas (render/tiled_panorama.hpp): pyramids cut here from a known cube render like that cube drawn
// whole, seams at tile and face edges are measured, a missing tile shows the coarser level, the cache keeps working
// under a tiny budget, and a view is drawn only once its tiles are in.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <thread>

#include "gpu/gpu_fixture.hpp"
#include "math/camera.hpp"
#include "media/jpeg_write.hpp"
#include "media/png_write.hpp"
#include "media/tile_writer.hpp"
#include "render/tile_select.hpp"
#include "sharpness.hpp"

namespace vrex::test {
namespace {
namespace fs = std::filesystem;
using media::CubeFace;
using media::TileKey;

using ColourFn = glm::vec3 (*)(glm::vec3); // sRGB 0..1 of a unit direction

// Smooth colours with a finer pattern over them (a period of about 25 texels at the finest level, 6 at the coarsest).
glm::vec3 detailed(glm::vec3 d) {
    const float fine = 0.18f * std::sin(60.0f * d.x) * std::sin(60.0f * d.y) * std::sin(60.0f * d.z + 0.5f);
    return glm::vec3(fine) + glm::vec3{0.5f + 0.3f * std::sin(6.0f * d.x + 1.0f) + 0.15f * std::sin(25.0f * d.y),
                                       0.5f + 0.3f * std::sin(5.0f * d.y - 2.0f * d.z) + 0.15f * std::cos(23.0f * d.x),
                                       0.5f + 0.3f * std::cos(4.0f * d.z + 3.0f * d.x) + 0.15f * std::sin(21.0f * d.z)};
}
glm::vec3 gradient(glm::vec3 d) {
    return glm::vec3(0.5f) + 0.4f * d;
}

// Face `f` of `size` pixels, each pixel the colour of its centre's direction.
media::Image make_face(CubeFace f, int size, ColourFn colour) {
    media::Image img{uint32_t(size), uint32_t(size), std::vector<uint8_t>(size_t(size) * size * 4)};
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const float a = 2.0f * (x + 0.5f) / size - 1.0f, b = 2.0f * (y + 0.5f) / size - 1.0f;
            const glm::vec3 c = glm::clamp(colour(glm::normalize(render::cube_point(f, a, b))), 0.0f, 1.0f);
            uint8_t* p = &img.rgba[(size_t(y) * size + x) * 4];
            p[0] = uint8_t(std::lround(c.r * 255)), p[1] = uint8_t(std::lround(c.g * 255));
            p[2] = uint8_t(std::lround(c.b * 255)), p[3] = 255;
        }
    return img;
}

// Half the size, 2x2 box (how a tiler makes coarser levels).
media::Image halve(const media::Image& img) {
    media::Image out{img.width / 2, img.height / 2, std::vector<uint8_t>(size_t(img.width / 2) * (img.height / 2) * 4)};
    for (uint32_t y = 0; y < out.height; ++y)
        for (uint32_t x = 0; x < out.width; ++x)
            for (int c = 0; c < 4; ++c) {
                auto at = [&](uint32_t xx, uint32_t yy) {
                    return int(img.rgba[(size_t(yy) * img.width + xx) * 4 + c]);
                };
                const int sum =
                    at(2 * x, 2 * y) + at(2 * x + 1, 2 * y) + at(2 * x, 2 * y + 1) + at(2 * x + 1, 2 * y + 1);
                out.rgba[(size_t(y) * out.width + x) * 4 + c] = uint8_t((sum + 2) / 4);
            }
    return out;
}

media::Image crop(const media::Image& img, uint32_t x0, uint32_t y0, uint32_t w, uint32_t h) {
    media::Image out{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
    for (uint32_t y = 0; y < h; ++y)
        std::copy_n(&img.rgba[((y0 + y) * img.width + x0) * 4], w * 4, &out.rgba[size_t(y) * w * 4]);
    return out;
}

fs::path tile_file(const fs::path& dir, const TileKey& k) {
    return dir / std::to_string(k.level) / std::string(1, "frblud"[int(k.face)]) /
           (std::to_string(k.y) + "_" + std::to_string(k.x) + ".png");
}

// A pyramid of `face_sizes` (coarsest first, each half the next) cut into `tile` pixel tiles: the finest level
// sampled from `colour`, the coarser ones halved from it.
media::TilePyramid cut_pyramid(const fs::path& dir, const std::vector<int>& face_sizes, int tile, ColourFn colour) {
    media::TilePyramid p;
    for (size_t l = 0; l < face_sizes.size(); ++l) {
        const media::TileLevel level{face_sizes[l], tile};
        p.levels.push_back(level);
        for (int f = 0; f < media::k_cube_faces; ++f) {
            media::Image face = make_face(CubeFace(f), face_sizes.back(), colour);
            while (int(face.width) > level.face_size) face = halve(face);
            for (int y = 0; y < level.tiles_per_side(); ++y)
                for (int x = 0; x < level.tiles_per_side(); ++x) {
                    const TileKey k{int(l), CubeFace(f), x, y};
                    const uint32_t x0 = x * tile, y0 = y * tile;
                    const uint32_t w = std::min<uint32_t>(tile, face.width - x0),
                                   h = std::min<uint32_t>(tile, face.height - y0);
                    fs::create_directories(tile_file(dir, k).parent_path());
                    EXPECT_TRUE(media::write_png(tile_file(dir, k), crop(face, x0, y0, w, h)).has_value());
                }
        }
    }
    p.tile_path = [dir](const TileKey& k) { return tile_file(dir, k); };
    p.description = "test pyramid";
    return p;
}

render::TiledOptions png_options() {
    render::TiledOptions o;
    o.decode = [](const media::TilePyramid& p, const TileKey& k) { return media::decode_image(p.tile_path(k)); };
    return o;
}

gpu::View make_view(const gpu::View& target_view, const ViewSpec& spec) {
    gpu::View v = target_view;
    v.world_from_view = math::orientation_from_yaw_pitch(spec.yaw, spec.pitch);
    v.projection = math::projection_from_fov(math::fov_from_hfov(spec.hfov, double(spec.width) / spec.height));
    return v;
}

class TiledTest : public GpuTest {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        dir =
            fs::path(VREX_BINARY_DIR) / "test-tiles" / ::testing::UnitTest::GetInstance()->current_test_info()->name();
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    // Draws `tiled` for `spec`; with `wait`, frames go on (updating, drawing nothing) until its tiles are in, as
    // `vrex shot` does. `frames` counts the frames it took.
    media::Image render_tiled(render::TiledPanorama& tiled, const ViewSpec& spec, bool wait = true,
                              int* frames = nullptr) {
        platform::OffscreenPresenter presenter(*ctx, {spec.width, spec.height});
        for (int i = 0;; ++i) {
            gpu::Frame& frame = presenter.begin_frame();
            gpu::View& view = frame.views[0];
            view = make_view(view, spec);
            tiled.update({&view, 1});
            const bool draw = !wait || tiled.complete() || i > 2000;
            if (draw) renderer->draw(frame.cmd, render::RenderScene{.tiled = &tiled}, view);
            presenter.end_frame(frame);
            if (draw) {
                if (frames) *frames = i + 1;
                platform::Pixels px = presenter.read_pixels(0);
                return media::Image{px.width, px.height, std::move(px.rgba)};
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    render::Panorama whole_cube(int face_size, ColourFn colour) {
        std::vector<media::Image> faces;
        for (int f = 0; f < media::k_cube_faces; ++f) faces.push_back(make_face(CubeFace(f), face_size, colour));
        return renderer->load_panorama_faces(faces);
    }
    fs::path dir;
};

const ViewSpec k_views[] = {
    {0, 0, 90, 512, 384},    {45, 35, 90, 512, 384},  {135, -50, 90, 512, 384},
    {-90, 80, 90, 512, 384}, {200, 10, 60, 512, 384},
};

TEST_F(TiledTest, PyramidRendersLikeTheWholeCube) {
    auto tiled = renderer->make_tiled(cut_pyramid(dir, {128, 256, 512}, 128, detailed), png_options());
    const render::Panorama cube = whole_cube(512, detailed);
    for (const ViewSpec& spec : k_views) {
        const media::Image got = render_tiled(*tiled, spec);
        const double db = psnr(got, render(cube, spec));
        std::cout << "[ tiles ] yaw " << spec.yaw << " pitch " << spec.pitch << ": " << db << " dB, "
                  << tiled->stats().wanted << " tiles wanted\n";
        EXPECT_GT(db, 40.0) << "yaw " << spec.yaw << " pitch " << spec.pitch;
        EXPECT_EQ(tiled->stats().missing, 0u);
        media::write_png(dir / ("tiled_" + std::to_string(int(spec.yaw)) + ".png"), got);
    }
    EXPECT_EQ(tiled->stats().failed, 0u);
}

// Pannellum's labelled multires test pattern (tests/data/tiles/pannellum-testpattern, read as Pannellum lays it out)
// against the same cube built whole from its tiles: the first three levels (faces of 256, 512, 1024) as the pyramid,
// the 1024 level's tiles stitched into six faces as the cube.
TEST_F(TiledTest, PannellumTestPatternRendersLikeItsCubeBuiltWhole) {
    media::ForeignTileSpec spec; // as tests/data/tiles/pannellum-testpattern/config.json says
    spec.layout = media::TileLayout::pannellum;
    spec.pattern = "%l/%s%x%y";
    spec.extension = "png";
    spec.tile_size = 256;
    spec.face_size = 2048;
    spec.level_count = 4;
    auto pyramid = media::foreign_pyramid(spec, source_path("tests/data/tiles/pannellum-testpattern"));
    ASSERT_TRUE(pyramid.has_value()) << pyramid.error();
    pyramid->levels.resize(3);
    const media::TileLevel finest = pyramid->levels.back();
    std::vector<media::Image> faces;
    for (int f = 0; f < media::k_cube_faces; ++f) {
        media::Image face{uint32_t(finest.face_size), uint32_t(finest.face_size),
                          std::vector<uint8_t>(size_t(finest.face_size) * finest.face_size * 4)};
        for (int y = 0; y < finest.tiles_per_side(); ++y)
            for (int x = 0; x < finest.tiles_per_side(); ++x) {
                auto tile = media::decode_tile(*pyramid, TileKey{2, CubeFace(f), x, y});
                ASSERT_TRUE(tile.has_value()) << tile.error();
                for (uint32_t row = 0; row < tile->height; ++row)
                    std::copy_n(
                        &tile->rgba[size_t(row) * tile->width * 4], tile->width * 4,
                        &face.rgba[((size_t(y) * finest.tile_size + row) * face.width + x * finest.tile_size) * 4]);
            }
        faces.push_back(std::move(face));
    }
    const render::Panorama cube = renderer->load_panorama_faces(faces);
    auto tiled = renderer->make_tiled(*pyramid);
    // Views where both sample the finest level (at a cube's corner its texels subtend a third of their angle at a
    // face's centre: the whole cube's trilinear filter blends in its next mip level there, which the high-contrast
    // pattern's edges show as 30 dB).
    for (const ViewSpec& view : {ViewSpec{0, 0, 50, 512, 384}, ViewSpec{45, 35, 20, 512, 384},
                                 ViewSpec{-90, -89, 40, 512, 384}, ViewSpec{180, 20, 30, 512, 384}}) {
        const media::Image got = render_tiled(*tiled, view), want = render(cube, view);
        const double db = psnr(got, want);
        std::cout << "[ tiles ] Pannellum test pattern, yaw " << view.yaw << " pitch " << view.pitch << ": " << db
                  << " dB\n";
        EXPECT_GT(db, 40.0) << "yaw " << view.yaw << " pitch " << view.pitch;
        media::write_png(dir / ("pannellum_" + std::to_string(int(view.yaw)) + ".png"), got);
        media::write_png(dir / ("pannellum_" + std::to_string(int(view.yaw)) + ".cube.png"), want);
    }
}

// A pyramid made by `vrex tile`'s writer (media::write_tile_pyramid, JPEG tiles, read back by read_vrex_pyramid and
// decoded by media::decode_tile) from the labelled grid, against the equirect itself drawn by the equirect path.
TEST_F(TiledTest, VrexTilePyramidRendersLikeTheEquirect) {
    const fs::path source = source_path("tests/data/grid_2048x1024.jpg");
    media::TileWriterOptions w;
    w.tile_size = 256;
    w.threads = 2;
    w.quality = 95;
    ASSERT_TRUE(media::write_tile_pyramid({source}, dir / "grid.tiles", w).has_value());
    auto pyramid = media::read_vrex_pyramid(dir / "grid.tiles");
    ASSERT_TRUE(pyramid.has_value()) << pyramid.error();
    auto tiled = renderer->make_tiled(*pyramid);
    auto equirect = media::decode_image(source);
    ASSERT_TRUE(equirect.has_value());
    const render::Panorama pano = renderer->load_panorama(*equirect);
    for (const ViewSpec& view :
         {ViewSpec{0, 0, 90, 512, 384}, ViewSpec{45, 35, 90, 512, 384}, ViewSpec{-120, -20, 70, 512, 384}}) {
        const media::Image got = render_tiled(*tiled, view), want = render(pano, view);
        const double db = psnr(got, want);
        std::cout << "[ tiles ] vrex tile pyramid of the 2048x1024 grid, yaw " << view.yaw << " pitch " << view.pitch
                  << ": " << db << " dB against the equirect\n";
        EXPECT_GT(db, 35.0) << "yaw " << view.yaw;
        media::write_png(dir / ("grid_" + std::to_string(int(view.yaw)) + ".png"), got);
    }
    EXPECT_EQ(tiled->stats().failed, 0u);
}

// Per pixel: its direction's face and face-pixel position at `level`, and whether it lies within `margin` texels
// of a tile edge or a face edge.
struct EdgeClass {
    bool tile_edge = false, face_edge = false;
};
EdgeClass classify(glm::vec3 d, const media::TileLevel& level, double margin) {
    const glm::vec3 a = glm::abs(d);
    double u, v; // 0..1 across the face
    if (a.z >= a.x && a.z >= a.y)
        u = 0.5 + 0.5 * d.x / a.z, v = 0.5 - 0.5 * d.y / a.z;
    else if (a.x >= a.y)
        u = 0.5 + 0.5 * d.z / a.x, v = 0.5 - 0.5 * d.y / a.x;
    else
        u = 0.5 + 0.5 * d.x / a.y, v = 0.5 + 0.5 * d.z / a.y;
    EdgeClass c;
    for (double t : {u, v}) {
        const double px = t * level.face_size;
        if (px < margin || px > level.face_size - margin) c.face_edge = true;
        const double in_tile = std::fmod(px, double(level.tile_size));
        if (in_tile < margin || in_tile > level.tile_size - margin) c.tile_edge = true;
    }
    return c;
}

// A smooth gradient over the sphere (colour linear in the direction) drawn from tiles against the whole cube: the
// largest difference next to tile edges and face edges, against the largest inside tiles. The finest level has
// narrow last tiles (320 = 128 + 128 + 64), whose slots hold other texels beyond them.
TEST_F(TiledTest, SeamsAtTileAndFaceEdgesAreMeasuredAndSmall) {
    auto tiled = renderer->make_tiled(cut_pyramid(dir, {80, 160, 320}, 128, gradient), png_options());
    const render::Panorama cube = whole_cube(320, gradient);
    int worst_inside = 0, worst_tile = 0, worst_face = 0;
    for (const ViewSpec& spec :
         {ViewSpec{20, 10, 90, 512, 384}, ViewSpec{45, 35, 90, 512, 384}, ViewSpec{-100, -60, 90, 512, 384}}) {
        const media::Image got = render_tiled(*tiled, spec), want = render(cube, spec);
        gpu::View view;
        view.target.extent = {spec.width, spec.height};
        view = make_view(view, spec);
        const glm::mat4 ray = render::ndc_to_world_ray(view);
        for (uint32_t y = 0; y < got.height; ++y)
            for (uint32_t x = 0; x < got.width; ++x) {
                const float nx = (x + 0.5f) / got.width * 2 - 1, ny = (y + 0.5f) / got.height * 2 - 1;
                const EdgeClass c = classify(glm::vec3(ray * glm::vec4(nx, ny, 1, 0)), tiled->pyramid().levels[2], 1.0);
                int diff = 0;
                for (int ch = 0; ch < 3; ++ch)
                    diff = std::max(diff, std::abs(got.rgba[(y * got.width + x) * 4 + ch] -
                                                   want.rgba[(y * got.width + x) * 4 + ch]));
                int& worst = c.face_edge ? worst_face : c.tile_edge ? worst_tile : worst_inside;
                worst = std::max(worst, diff);
            }
    }
    std::cout << "[ tiles ] seam: largest difference to the whole cube inside tiles " << worst_inside
              << ", within a texel of a tile edge " << worst_tile << ", of a face edge " << worst_face << " (of 255)\n";
    EXPECT_LE(worst_inside, 3);
    EXPECT_LE(worst_tile, worst_inside + 2);
    EXPECT_LE(worst_face, worst_inside + 2);
}

// A finest-level tile that fails to decode (its file hidden) is logged and covered by the coarser level: no hole,
// and the view still completes (a shot does not wait for it forever). The picture there is the coarse level's.
TEST_F(TiledTest, CoarserLevelCoversAMissingTile) {
    media::TilePyramid p = cut_pyramid(dir, {128, 256, 512}, 128, detailed);
    const TileKey hidden{2, CubeFace::front, 1, 1};
    fs::remove(tile_file(dir, hidden));
    auto tiled = renderer->make_tiled(p, png_options());
    const ViewSpec spec{0, 0, 90, 512, 384};
    const media::Image got = render_tiled(*tiled, spec);
    EXPECT_EQ(tiled->stats().failed, 1u);
    const media::Image want = render(whole_cube(512, detailed), spec);
    // The hidden tile is the front face's pixels 128..256 of 512: this view's pixels 128..256 across, 64..192 down.
    int worst = 0;
    for (size_t i = 0; i < got.rgba.size(); i += 4)
        for (int ch = 0; ch < 3; ++ch) worst = std::max(worst, std::abs(got.rgba[i + ch] - want.rgba[i + ch]));
    const media::Image region = crop(got, 136, 72, 112, 112), region_want = crop(want, 136, 72, 112, 112);
    const double region_db = psnr(region, region_want),
                 outside_db = psnr(crop(got, 300, 72, 112, 112), crop(want, 300, 72, 112, 112));
    std::cout << "[ tiles ] hidden tile: largest difference " << worst << ", PSNR there " << region_db
              << " dB (coarser level), beside it " << outside_db << " dB\n";
    EXPECT_LT(worst, 48) << "a hole (the background) differs by far more";
    EXPECT_LT(region_db, outside_db - 3) << "the coarse level is softer than the finest";
    EXPECT_GT(region_db, 25.0);
    media::write_png(dir / "hidden.png", got);
}

// The coarse level shows at once while finer tiles are still decoding: a decoder that holds every finer tile back
// until released; the first frame after the coarsest level is in has no hole, and releasing fills in the rest.
TEST_F(TiledTest, CoarseLevelShowsWhileFinerTilesDecode) {
    media::TilePyramid p = cut_pyramid(dir, {128, 256, 512}, 128, detailed);
    auto release = std::make_shared<std::atomic<bool>>(false);
    render::TiledOptions o = png_options();
    o.decode = [release](const media::TilePyramid& p, const TileKey& k) {
        while (k.level > 0 && !*release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return media::decode_image(p.tile_path(k));
    };
    auto tiled = renderer->make_tiled(p, o);
    const ViewSpec spec{30, 20, 90, 512, 384};
    platform::OffscreenPresenter presenter(*ctx, {spec.width, spec.height});
    media::Image first;
    for (int i = 0; i < 2000 && first.rgba.empty(); ++i) {
        gpu::Frame& frame = presenter.begin_frame();
        gpu::View& view = frame.views[0];
        view = make_view(view, spec);
        tiled->update({&view, 1});
        const bool base = tiled->base_resident();
        if (base) renderer->draw(frame.cmd, render::RenderScene{.tiled = tiled.get()}, view);
        presenter.end_frame(frame);
        if (base) {
            platform::Pixels px = presenter.read_pixels(0);
            first = media::Image{px.width, px.height, std::move(px.rgba)};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_FALSE(first.rgba.empty());
    EXPECT_FALSE(tiled->complete());
    // Drawn after the first frame: a frame that draws nothing would otherwise show its memory's last picture.
    const media::Image want = render(whole_cube(512, detailed), spec);
    const double coarse_db = psnr(first, want);
    *release = true;
    const double fine_db = psnr(render_tiled(*tiled, spec), want);
    std::cout << "[ tiles ] coarse level only " << coarse_db << " dB, then all tiles " << fine_db << " dB\n";
    EXPECT_GT(coarse_db, 22.0) << "no hole";
    EXPECT_GT(fine_db, coarse_db + 6);
    media::write_png(dir / "coarse_first.png", first);
}

// A cache of a few slots more than the coarsest level: turning all round evicts, and every view is still drawn
// from its finest tiles.
TEST_F(TiledTest, LeastRecentlyUsedEvictionUnderATinyBudget) {
    render::TiledOptions o = png_options();
    o.budget = 1; // the minimum: the coarsest level's 6 tiles and 16 more
    auto tiled = renderer->make_tiled(cut_pyramid(dir, {128, 256, 512}, 128, detailed), o);
    const render::Panorama cube = whole_cube(512, detailed);
    EXPECT_EQ(tiled->stats().slots, 22u);
    double worst = 1e9;
    for (double yaw = 0; yaw < 360; yaw += 60) {
        const ViewSpec spec{yaw, 0, 60, 320, 240};
        worst = std::min(worst, psnr(render_tiled(*tiled, spec), render(cube, spec)));
        EXPECT_EQ(tiled->stats().missing, 0u) << yaw;
    }
    std::cout << "[ tiles ] tiny budget: " << tiled->stats().evictions << " evictions, worst " << worst << " dB\n";
    EXPECT_GT(tiled->stats().evictions, 10u);
    EXPECT_GT(worst, 40.0);
}

// Two eyes ask for the union of their tiles; each eye is drawn from its own.
TEST_F(TiledTest, WantedTilesFollowTheView) {
    media::TilePyramid p;
    p.levels = {{128, 128}, {256, 128}, {512, 128}, {1024, 128}};
    gpu::View v;
    v.target.extent = {512, 384};
    v = make_view(v, {0, 0, 90, 512, 384});
    const std::vector<TileKey> front = render::wanted_tiles(p.levels, render::view_rate(v));
    ASSERT_FALSE(front.empty());
    EXPECT_EQ(front[0].face, CubeFace::front) << "nearest the centre first";
    for (const TileKey& k : front) EXPECT_EQ(k.level, 2) << "512 texels a face for 256 pixels a radian";
    EXPECT_TRUE(std::none_of(front.begin(), front.end(), [](const TileKey& k) { return k.face == CubeFace::back; }));
    v = make_view(v, {0, 0, 90, 128, 96});
    v.target.extent = {128, 96};
    for (const TileKey& k : render::wanted_tiles(p.levels, render::view_rate(v))) EXPECT_EQ(k.level, 0);
}

// The size: an 8192x4096 photo (a 2048x1024 one four by four, real detail at each texel), tiled by vrex tile's
// writer at quality 95, renders like the panorama itself: > 35 dB from an independent reference (tests/support/
// sharpness.hpp: the mean of 4x4 bilinear samples of the source a pixel), and away from the poles from the equirect
// drawn whole. Near a pole a row of the equirect holds several texels a pixel and the equirect path's one level a
// view aliases there (measured 28-34 dB from the reference, the tiles 37-38), so it is no yardstick there.
TEST_F(TiledTest, VrexTilePyramidOf8kRendersLikeThePanorama) {
    auto part = media::decode_image(source_path("tests/data/sharpness/jordan-pond.jpg"));
    ASSERT_TRUE(part.has_value());
    const uint32_t w = part->width * 4, h = part->height * 4;
    std::vector<uint8_t> rgb(size_t(w) * h * 3);
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x)
            std::copy_n(&part->rgba[((size_t(y % part->height) * part->width) + x % part->width) * 4], 3,
                        &rgb[(size_t(y) * w + x) * 3]);
    ASSERT_TRUE(media::write_jpeg(dir / "big.jpg", rgb, w, h, 95).has_value());
    media::TileWriterOptions o;
    o.tile_size = 512;
    o.threads = 2;
    o.quality = 95;
    ASSERT_TRUE(media::write_tile_pyramid({dir / "big.jpg"}, dir / "big.tiles", o).has_value());
    auto pyramid = media::read_vrex_pyramid(dir / "big.tiles");
    ASSERT_TRUE(pyramid.has_value()) << pyramid.error();
    auto tiled = renderer->make_tiled(*pyramid);
    auto equirect = media::decode_image(dir / "big.jpg");
    ASSERT_TRUE(equirect.has_value());
    const render::Panorama pano = renderer->load_panorama(*equirect);
    const LinearEquirect linear(*equirect);
    for (const ViewSpec& view :
         {ViewSpec{0, 0, 40, 512, 384}, ViewSpec{45, 30, 40, 512, 384}, ViewSpec{-120, -20, 40, 512, 384},
          ViewSpec{0, 70, 40, 512, 384}, ViewSpec{90, -75, 40, 512, 384}}) {
        const media::Image got = render_tiled(*tiled, view), whole = render(pano, view);
        const media::Image ref =
            reference_view(linear, PinholeView{view.yaw, view.pitch, view.hfov, view.width, view.height}, 4);
        const double db = psnr(got, whole), tiled_ref = psnr(got, ref), whole_ref = psnr(whole, ref);
        std::cout << "[ tiles ] vrex tile pyramid of an 8192x4096 photo, yaw " << view.yaw << " pitch " << view.pitch
                  << ": " << db << " dB against the equirect; against the reference: tiles " << tiled_ref
                  << ", equirect " << whole_ref << "\n";
        EXPECT_GT(tiled_ref, 35.0) << "yaw " << view.yaw << " pitch " << view.pitch;
        if (std::abs(view.pitch) < 45) EXPECT_GT(db, 35.0) << "yaw " << view.yaw << " pitch " << view.pitch;
        media::write_png(dir / ("big_" + std::to_string(int(view.yaw)) + ".png"), got);
        media::write_png(dir / ("big_" + std::to_string(int(view.yaw)) + ".whole.png"), whole);
    }
    EXPECT_EQ(tiled->stats().failed, 0u);
}

} // namespace
} // namespace vrex::test
