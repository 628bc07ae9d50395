// DESIGN.md §2 conventions with known values.
#include <gtest/gtest.h>

#include <glm/geometric.hpp>

#include "math/angles.hpp"
#include "math/camera.hpp"

using namespace vrex::math;

namespace {
void expect_vec(const glm::dvec3& a, const glm::dvec3& b, double eps = 1e-9) {
    EXPECT_NEAR(a.x, b.x, eps);
    EXPECT_NEAR(a.y, b.y, eps);
    EXPECT_NEAR(a.z, b.z, eps);
}
} // namespace

TEST(Angles, DirectionFromYawPitchKnownValues) {
    expect_vec(direction_from_yaw_pitch(0, 0), {0, 0, -1});
    expect_vec(direction_from_yaw_pitch(90, 0), {1, 0, 0}); // positive yaw turns right (east)
    expect_vec(direction_from_yaw_pitch(-90, 0), {-1, 0, 0});
    expect_vec(direction_from_yaw_pitch(180, 0), {0, 0, 1});
    expect_vec(direction_from_yaw_pitch(0, 90), {0, 1, 0}); // positive pitch looks up
    expect_vec(direction_from_yaw_pitch(0, -90), {0, -1, 0});
    const double s = std::sqrt(0.5);
    expect_vec(direction_from_yaw_pitch(45, 0), {s, 0, -s});
    expect_vec(direction_from_yaw_pitch(0, 45), {0, s, -s});
}

TEST(Angles, YawPitchRoundTrip) {
    for (double yaw = -179; yaw <= 180; yaw += 17)
        for (double pitch = -85; pitch <= 85; pitch += 17) {
            const YawPitch yp = yaw_pitch_from_direction(direction_from_yaw_pitch(yaw, pitch));
            EXPECT_NEAR(yp.yaw, yaw, 1e-9);
            EXPECT_NEAR(yp.pitch, pitch, 1e-9);
        }
    EXPECT_NEAR(yaw_pitch_from_direction({0, 1, 0}).pitch, 90, 1e-12);
    EXPECT_NEAR(yaw_pitch_from_direction({0, 0, 1}).yaw, 180, 1e-12); // (-180, 180]
}

TEST(Angles, WrapDegrees) {
    EXPECT_DOUBLE_EQ(wrap_degrees(0), 0);
    EXPECT_DOUBLE_EQ(wrap_degrees(190), -170);
    EXPECT_DOUBLE_EQ(wrap_degrees(-180), 180);
    EXPECT_DOUBLE_EQ(wrap_degrees(540), 180);
    EXPECT_DOUBLE_EQ(wrap_degrees(-725), -5);
}

TEST(Angles, EquirectUvKnownValues) {
    EXPECT_EQ(equirect_uv_from_yaw_pitch(0, 0), glm::dvec2(0.5, 0.5)); // centre of the image
    EXPECT_EQ(equirect_uv_from_yaw_pitch(90, 0), glm::dvec2(0.75, 0.5));
    EXPECT_EQ(equirect_uv_from_yaw_pitch(-90, 45), glm::dvec2(0.25, 0.25)); // up is towards v = 0
    EXPECT_EQ(equirect_uv_from_yaw_pitch(180, -90), glm::dvec2(1.0, 1.0));
    const glm::dvec2 uv = equirect_uv_from_direction({1, 0, 0});
    EXPECT_NEAR(uv.x, 0.75, 1e-12);
    EXPECT_NEAR(uv.y, 0.5, 1e-12);
    expect_vec(direction_from_equirect_uv({0.25, 0.5}), {-1, 0, 0});
    expect_vec(direction_from_equirect_uv({0.5, 0.0}), {0, 1, 0});
}

TEST(Angles, CubeFacesFollowTheVulkanTable) {
    // Face centres.
    EXPECT_EQ(cube_coord_from_direction({1, 0, 0}).face, CubeFace::PosX);
    EXPECT_EQ(cube_coord_from_direction({-1, 0, 0}).face, CubeFace::NegX);
    EXPECT_EQ(cube_coord_from_direction({0, 1, 0}).face, CubeFace::PosY);
    EXPECT_EQ(cube_coord_from_direction({0, -1, 0}).face, CubeFace::NegY);
    EXPECT_EQ(cube_coord_from_direction({0, 0, 1}).face, CubeFace::PosZ);
    EXPECT_EQ(cube_coord_from_direction({0, 0, -1}).face, CubeFace::NegZ);
    EXPECT_EQ(cube_coord_from_direction({0, 0, -1}).st, glm::dvec2(0.5, 0.5));
    // -Z (straight ahead): s grows to the right (+X -> sc = -rx... for -Z, sc = -rx), t grows downwards.
    const CubeCoord right = cube_coord_from_direction({0.5, 0, -1});
    EXPECT_EQ(right.face, CubeFace::NegZ);
    EXPECT_NEAR(right.st.x, 0.25, 1e-12); // spec: -Z face, sc = -rx
    const CubeCoord up = cube_coord_from_direction({0, 0.5, -1});
    EXPECT_NEAR(up.st.y, 0.25, 1e-12); // tc = -ry
    // +Y face: sc = rx, tc = rz.
    const CubeCoord top = cube_coord_from_direction({0.5, 1, -0.5});
    EXPECT_EQ(top.face, CubeFace::PosY);
    EXPECT_NEAR(top.st.x, 0.75, 1e-12);
    EXPECT_NEAR(top.st.y, 0.25, 1e-12);
}

TEST(Angles, CubeRoundTrip) {
    for (int f = 0; f < 6; ++f)
        for (double s = 0.05; s < 1; s += 0.1)
            for (double t = 0.05; t < 1; t += 0.1) {
                const CubeCoord c{CubeFace(f), {s, t}};
                const CubeCoord back = cube_coord_from_direction(direction_from_cube_coord(c));
                EXPECT_EQ(back.face, c.face);
                EXPECT_NEAR(back.st.x, s, 1e-12);
                EXPECT_NEAR(back.st.y, t, 1e-12);
            }
}

TEST(Camera, OrientationLooksAlongYawPitch) {
    for (double yaw : {-170.0, -45.0, 0.0, 30.0, 180.0})
        for (double pitch : {-80.0, 0.0, 20.0}) {
            const glm::vec3 forward = glm::vec3(orientation_from_yaw_pitch(yaw, pitch) * glm::vec4(0, 0, -1, 0));
            const glm::dvec3 expected = direction_from_yaw_pitch(yaw, pitch);
            expect_vec(glm::dvec3(forward), expected, 1e-5);
            // The camera's up stays in the vertical plane (no roll): right vector is horizontal.
            const glm::vec3 right = glm::vec3(orientation_from_yaw_pitch(yaw, pitch) * glm::vec4(1, 0, 0, 0));
            EXPECT_NEAR(right.y, 0.0f, 1e-6);
        }
}

TEST(Camera, ProjectionMapsFovEdgesToNdcEdges) {
    const Fov fov{-0.7f, 0.5f, 0.4f, -0.6f}; // asymmetric, like an XR eye
    const glm::mat4 p = projection_from_fov(fov);
    auto ndc = [&](glm::vec3 v) {
        const glm::vec4 c = p * glm::vec4(v, 1.0f);
        return glm::vec3(c) / c.w;
    };
    EXPECT_NEAR(ndc(glm::vec3(std::tan(fov.left), 0, -1)).x, -1.0f, 1e-5);
    EXPECT_NEAR(ndc(glm::vec3(std::tan(fov.right), 0, -1)).x, 1.0f, 1e-5);
    EXPECT_NEAR(ndc(glm::vec3(0, std::tan(fov.up), -1)).y, -1.0f, 1e-5); // Vulkan: top of the image is y = -1
    EXPECT_NEAR(ndc(glm::vec3(0, std::tan(fov.down), -1)).y, 1.0f, 1e-5);
    EXPECT_NEAR(ndc(glm::vec3(0, 0, -0.05f)).z, 1.0f, 1e-5); // reversed depth: near plane at 1
    EXPECT_LT(ndc(glm::vec3(0, 0, -1e6f)).z, 1e-6f);
    const glm::vec3 top_left = view_ray(fov, {0, 0});
    EXPECT_NEAR(top_left.x, std::tan(fov.left), 1e-6);
    EXPECT_NEAR(top_left.y, std::tan(fov.up), 1e-6);
}

TEST(Camera, SymmetricFovFromHfov) {
    const Fov f = fov_from_hfov(90, 16.0 / 9.0);
    EXPECT_NEAR(f.right, M_PI / 4, 1e-6);
    EXPECT_NEAR(std::tan(f.up), 9.0 / 16.0, 1e-6);
    EXPECT_NEAR(vfov_from_hfov(90, 1.0), 90.0, 1e-9);
}
