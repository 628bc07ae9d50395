// The heat map's splat: a Gaussian of the angle on the sphere, whatever the latitude, across yaw ±180.
#include <cmath>
#include <glm/geometric.hpp>
#include <gtest/gtest.h>
#include <numbers>

#include "math/angles.hpp"
#include "stats/heatmap.hpp"

using vrex::stats::HeatGrid;

namespace {

constexpr double k_deg = std::numbers::pi / 180.0;

// The angle in degrees between two directions given as yaw/pitch (DESIGN §2's direction formula).
double angle_between(double yaw_a, double pitch_a, double yaw_b, double pitch_b) {
    const glm::dvec3 a = vrex::math::direction_from_yaw_pitch(yaw_a, pitch_a);
    const glm::dvec3 b = vrex::math::direction_from_yaw_pitch(yaw_b, pitch_b);
    return std::atan2(glm::length(glm::cross(a, b)), glm::dot(a, b)) / k_deg;
}

double gaussian(double angle_deg, double sigma_deg) {
    return std::exp(-angle_deg * angle_deg / (2 * sigma_deg * sigma_deg));
}

// Every texel holds the Gaussian of its angle to the sample (0 beyond 3 sigma).
void expect_splat_matches(const HeatGrid& grid, double yaw, double pitch, double sigma) {
    int inside = 0;
    for (uint32_t y = 0; y < grid.height(); ++y)
        for (uint32_t x = 0; x < grid.width(); ++x) {
            const vrex::math::YawPitch d = grid.texel_direction(x, y);
            const double angle = angle_between(yaw, pitch, d.yaw, d.pitch);
            const double expected = angle <= 3 * sigma - 1e-6 ? gaussian(angle, sigma) : 0.0;
            if (std::abs(angle - 3 * sigma) < 1e-3) continue; // on the rim either is right
            ASSERT_NEAR(grid.at(x, y), expected, 1e-4) << "texel " << x << "," << y << " (yaw " << d.yaw << ", pitch "
                                                       << d.pitch << ") " << angle << " deg away";
            inside += expected > 0;
        }
    EXPECT_GT(inside, 20);
}

} // namespace

TEST(HeatMap, SplatIsAGaussianOfTheAngleOnTheSphere) {
    HeatGrid grid(360, 180);
    grid.splat(40, -20, 3.0);
    expect_splat_matches(grid, 40, -20, 3.0);
}

TEST(HeatMap, SplatAtThePoleCoversWholeRowsEvenly) {
    HeatGrid grid(360, 180);
    grid.splat(25, 89, 3.0);
    expect_splat_matches(grid, 25, 89, 3.0);
    // Across the pole (texel yaw -155.5, pitch 89.5): 1.5 degrees from the sample, as near as its own side.
    EXPECT_NEAR(grid.at(24, 0), float(gaussian(angle_between(25, 89, -155.5, 89.5), 3.0)), 1e-4);
    HeatGrid pole(360, 180);
    pole.splat(0, 90, 2.0);
    for (uint32_t x = 1; x < pole.width(); ++x) ASSERT_NEAR(pole.at(x, 0), pole.at(0, 0), 1e-6) << x;
    EXPECT_GT(pole.at(0, 0), 0.9f);
}

TEST(HeatMap, SplatCrossesTheSeamAtYaw180) {
    HeatGrid grid(360, 180);
    grid.splat(179, 10, 3.0);
    expect_splat_matches(grid, 179, 10, 3.0);
    // Texel centres at yaw 179.5 and -178.5 (x 359 and 1, pitch 10.5): 0.5 and 2.5 degrees of yaw away.
    EXPECT_GT(grid.at(1, 79), 0.3f);
    EXPECT_GT(grid.at(359, 79), grid.at(1, 79));
    HeatGrid left(360, 180);
    left.splat(-179.5, 0, 3.0);
    expect_splat_matches(left, -179.5, 0, 3.0);
}

TEST(HeatMap, PeakIsTheSamplesDirection) {
    HeatGrid grid(1024, 512);
    for (int i = 0; i < 50; ++i) grid.splat(170, -35, 3.0);
    grid.splat(-60, 0, 3.0);
    const vrex::math::YawPitch peak = grid.peak();
    EXPECT_NEAR(peak.yaw, 170, 0.36);
    EXPECT_NEAR(peak.pitch, -35, 0.36);
}

TEST(HeatMap, DensityImageIsGreyWith255AtTheMaximum) {
    HeatGrid grid(64, 32);
    grid.splat(0, 0, 10.0);
    const vrex::media::Image image = vrex::stats::density_image(grid);
    ASSERT_EQ(image.width, 64u);
    ASSERT_EQ(image.height, 32u);
    int full = 0;
    for (std::size_t i = 0; i < image.rgba.size(); i += 4) {
        EXPECT_EQ(image.rgba[i], image.rgba[i + 1]);
        full += image.rgba[i] == 255;
    }
    EXPECT_GE(full, 1);
}
