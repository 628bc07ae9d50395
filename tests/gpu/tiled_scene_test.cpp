// Tiled panoramas in a tour (`panorama: {tiles: ...}`) through scene::PanoramaCache: a scene's tiles are decoded only
// once the scene is wanted (entered) or preloaded, never for the other scenes of a large tour.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "gpu_fixture.hpp"
#include "media/tile_writer.hpp"
#include "scene/panorama_cache.hpp"
#include "tour/load.hpp"

namespace vrex::test {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int k_scenes = 34;

std::string scene_id(int i) {
    return "s" + std::to_string(i);
}

class TiledSceneTest : public GpuTest {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        // A folder per test: ctest runs the tests of this fixture side by side, each in its own process.
        dir = fs::path(VREX_BINARY_DIR) / "test-tiles" /
              (std::string("tiled-scenes-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
        media::TileWriterOptions w;
        w.tile_size = 128;
        w.threads = 2;
        ASSERT_TRUE(media::write_tile_pyramid({source_path("tests/data/grid_512x256.jpg")}, dir / "hall.tiles", w));
        std::ofstream yaml(dir / "tour.yaml");
        yaml << "tour: {title: Tiles}\nscenes:\n";
        for (int i = 0; i < k_scenes; ++i)
            yaml << "  - {id: " << scene_id(i)
                 << ", panorama: {tiles: hall.tiles}, hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: "
                 << scene_id((i + 1) % k_scenes) << "}]}\n";
        yaml.close();
        tour::LoadResult loaded = tour::load_tour(dir / "tour.yaml");
        ASSERT_TRUE(loaded.ok());
        tour = std::move(*loaded.tour);
    }
    void poll_until_ready(scene::PanoramaCache& cache, const std::string& id) {
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (!cache.ready(id) && std::chrono::steady_clock::now() < deadline) {
            cache.poll();
            std::this_thread::sleep_for(1ms);
        }
    }
    size_t tiled_scenes(const scene::PanoramaCache& cache) {
        size_t n = 0;
        for (int i = 0; i < k_scenes; ++i) n += cache.tiled(scene_id(i)) != nullptr;
        return n;
    }
    fs::path dir;
    tour::Tour tour;
};

TEST_F(TiledSceneTest, OnlyEnteredAndPreloadedScenesDecodeTiles) {
    scene::PanoramaCache cache(*renderer, [](render::Panorama&&) {});
    cache.want(tour, {"s0"});
    poll_until_ready(cache, "s0");
    ASSERT_TRUE(cache.ready("s0"));
    ASSERT_NE(cache.tiled("s0"), nullptr);
    EXPECT_TRUE(cache.tiled("s0")->base_resident()) << "ready once the coarsest level is in";
    EXPECT_EQ(cache.error("s0"), "");
    EXPECT_GT(cache.memory().gpu, 0u) << "its tile slots count against the budget";
    EXPECT_EQ(tiled_scenes(cache), 1u) << "no other scene of the tour made its tiles";
    for (int i = 1; i < k_scenes; ++i) EXPECT_FALSE(cache.holds(scene_id(i))) << scene_id(i);

    cache.want(tour, {"s0"}, {"s1"});
    poll_until_ready(cache, "s1");
    EXPECT_NE(cache.tiled("s1"), nullptr) << "preloaded";
    EXPECT_EQ(tiled_scenes(cache), 2u);
    for (int i = 2; i < k_scenes; ++i) EXPECT_FALSE(cache.holds(scene_id(i))) << scene_id(i);
    vkDeviceWaitIdle(ctx->device());
}

// A pyramid folder that is not there: the scene's error names it, nothing is drawn, nothing crashes.
TEST_F(TiledSceneTest, MissingPyramidIsAnErrorNamingIt) {
    fs::remove_all(dir / "hall.tiles");
    scene::PanoramaCache cache(*renderer, [](render::Panorama&&) {});
    cache.want(tour, {"s0"});
    poll_until_ready(cache, "s0");
    EXPECT_TRUE(cache.ready("s0"));
    EXPECT_EQ(cache.tiled("s0"), nullptr);
    EXPECT_NE(cache.error("s0").find("hall.tiles"), std::string::npos) << cache.error("s0");
}

} // namespace
} // namespace vrex::test
