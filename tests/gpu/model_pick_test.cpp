// Picking model exhibits by their triangles (scene/model_pick.hpp): known hits on a cube, the hierarchy against brute
// force on a triangle soup and on the glTF duck, and a model placed and turned as the scene draws it. CPU only.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include <glm/geometric.hpp>

#include "math/angles.hpp"
#include "media/model.hpp"
#include "scene/model_pick.hpp"

namespace vrex::scene {
namespace {

// Triangles as a one-mesh model; bounds from the vertices.
media::Model model_of(const std::vector<glm::vec3>& positions, const std::vector<uint32_t>& indices) {
    media::Model model;
    model.materials.emplace_back();
    media::Mesh mesh;
    for (const glm::vec3& p : positions) mesh.vertices.push_back({p});
    mesh.indices = indices;
    model.bounds = {positions.front(), positions.front()};
    for (const glm::vec3& p : positions) {
        model.bounds.min = glm::min(model.bounds.min, p);
        model.bounds.max = glm::max(model.bounds.max, p);
    }
    model.triangle_count = indices.size() / 3;
    model.meshes.push_back(std::move(mesh));
    return model;
}

// The cube [-1, 1]³, two triangles a face.
media::Model cube() {
    std::vector<glm::vec3> p;
    for (int i = 0; i < 8; ++i) p.emplace_back(i & 1 ? 1 : -1, i & 2 ? 1 : -1, i & 4 ? 1 : -1);
    const std::vector<uint32_t> faces = {0, 1, 3, 2, 4, 5, 7, 6, 0, 1, 5, 4, 2, 3, 7, 6, 0, 2, 6, 4, 1, 3, 7, 5};
    std::vector<uint32_t> indices;
    for (size_t f = 0; f < faces.size(); f += 4)
        for (uint32_t i : {0, 1, 2, 0, 2, 3}) indices.push_back(faces[f + i]);
    return model_of(p, indices);
}

// The nearest hit over every triangle, the same test as the hierarchy's leaves (Möller–Trumbore, both sides).
std::optional<double> brute_force(const media::Model& model, const glm::dvec3& origin, const glm::dvec3& dir) {
    std::optional<double> best;
    for (const media::Mesh& mesh : model.meshes)
        for (size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
            const media::Model one =
                model_of({mesh.vertices[mesh.indices[i]].position, mesh.vertices[mesh.indices[i + 1]].position,
                          mesh.vertices[mesh.indices[i + 2]].position},
                         {0, 1, 2});
            const PickMesh single(one);
            if (const std::optional<double> t = single.intersect(origin, dir); t && (!best || *t < *best)) best = t;
        }
    return best;
}

TEST(ModelPick, KnownHitsOnACube) {
    const PickMesh mesh(cube());
    EXPECT_EQ(mesh.triangle_count(), 12u);
    EXPECT_NEAR(*mesh.intersect({0.2, 0.3, 5.0}, {0.0, 0.0, -1.0}), 4.0, 1e-6);
    EXPECT_NEAR(*mesh.intersect({-5.0, 0.5, -0.5}, {2.0, 0.0, 0.0}), 2.0, 1e-6); // t in units of the direction
    EXPECT_NEAR(*mesh.intersect({0.0, 0.0, 0.0}, {0.0, 1.0, 0.0}), 1.0, 1e-6);   // from inside: the far face
    EXPECT_FALSE(mesh.intersect({1.5, 0.0, 5.0}, {0.0, 0.0, -1.0}));             // beside it
    EXPECT_FALSE(mesh.intersect({0.0, 0.0, 5.0}, {0.0, 0.0, 1.0}));              // pointing away
    EXPECT_FALSE(PickMesh().intersect({0.0, 0.0, 5.0}, {0.0, 0.0, -1.0}));       // no triangles
}

TEST(ModelPick, TheHierarchyFindsWhatBruteForceFinds) {
    std::mt19937 random(7);
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    std::vector<glm::vec3> p;
    std::vector<uint32_t> indices;
    for (uint32_t i = 0; i < 3000; ++i) { // small triangles scattered through the cube
        const glm::vec3 c(unit(random), unit(random), unit(random));
        for (int k = 0; k < 3; ++k) p.push_back(c + 0.08f * glm::vec3(unit(random), unit(random), unit(random)));
        indices.insert(indices.end(), {3 * i, 3 * i + 1, 3 * i + 2});
    }
    const media::Model soup = model_of(p, indices);
    const PickMesh mesh(soup);
    int hits = 0;
    for (int i = 0; i < 300; ++i) {
        const glm::dvec3 origin = 3.0 * glm::normalize(glm::dvec3(unit(random), unit(random), unit(random)));
        const glm::dvec3 target(0.8 * unit(random), 0.8 * unit(random), 0.8 * unit(random));
        const glm::dvec3 dir = target - origin;
        const std::optional<double> expected = brute_force(soup, origin, dir);
        const std::optional<double> got = mesh.intersect(origin, dir);
        ASSERT_EQ(got.has_value(), expected.has_value()) << "ray " << i;
        if (expected) EXPECT_NEAR(*got, *expected, 1e-6) << "ray " << i;
        hits += expected.has_value();
    }
    EXPECT_GT(hits, 100); // the rays test something
    EXPECT_LT(hits, 300);
}

TEST(ModelPick, TheDuckAgreesWithBruteForce) {
    const auto duck = media::load_model(std::string(VREX_SOURCE_DIR) + "/tests/data/models/duck/Duck.gltf");
    ASSERT_TRUE(duck) << duck.error();
    const PickMesh mesh(*duck);
    EXPECT_EQ(mesh.triangle_count(), duck->triangle_count);
    const BoundingSphere sphere = bounding_sphere(duck->bounds);
    std::mt19937 random(11);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    int hits = 0;
    for (int i = 0; i < 100; ++i) {
        const glm::dvec3 origin =
            sphere.centre + 3.0 * sphere.radius * glm::normalize(glm::dvec3(unit(random), unit(random), unit(random)));
        const glm::dvec3 dir =
            sphere.centre + 0.6 * sphere.radius * glm::dvec3(unit(random), unit(random), unit(random)) - origin;
        const std::optional<double> expected = brute_force(*duck, origin, dir);
        const std::optional<double> got = mesh.intersect(origin, dir);
        ASSERT_EQ(got.has_value(), expected.has_value()) << "ray " << i;
        if (expected) EXPECT_NEAR(*got, *expected, 1e-5) << "ray " << i;
        hits += expected.has_value();
    }
    EXPECT_GT(hits, 20);
    EXPECT_LT(hits, 100); // some rays pass through the sphere beside the duck
}

// The cube exhibited straight ahead at 1.5 m, 30° across: its bounding sphere (radius √3 as authored) is drawn
// 1.5 · sin 15° = 0.388 m across, so the cube's half-width becomes 0.388 / √3 = 0.224 m.
TEST(ModelPick, AModelPlacedAsTheSceneDrawsIt) {
    const PickMesh mesh(cube());
    viewer::ModelState m;
    m.direction = {0.0, 0.0, -1.0};
    m.distance_m = 1.5;
    m.size_deg = 30;
    const double half = m.radius_m() / std::sqrt(3.0);
    const viewer::Ray ahead{{0.0, 0.0, 0.0}, {0.0, 0.0, -1.0}};
    EXPECT_NEAR(*pick_model(mesh, m, ahead), 1.5 - half, 1e-6);
    // 11° off: inside the sphere (15°) but beside the cube (its front corner: atan(0.224 / 1.276) = 9.96°).
    const viewer::Ray beside{{0.0, 0.0, 0.0}, math::direction_from_yaw_pitch(11, 0)};
    EXPECT_TRUE(viewer::intersect_sphere(m.centre(), m.radius_m(), beside));
    EXPECT_FALSE(pick_model(mesh, m, beside));
    // Turned 45°, an edge faces the visitor and the side edges reach √2 times as far out (atan(0.317 / 1.5) =
    // 11.9°): 11° now meets it.
    m.turn_deg = 45;
    ASSERT_TRUE(pick_model(mesh, m, beside));
    EXPECT_NEAR(*pick_model(mesh, m, ahead), 1.5 - half * std::sqrt(2.0), 1e-6);
}

} // namespace
} // namespace vrex::scene
