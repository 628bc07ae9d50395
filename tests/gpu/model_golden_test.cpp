// The mesh pipeline on lavapipe with validation on: lit textured meshes, alpha MASK and BLEND, normal maps, depth
// against markers. Each golden is also shown the scene without what it is about, and must reject that.
#include <glm/gtc/matrix_transform.hpp>

#include "model_fixture.hpp"

using namespace vrex;
using test::ModelTest;

namespace {

const glm::u8vec4 k_cream{235, 222, 196, 255}, k_teal{30, 96, 112, 255};

media::Material coloured(glm::vec4 colour, media::AlphaMode mode = media::AlphaMode::opaque) {
    media::Material m;
    m.base_colour = colour;
    m.alpha_mode = mode;
    return m;
}

render::RenderScene scene_of(std::vector<render::ModelInstance> models) {
    render::RenderScene scene;
    scene.models = std::move(models);
    return scene;
}

// Screen position of a view-space direction (x right, y up, z = -1 forward) in the default 320x240, 60-degree view.
glm::uvec2 screen(float x, float y, float depth) {
    const float focal = 160.0f / std::tan(glm::radians(30.0f));
    return {uint32_t(160.0f + focal * x / depth), uint32_t(120.0f - focal * y / depth)};
}

} // namespace

TEST_F(ModelTest, LitCheckerCube) {
    const render::GpuModel cube =
        renderer->load_model(test::cube_model(0.35f, test::checker(64, 8, k_cream, k_teal)), "checker cube");
    EXPECT_EQ(cube.texture_count(), 1u);
    const glm::mat4 at = test::placed({0, 0, -2}, 35, 25);
    const media::Image image = draw(scene_of({{&cube, at}}));
    EXPECT_TRUE(test::matches_golden(image, "model_cube"));
    EXPECT_TRUE(test::golden_rejects("model_cube", draw(scene_of({})), "without the cube"));
}

// A white surface facing the visitor is lit by key (0.85 x 0.537), fill (0.30 x 0.577) and ambient (0.20): 0.829 in
// linear light, whichever direction it stands in (the rig is aimed from the standpoint at the object).
TEST_F(ModelTest, LightingIsTheRigsWhereverTheObjectStands) {
    const render::GpuModel quad = renderer->load_model(test::quad_model(0.5f, 0.5f, coloured(glm::vec4(1))), "white");
    for (float yaw : {0.0f, 120.0f, -150.0f}) {
        const glm::mat4 dir = glm::rotate(glm::mat4(1.0f), glm::radians(-yaw), glm::vec3(0, 1, 0));
        const media::Image image =
            draw(scene_of({{&quad, dir * test::placed({0, 0, -2})}}), {double(yaw), 0, 60, 320, 240});
        EXPECT_NEAR(test::luminance(image, 160, 120), 0.829, 0.02) << "yaw " << yaw;
    }
}

TEST_F(ModelTest, AlphaMaskCutsHoles) {
    const render::GpuModel back =
        renderer->load_model(test::quad_model(0.9f, 0.7f, coloured({0.1f, 0.2f, 0.8f, 1.0f})), "blue");
    media::Material mask;
    mask.alpha_mode = media::AlphaMode::mask;
    const media::Image holes = test::holes(128, 4, {230, 120, 30, 255});
    const render::GpuModel masked = renderer->load_model(test::quad_model(0.6f, 0.6f, mask, holes), "masked");
    const render::GpuModel opaque =
        renderer->load_model(test::quad_model(0.6f, 0.6f, media::Material{}, holes), "unmasked");
    const render::ModelInstance behind{&back, test::placed({0, 0, -2.5f})};
    const glm::mat4 front = test::placed({0, 0, -2});
    const media::Image image = draw(scene_of({behind, {&masked, front}}));
    EXPECT_TRUE(test::matches_golden(image, "model_alpha_mask"));
    const glm::uvec2 hole = screen(-0.15f, 0.15f, 2), solid = screen(0, 0, 2);
    EXPECT_GT(test::pixel(image, hole.x, hole.y).b, test::pixel(image, hole.x, hole.y).r) << "blue through a hole";
    EXPECT_GT(test::pixel(image, solid.x, solid.y).r, test::pixel(image, solid.x, solid.y).b) << "orange around";
    EXPECT_TRUE(test::golden_rejects("model_alpha_mask", draw(scene_of({behind})), "without the masked quad"));
    EXPECT_TRUE(test::golden_rejects("model_alpha_mask", draw(scene_of({behind, {&opaque, front}})),
                                     "with the quad opaque (no holes)"));
}

TEST_F(ModelTest, BlendedQuadInFrontOfAnOpaqueOne) {
    const render::GpuModel blue =
        renderer->load_model(test::quad_model(0.5f, 0.5f, coloured({0.1f, 0.2f, 0.9f, 1.0f})), "blue");
    const render::GpuModel red = renderer->load_model(
        test::quad_model(0.3f, 0.3f, coloured({0.9f, 0.05f, 0.05f, 0.5f}, media::AlphaMode::blend)), "red");
    const render::ModelInstance opaque{&blue, test::placed({0, 0, -2.5f})};
    const render::ModelInstance blended{&red, test::placed({0.3f, 0, -2})};
    // The blended quad comes first in the list: opaque parts are drawn before blended ones regardless.
    const media::Image image = draw(scene_of({blended, opaque}));
    EXPECT_TRUE(test::matches_golden(image, "model_blend"));
    const glm::uvec2 both = screen(0.15f, 0, 2);
    EXPECT_GT(test::pixel(image, both.x, both.y).r, 80);
    EXPECT_GT(test::pixel(image, both.x, both.y).b, 80);
    EXPECT_TRUE(test::golden_rejects("model_blend", draw(scene_of({opaque})), "without the blended quad"));
}

// Two blended quads overlapping: whatever their order in the list, the nearer one is blended last.
TEST_F(ModelTest, BlendedPartsAreSortedBackToFront) {
    const auto blended = [&](glm::vec4 c) {
        return renderer->load_model(test::quad_model(0.3f, 0.3f, coloured(c, media::AlphaMode::blend)), "blended");
    };
    const render::GpuModel red = blended({1, 0, 0, 0.6f}), green = blended({0, 1, 0, 0.6f});
    const render::ModelInstance near{&red, test::placed({0, 0, -2})}, far{&green, test::placed({0.2f, 0, -3})};
    const media::Image a = draw(scene_of({near, far})), b = draw(scene_of({far, near}));
    EXPECT_TRUE(test::compare_images(a, b, test::k_exact).passed());
    const glm::uvec2 overlap = screen(0.05f, 0, 1);
    EXPECT_GT(test::pixel(a, overlap.x, overlap.y).r, test::pixel(a, overlap.x, overlap.y).g) << "red over green";
}

// Reversed-Z: the nearer surface wins whatever the draw order, near the camera and far from it.
TEST_F(ModelTest, NearerObjectWinsRegardlessOfDrawOrder) {
    const render::GpuModel red = renderer->load_model(test::quad_model(0.5f, 0.5f, coloured({1, 0, 0, 1})), "red");
    const render::GpuModel blue = renderer->load_model(test::quad_model(0.5f, 0.5f, coloured({0, 0, 1, 1})), "blue");
    for (float near : {0.3f, 1.5f, 40.0f}) {
        const float far = near * 1.02f;
        const glm::mat4 scale_near = glm::scale(test::placed({0, 0, -near}), glm::vec3(near));
        const glm::mat4 scale_far = glm::scale(test::placed({0, 0, -far}), glm::vec3(far));
        for (bool red_first : {true, false}) {
            const render::ModelInstance r{&red, scale_near}, b{&blue, scale_far};
            const media::Image image = draw(scene_of(red_first ? std::vector{r, b} : std::vector{b, r}));
            const glm::u8vec4 c = test::pixel(image, 160, 120);
            EXPECT_GT(c.r, 150) << "near " << near << (red_first ? " red first" : " blue first");
            EXPECT_LT(c.b, 30) << "near " << near << (red_first ? " red first" : " blue first");
        }
    }
}

// glTF's front faces are counter-clockwise: a single-sided quad seen from behind is culled, a double-sided one is
// drawn and lit from the side the visitor sees.
TEST_F(ModelTest, BackFacesCulledUnlessDoubleSided) {
    media::Material two = coloured(glm::vec4(1));
    two.double_sided = true;
    const render::GpuModel single = renderer->load_model(test::quad_model(0.5f, 0.5f, coloured(glm::vec4(1))), "1");
    const render::GpuModel both = renderer->load_model(test::quad_model(0.5f, 0.5f, two), "2");
    const glm::mat4 facing_away = test::placed({0, 0, -2}, 180);
    const glm::u8vec4 background = test::pixel(draw(scene_of({})), 160, 120);
    EXPECT_EQ(test::pixel(draw(scene_of({{&single, facing_away}})), 160, 120), background);
    EXPECT_NE(test::pixel(draw(scene_of({{&single, test::placed({0, 0, -2})}})), 160, 120), background);
    const media::Image back = draw(scene_of({{&both, facing_away}}));
    EXPECT_NEAR(test::luminance(back, 160, 120), 0.829, 0.02) << "lit as if it faced the visitor";
}

TEST_F(ModelTest, NormalMapShadesBumps) {
    const media::Image bumps = test::bumps(128, 4);
    const render::GpuModel mapped =
        renderer->load_model(test::quad_model(0.6f, 0.6f, coloured(glm::vec4(1)), std::nullopt, bumps), "bumpy");
    const render::GpuModel flat = renderer->load_model(test::quad_model(0.6f, 0.6f, coloured(glm::vec4(1))), "flat");
    const glm::mat4 at = test::placed({0, 0, -2});
    const media::Image image = draw(scene_of({{&mapped, at}}));
    EXPECT_TRUE(test::matches_golden(image, "model_normal_map"));
    // The key light is above-left: a bump's upper-left slope is brighter than its lower-right one.
    const glm::uvec2 upper_left = screen(-0.15f - 0.07f, 0.15f + 0.07f, 2), lower_right = screen(-0.08f, 0.08f, 2);
    EXPECT_GT(test::luminance(image, upper_left.x, upper_left.y), test::luminance(image, lower_right.x, lower_right.y));
    EXPECT_TRUE(test::golden_rejects("model_normal_map", draw(scene_of({{&flat, at}})), "without the normal map"));
}

// Depth against quads: a cube in front of a marker hides part of it; a quad that does not test depth (a panel) is
// drawn over the cube, readable.
TEST_F(ModelTest, CubeHidesPartOfAMarker) {
    const render::GpuModel cube =
        renderer->load_model(test::cube_model(0.15f, test::checker(64, 4, k_cream, k_teal)), "cube");
    auto scene_with = [&](bool with_cube, bool marker_tests_depth) {
        render::RenderScene scene;
        scene.panorama = &grid();
        if (with_cube) scene.models.push_back({&cube, test::placed({0.22f, 0.0f, -2.0f}, 20, 10)});
        render::Quad marker;
        marker.centre = {0, 0, -8};
        marker.right = {0.6f, 0, 0};
        marker.up = {0, 0.6f, 0};
        marker.tint = {1.0f, 0.8f, 0.1f, 1.0f};
        marker.depth_test = marker_tests_depth;
        render::Quad panel;
        panel.centre = {0.3f, -0.15f, -3};
        panel.right = {0.25f, 0, 0};
        panel.up = {0, 0.1f, 0};
        panel.tint = {0.2f, 0.9f, 0.3f, 1.0f};
        panel.depth_test = false;
        scene.quads = {panel, marker}; // the panel first: quads without depth test are drawn after the others
        return scene;
    };
    const media::Image image = draw(scene_with(true, true));
    EXPECT_TRUE(test::matches_golden(image, "model_hides_marker"));
    const glm::uvec2 marker_left = screen(-0.4f, 0, 8), marker_right = screen(0.2f, 0, 8);
    const glm::u8vec4 yellow = test::pixel(image, marker_left.x, marker_left.y);
    EXPECT_GT(yellow.r, 200);
    EXPECT_LT(yellow.b, 120);
    EXPECT_NE(test::pixel(image, marker_right.x, marker_right.y), yellow) << "the cube covers the marker's right part";
    const glm::uvec2 panel = screen(0.3f, -0.15f, 3); // the cube is between the panel and the visitor there
    EXPECT_GT(test::pixel(image, panel.x, panel.y).g, 200) << "the panel is drawn over the cube";
    EXPECT_LT(test::pixel(image, panel.x, panel.y).r, 160) << "the panel is drawn over the cube";
    EXPECT_TRUE(test::golden_rejects("model_hides_marker", draw(scene_with(false, true)), "without the cube"));
    EXPECT_TRUE(
        test::golden_rejects("model_hides_marker", draw(scene_with(true, false)), "with the marker not depth-tested"));
}
