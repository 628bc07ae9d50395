// scene::ModelCache with the real glTF duck on lavapipe when its files change while the tour runs (issue 13, item 4):
// opened again after its .bin went, the placeholder's error; put back, the model again; a texture removed while the
// model is open (reload_changed, vrex view --edit), the model without it. And no room on the device for its texture:
// the texture halved until it fits, the model drawn.
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "gpu_fixture.hpp"
#include "scene/model_cache.hpp"
#include "tour/load.hpp"

namespace vrex {
namespace {

namespace fs = std::filesystem;

class ModelCacheChange : public test::GpuTest {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        dir = fs::temp_directory_path() / ("vrex-model-change-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        fs::copy(test::source_path("tests/data/models/duck"), dir / "duck");
        fs::copy_file(test::source_path("tests/data/grid_512x256.jpg"), dir / "pano.jpg");
        std::ofstream(dir / "tour.yaml") << R"(tour: {title: Duck}
scenes:
  - id: s
    panorama: pano.jpg
    hotspots:
      - {id: duck, kind: model, at: {yaw: 0, pitch: 0}, exhibit: duck}
exhibits:
  - {id: duck, title: Duck, model: {file: duck/Duck.gltf}}
)";
        tour::LoadResult loaded = tour::load_tour(dir / "tour.yaml");
        ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].message);
        tour = std::move(*loaded.tour);
    }
    void TearDown() override {
        fs::remove_all(dir);
        GpuTest::TearDown();
    }

    // Opens the duck (after a want() without it, as a visitor who closed it) and waits for it.
    static void open(scene::ModelCache& models, const tour::Tour& tour) {
        models.want(tour, {});
        models.want(tour, {"duck"});
        while (models.busy()) models.poll();
    }

    fs::path dir;
    tour::Tour tour;
    std::vector<render::GpuModel> retired;
};

TEST_F(ModelCacheChange, ReopenedAfterItsBufferWentThePlaceholderThenTheModelAgain) {
    scene::ModelCache models(*renderer, [&](render::GpuModel&& m) { retired.push_back(std::move(m)); });
    open(models, tour);
    ASSERT_TRUE(models.model("duck"));
    EXPECT_EQ(models.model("duck")->texture_count(), 1u);

    fs::rename(dir / "duck/Duck0.bin", dir / "away.bin");
    open(models, tour);
    EXPECT_TRUE(models.ready("duck"));
    EXPECT_FALSE(models.model("duck")) << "the copy read before the .bin went is still shown";
    EXPECT_NE(models.error("duck"), "");

    fs::rename(dir / "away.bin", dir / "duck/Duck0.bin");
    open(models, tour);
    EXPECT_TRUE(models.model("duck")) << models.error("duck");
    EXPECT_EQ(models.error("duck"), "");
}

TEST_F(ModelCacheChange, NotReadAgainWhenNothingChanged) {
    scene::ModelCache models(*renderer, [&](render::GpuModel&& m) { retired.push_back(std::move(m)); });
    open(models, tour);
    const render::GpuModel* first = models.model("duck");
    ASSERT_TRUE(first);
    open(models, tour);
    EXPECT_EQ(models.model("duck"), first);
    EXPECT_TRUE(retired.empty());
    EXPECT_FALSE(models.reload_changed(tour));
}

TEST_F(ModelCacheChange, TextureRemovedWhileOpenReadAgainWithoutIt) {
    scene::ModelCache models(*renderer, [&](render::GpuModel&& m) { retired.push_back(std::move(m)); });
    open(models, tour);
    ASSERT_TRUE(models.model("duck"));
    fs::remove(dir / "duck/DuckCM.png");
    ASSERT_TRUE(models.reload_changed(tour));
    while (models.busy()) models.poll();
    ASSERT_TRUE(models.model("duck")) << models.error("duck");
    EXPECT_EQ(models.model("duck")->texture_count(), 0u); // the material keeps its colour
    EXPECT_EQ(retired.size(), 1u);
    EXPECT_FALSE(models.reload_changed(tour));
}

// The duck's 512x512 texture takes 1.4 MiB with its mips; images over 100000 bytes find no room: 128x128 fits.
TEST_F(ModelCacheChange, TextureWithoutRoomOnTheDeviceHalvedUntilItFits) {
    renderer.reset();
    ctx.reset();
    gpu::ContextOptions options;
    options.validation = true;
    options.faults = gpu::FaultPlan("out_of_memory@bytes:100000");
    ctx = std::make_unique<gpu::Context>(options);
    renderer = std::make_unique<render::Renderer>(*ctx);
    scene::ModelCache models(*renderer, [&](render::GpuModel&& m) { retired.push_back(std::move(m)); });
    open(models, tour);
    ASSERT_TRUE(models.model("duck")) << models.error("duck");
    EXPECT_EQ(models.model("duck")->texture_count(), 1u);
}

} // namespace
} // namespace vrex
