// Goldens of real models read by media::load_model (tests/data/models, licences in assets/ATTRIBUTION.md), drawn by
// the mesh pipeline on lavapipe with validation on. Each golden is also shown the scene without what it is about.
#include <algorithm>
#include <glm/gtc/matrix_transform.hpp>

#include "core/error.hpp"
#include "model_fixture.hpp"

using namespace vrex;
using test::ModelTest;

namespace {

constexpr test::ViewSpec k_view{0, 0, 60, 400, 300};

media::Model load(const std::string& relative) {
    auto model = media::load_model(test::source_path(relative));
    if (!model) throw core::Error(model.error());
    return std::move(*model);
}

// Scales the model so that its largest side is `size` metres and stands it, centred, at `at`, turned by yaw then
// pitch (degrees).
glm::mat4 fitted(const media::Bounds& b, float size, glm::vec3 at, float yaw, float pitch) {
    const glm::vec3 extent = b.max - b.min;
    const float scale = size / std::max({extent.x, extent.y, extent.z});
    glm::mat4 m = test::placed(at, yaw, pitch);
    m = glm::scale(m, glm::vec3(scale));
    return glm::translate(m, -(b.min + b.max) * 0.5f);
}

render::RenderScene one(const render::GpuModel* model, const glm::mat4& world_from_model,
                        const render::Panorama* panorama = nullptr) {
    render::RenderScene scene;
    scene.panorama = panorama;
    if (model) scene.models.push_back({model, world_from_model});
    return scene;
}

} // namespace

TEST_F(ModelTest, GoldenDuckInThePanorama) {
    media::Model duck = load("tests/data/models/duck/Duck.gltf");
    const render::GpuModel gpu = renderer->load_model(duck, "duck");
    EXPECT_EQ(gpu.texture_count(), 1u);
    const glm::mat4 at = fitted(duck.bounds, 0.8f, {0, -0.1f, -2}, -40, 0);
    EXPECT_TRUE(test::matches_golden(draw(one(&gpu, at, &grid()), k_view), "model_duck"));
    EXPECT_TRUE(test::golden_rejects("model_duck", draw(one(nullptr, at, &grid()), k_view), "without the duck"));
    for (media::Material& m : duck.materials) m.base_colour_texture = -1;
    const render::GpuModel untextured = renderer->load_model(duck, "white duck");
    EXPECT_TRUE(
        test::golden_rejects("model_duck", draw(one(&untextured, at, &grid()), k_view), "with the duck untextured"));
}

TEST_F(ModelTest, GoldenMilkTruck) {
    media::Model truck = load("tests/data/models/cesium-milk-truck/CesiumMilkTruck.gltf");
    ASSERT_EQ(truck.meshes.size(), 4u);
    const render::GpuModel gpu = renderer->load_model(truck, "milk truck");
    const glm::mat4 at = fitted(truck.bounds, 1.2f, {0, 0, -2}, 35, 15);
    EXPECT_TRUE(test::matches_golden(draw(one(&gpu, at), k_view), "model_milk_truck"));
    EXPECT_TRUE(test::golden_rejects("model_milk_truck", draw(one(nullptr, at), k_view), "without the truck"));
    // One of its several textured meshes gone: the wheels.
    std::erase_if(truck.meshes, [&](const media::Mesh& m) { return truck.materials[m.material].name == "wheels"; });
    ASSERT_EQ(truck.meshes.size(), 3u);
    const render::GpuModel no_wheels = renderer->load_model(truck, "milk truck without wheels");
    EXPECT_TRUE(test::golden_rejects("model_milk_truck", draw(one(&no_wheels, at), k_view), "without its wheels"));
}

TEST_F(ModelTest, GoldenSpiderObjWithMtl) {
    media::Model spider = load("tests/data/models/spider-obj/spider.obj");
    const render::GpuModel gpu = renderer->load_model(spider, "spider");
    EXPECT_EQ(gpu.texture_count(), spider.textures.size());
    const glm::mat4 at = fitted(spider.bounds, 1.0f, {0, 0, -2}, 20, 25);
    EXPECT_TRUE(test::matches_golden(draw(one(&gpu, at), k_view), "model_spider"));
    EXPECT_TRUE(test::golden_rejects("model_spider", draw(one(nullptr, at), k_view), "without the spider"));
    for (media::Material& m : spider.materials) m.base_colour_texture = -1;
    const render::GpuModel untextured = renderer->load_model(spider, "untextured spider");
    EXPECT_TRUE(test::golden_rejects("model_spider", draw(one(&untextured, at), k_view), "with its MTL textures gone"));
}
