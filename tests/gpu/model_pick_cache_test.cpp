// scene::model_hit_test with a real ModelCache (the glTF duck, loaded on a worker): while the model loads its bounding
// sphere counts; once loaded only the duck itself does, and the Viewer's hover follows.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include "gpu_fixture.hpp"
#include "math/angles.hpp"
#include "scene/model_cache.hpp"
#include "tour/load.hpp"
#include "viewer/viewer.hpp"

namespace vrex {
namespace {

namespace fs = std::filesystem;

class ModelPickCache : public test::GpuTest {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        dir = fs::temp_directory_path() / ("vrex-model-pick-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        fs::copy(fs::path(VREX_SOURCE_DIR) / "tests/data/models/duck", dir / "duck");
        fs::copy_file(fs::path(VREX_SOURCE_DIR) / "tests/data/grid_512x256.jpg", dir / "pano.jpg");
        std::ofstream(dir / "tour.yaml") << R"(tour: {title: Duck}
scenes:
  - id: s
    panorama: pano.jpg
    hotspots:
      - {id: duck, kind: model, at: {yaw: 0, pitch: 0}, exhibit: duck}
exhibits:
  - id: duck
    title: Duck
    model: {file: duck/Duck.gltf, turntable: false}
)";
        tour::LoadResult loaded = tour::load_tour(dir / "tour.yaml");
        ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].message);
        tour = std::move(*loaded.tour);
    }
    void TearDown() override {
        fs::remove_all(dir);
        GpuTest::TearDown();
    }

    // Rays from the origin on a grid of directions within the model's bounding sphere: how many meet the model.
    static int hits(const viewer::Viewer& v, int& rays) {
        int n = 0;
        rays = 0;
        for (double yaw = -12; yaw <= 12; yaw += 2)
            for (double pitch = -12; pitch <= 12; pitch += 2) {
                if (yaw * yaw + pitch * pitch > 13.5 * 13.5) continue; // the sphere is 15° across, by half
                ++rays;
                n += v.model_hit({glm::dvec3(0.0), math::direction_from_yaw_pitch(yaw, pitch)}).has_value();
            }
        return n;
    }

    fs::path dir;
    tour::Tour tour;
};

TEST_F(ModelPickCache, TheSphereWhileLoadingThenTheDuckItself) {
    std::vector<render::GpuModel> retired;
    scene::ModelCache models(*renderer, [&](render::GpuModel&& m) { retired.push_back(std::move(m)); });
    viewer::Viewer v(tour);
    v.set_model_hit_test(scene::model_hit_test(models));
    v.update(0.0, {});
    viewer::ViewerInput click;
    click.pointer = viewer::Ray{glm::dvec3(0.0), math::direction_from_yaw_pitch(0, 0)};
    click.select = true;
    v.update(0.1, click);
    ASSERT_TRUE(v.model());
    models.want(tour, scene::wanted_models(v));
    int rays = 0;
    EXPECT_EQ(hits(v, rays), rays); // loading: the whole sphere
    while (models.busy()) models.poll();
    ASSERT_TRUE(models.pick_mesh("duck"));
    EXPECT_GT(models.pick_mesh("duck")->triangle_count(), 4000u);
    const int loaded = hits(v, rays);
    std::cout << "rays within the sphere meeting the duck: " << loaded << " of " << rays << "\n";
    EXPECT_GT(loaded, rays / 5);      // the duck fills much of its sphere...
    EXPECT_LT(loaded, rays * 9 / 10); // ...but not the corners beside it
    // Straight at the sphere's centre: the duck's body, nearer than the centre (1.5 m).
    const std::optional<double> centre = v.model_hit({glm::dvec3(0.0), {0.0, 0.0, -1.0}});
    ASSERT_TRUE(centre);
    EXPECT_LT(*centre, 1.5);
    EXPECT_GT(*centre, 1.5 - v.model()->radius_m());
}

} // namespace
} // namespace vrex
