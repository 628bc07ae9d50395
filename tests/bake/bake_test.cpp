// The CPU parts of `vrex bake`: what the model loader gives it (lights, named nodes), the triangle BVH, the
// subdivision, the per-vertex light, and the cube-to-equirect resampling. The rendering itself is tested end to end
// by tests/cli/bake.sh.
#include <gtest/gtest.h>

#include <cmath>
#include <glm/geometric.hpp>

#include "bake/bvh.hpp"
#include "bake/cube_capture.hpp"
#include "bake/equirect.hpp"
#include "bake/light_bake.hpp"
#include "bake/subdivide.hpp"
#include "media/model.hpp"

using namespace vrex;

namespace {

void expect_vec3(const glm::vec3& a, const glm::vec3& b, float tol = 1e-4f) {
    EXPECT_NEAR(a.x, b.x, tol);
    EXPECT_NEAR(a.y, b.y, tol);
    EXPECT_NEAR(a.z, b.z, tol);
}

// An axis-aligned quad (two triangles) facing `normal`.
void add_quad(media::Mesh& mesh, glm::vec3 corner, glm::vec3 u, glm::vec3 v) {
    const glm::vec3 n = glm::normalize(glm::cross(u, v));
    const uint32_t base = uint32_t(mesh.vertices.size());
    for (glm::vec3 p : {corner, corner + u, corner + u + v, corner + v}) mesh.vertices.push_back({p, n});
    for (uint32_t i : {0u, 1u, 2u, 0u, 2u, 3u}) mesh.indices.push_back(base + i);
}

media::Model model_of(media::Mesh mesh) {
    media::Model model;
    model.materials.push_back({});
    model.meshes.push_back(std::move(mesh));
    return model;
}

// A 4 x 4 m floor at y = 0 (facing up) with a 1 m wall standing on it along x = 0 (facing +x).
media::Model floor_and_wall() {
    media::Mesh mesh;
    add_quad(mesh, {-2, 0, 2}, {4, 0, 0}, {0, 0, -4});
    add_quad(mesh, {0, 0, 2}, {0, 0, -4}, {0, 1, 0});
    return model_of(std::move(mesh));
}

// The light of the vertex nearest `p` whose normal is `n`.
glm::vec3 light_near(const media::Model& model, const std::vector<glm::vec4>& light, glm::vec3 p, glm::vec3 n) {
    size_t index = 0, best = SIZE_MAX;
    float best_d = INFINITY;
    for (const media::Mesh& mesh : model.meshes)
        for (const media::Vertex& v : mesh.vertices) {
            const float d = glm::distance(v.position, p);
            if (glm::dot(v.normal, n) > 0.99f && d < best_d) best_d = d, best = index;
            ++index;
        }
    EXPECT_NE(best, SIZE_MAX);
    return best == SIZE_MAX ? glm::vec3(0.0f) : glm::vec3(light[best]);
}

} // namespace

TEST(BakeModel, LightsAndNamedNodesInModelSpace) {
    auto model = media::load_model(std::filesystem::path(VREX_SOURCE_DIR) / "tests/data/bake/lights-and-hotspots.gltf");
    ASSERT_TRUE(model) << model.error();
    ASSERT_EQ(model->lights.size(), 3u);
    const media::ModelLight* lamp = nullptr;
    const media::ModelLight* spot = nullptr;
    const media::ModelLight* sun = nullptr;
    for (const media::ModelLight& l : model->lights) (l.name == "lamp" ? lamp : l.name == "spot" ? spot : sun) = &l;
    ASSERT_TRUE(lamp && spot && sun);
    EXPECT_EQ(lamp->kind, media::ModelLight::Kind::point);
    expect_vec3(lamp->position, {1, 2.5f, 0}); // the parent "room" moves it by 1 m along x
    EXPECT_GT(lamp->colour.r, lamp->colour.b); // glTF colour (1, 0.9, 0.8)
    EXPECT_EQ(spot->kind, media::ModelLight::Kind::spot);
    expect_vec3(spot->position, {2, 2.5f, 1});
    expect_vec3(spot->direction, {0, -1, 0}); // turned -90 degrees about x: shines down
    EXPECT_NEAR(spot->outer_cone, 0.6f, 1e-4f);
    EXPECT_EQ(sun->kind, media::ModelLight::Kind::directional);
    expect_vec3(sun->direction, glm::normalize(glm::vec3(0, -1, -1)));
    bool found = false;
    for (const media::ModelNode& node : model->nodes)
        if (node.name == "hotspot:to-reading-room") {
            found = true;
            expect_vec3(node.origin, {-1, 1.5f, -3});
        }
    EXPECT_TRUE(found);
}

TEST(BakeBvh, OccludesWithinTheSegmentOnly) {
    const bake::Bvh bvh(floor_and_wall());
    EXPECT_EQ(bvh.triangle_count(), 4u);
    EXPECT_TRUE(bvh.occluded({1, 0.5f, 0}, {-1, 0, 0}, 2.0f));   // the wall 1 m away
    EXPECT_FALSE(bvh.occluded({1, 0.5f, 0}, {-1, 0, 0}, 0.9f));  // stops short of it
    EXPECT_FALSE(bvh.occluded({1, 1.5f, 0}, {-1, 0, 0}, 10.0f)); // above it
    EXPECT_FALSE(bvh.occluded({1, 0.5f, 0}, {1, 0, 0}, 10.0f));  // away from it
    EXPECT_TRUE(bvh.occluded({1, 0.5f, 0}, {0, -1, 0}, 1.0f));   // the floor
}

TEST(BakeSubdivide, SplitsLongTrianglesIntoAGridOfTheSameArea) {
    media::Model model = floor_and_wall();
    bake::subdivide(model, 0.5f, 1'000'000);
    // The floor's diagonal is 5.66 m: 12 x 12 splits of each of its triangles; the wall's 4.12 m: 9 x 9.
    EXPECT_EQ(model.triangle_count, uint64_t(2 * 144 + 2 * 81));
    float area = 0;
    const media::Mesh& mesh = model.meshes.at(0);
    for (size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
        const glm::vec3 a = mesh.vertices[mesh.indices[i]].position, b = mesh.vertices[mesh.indices[i + 1]].position,
                        c = mesh.vertices[mesh.indices[i + 2]].position;
        const glm::vec3 n = glm::cross(b - a, c - a);
        area += 0.5f * glm::length(n);
        EXPECT_GT(glm::dot(n, mesh.vertices[mesh.indices[i]].normal), 0.0f) << "a triangle turned round";
    }
    EXPECT_NEAR(area, 16.0f + 4.0f, 1e-3f);
    // A cap on the triangles coarsens the split instead of exceeding it.
    media::Model capped = floor_and_wall();
    bake::subdivide(capped, 0.01f, 1000);
    EXPECT_LE(capped.triangle_count, 1000u);
    EXPECT_GT(capped.triangle_count, 100u);
}

TEST(BakeLight, OcclusionDarkensTheFloorNearTheWall) {
    media::Model model = floor_and_wall();
    bake::subdivide(model, 0.1f, 1'000'000);
    const std::vector<glm::vec4> light = bake::bake_vertex_light(model);
    const glm::vec3 up(0, 1, 0);
    const glm::vec3 open = light_near(model, light, {1.9f, 0, 0}, up);
    const glm::vec3 corner = light_near(model, light, {0.02f, 0, 0}, up);
    const glm::vec3 behind = light_near(model, light, {-1.0f, 0, 0}, up); // the wall's back is open too
    EXPECT_GT(open.g, 0.8f);
    EXPECT_LT(corner.g, open.g * 0.85f) << corner.g << " vs " << open.g;
    EXPECT_NEAR(behind.g, open.g, 0.15f);
}

TEST(BakeLight, NoLightLeaksThroughAJoin) {
    // A floor meeting a wall at its edge (x = 0): the vertices on the join lie in the other surface's plane, and must
    // still be the darkest, not lit by rays slipping through the join.
    media::Mesh mesh;
    add_quad(mesh, {0, 0, 2}, {4, 0, 0}, {0, 0, -4});
    add_quad(mesh, {0, 0, 2}, {0, 0, -4}, {0, 2, 0});
    media::Model model = model_of(std::move(mesh));
    bake::subdivide(model, 0.1f, 1'000'000);
    const std::vector<glm::vec4> light = bake::bake_vertex_light(model);
    const glm::vec3 floor_join = light_near(model, light, {0, 0, 0}, {0, 1, 0});
    const glm::vec3 floor_near = light_near(model, light, {0.3f, 0, 0}, {0, 1, 0});
    const glm::vec3 wall_join = light_near(model, light, {0, 0, 0}, {1, 0, 0});
    const glm::vec3 wall_near = light_near(model, light, {0, 0.3f, 0}, {1, 0, 0});
    EXPECT_LT(floor_join.g, floor_near.g) << floor_join.g << " vs " << floor_near.g;
    EXPECT_LT(wall_join.g, wall_near.g) << wall_join.g << " vs " << wall_near.g;
}

TEST(BakeLight, ModelLightsCastShadows) {
    media::Model model = floor_and_wall();
    bake::subdivide(model, 0.1f, 1'000'000);
    media::ModelLight lamp;
    // Beside the wall and lower than it: of two floor points as far from the lamp, the one behind the wall is in its
    // shadow.
    lamp.position = {0.2f, 0.8f, 0};
    lamp.colour = glm::vec3(10.0f);
    model.lights.push_back(lamp);
    const std::vector<glm::vec4> light = bake::bake_vertex_light(model);
    const glm::vec3 up(0, 1, 0);
    const glm::vec3 lit = light_near(model, light, {0.6f, 0, 0}, up);
    const glm::vec3 shadowed = light_near(model, light, {-0.2f, 0, 0}, up);
    EXPECT_GT(lit.g, 2.0f * shadowed.g) << lit.g << " vs " << shadowed.g;
}

TEST(BakeEquirect, EachFaceLandsWhereItsDirectionIs) {
    // Six flat faces of distinct colours: the equirect shows each where DESIGN §2 puts its direction.
    bake::CubeFaces faces;
    faces.inner = 8;
    faces.size = 10;
    const uint8_t colours[6][3] = {{200, 0, 0}, {0, 200, 0}, {0, 0, 200}, {200, 200, 0}, {0, 200, 200}, {200, 0, 200}};
    for (int f = 0; f < bake::k_face_count; ++f) {
        faces.world_from_face[size_t(f)] = bake::face_rotation(f);
        for (size_t i = 0; i < 100; ++i)
            faces.rgba[size_t(f)].insert(faces.rgba[size_t(f)].end(),
                                         {colours[f][0], colours[f][1], colours[f][2], 255});
    }
    std::vector<uint8_t> rgb;
    const uint32_t w = 64, h = 32;
    bake::faces_to_equirect(faces, w, h, 0.0, rgb);
    ASSERT_EQ(rgb.size(), size_t(w) * h * 3);
    auto colour_at = [&](double yaw, double pitch) {
        const uint32_t x = std::min(w - 1, uint32_t((yaw + 180) / 360 * w)),
                       y = std::min(h - 1, uint32_t((90 - pitch) / 180 * h));
        const uint8_t* p = &rgb[(size_t(y) * w + x) * 3];
        return std::array<int, 3>{p[0], p[1], p[2]};
    };
    auto expect_face = [&](double yaw, double pitch, int face) {
        const auto c = colour_at(yaw, pitch);
        EXPECT_EQ(c, (std::array<int, 3>{colours[face][0], colours[face][1], colours[face][2]}))
            << "yaw " << yaw << " pitch " << pitch;
    };
    expect_face(0, 0, 0);
    expect_face(90, 0, 1);
    expect_face(179, 0, 2);
    expect_face(-179, 0, 2);
    expect_face(-90, 0, 3);
    expect_face(30, 89, 4);
    expect_face(-120, -89, 5);
    // --yaw 90: the panorama's centre shows the model's yaw 90 (the right face).
    bake::faces_to_equirect(faces, w, h, 90.0, rgb);
    expect_face(0, 0, 1);
    expect_face(-90, 0, 0);
}
