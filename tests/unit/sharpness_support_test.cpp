// The sharpness test's CPU reference and metrics (tests/support/sharpness.hpp) against known values and against
// vrex's own camera and equirect conventions.
#include <gtest/gtest.h>

#include <cmath>
#include <glm/geometric.hpp>
#include <numbers>

#include "math/angles.hpp"
#include "math/camera.hpp"
#include "media/srgb.hpp"
#include "sharpness.hpp"

using namespace vrex;
using test::PinholeView;

namespace {

constexpr double k_deg = std::numbers::pi / 180.0;

media::Image flat_image(uint32_t w, uint32_t h, uint8_t r, uint8_t g, uint8_t b) {
    media::Image img{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
    for (size_t i = 0; i < img.rgba.size(); i += 4) {
        img.rgba[i] = r;
        img.rgba[i + 1] = g;
        img.rgba[i + 2] = b;
        img.rgba[i + 3] = 255;
    }
    return img;
}

// A grey picture of f(x, y) at the pixel centres, 8-bit.
template <class F> media::Image grey_image(uint32_t w, uint32_t h, F f) {
    media::Image img = flat_image(w, h, 0, 0, 0);
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x) {
            const auto v = uint8_t(std::lround(std::clamp(double(f(x + 0.5, y + 0.5)), 0.0, 255.0)));
            uint8_t* p = &img.rgba[(size_t(y) * w + x) * 4];
            p[0] = p[1] = p[2] = v;
        }
    return img;
}

// Smooth texture with detail at a few scales (periods of 7 to 40 pixels).
double pattern(double x, double y) {
    return 128 + 40 * std::sin(x * 0.9) * std::cos(y * 0.7) + 30 * std::sin(0.31 * x + 0.17 * y) +
           25 * std::cos(0.16 * y - 0.23 * x);
}

// An equirect whose linear colour is (direction + 1) / 2 (as tests/gpu/panorama_test.cpp).
media::Image direction_panorama(uint32_t width) {
    const uint32_t height = width / 2;
    media::Image img = flat_image(width, height, 0, 0, 0);
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x) {
            const glm::dvec3 d = math::direction_from_equirect_uv({(x + 0.5) / width, (y + 0.5) / height});
            for (int c = 0; c < 3; ++c)
                img.rgba[(size_t(y) * width + x) * 4 + c] = media::linear_to_srgb(float((d[c] + 1.0) * 0.5));
        }
    return img;
}

// vrex's own view ray for a pixel point (math/camera.hpp), in the world.
glm::dvec3 vrex_direction(const PinholeView& v, double x, double y) {
    const math::Fov fov = math::fov_from_hfov(v.hfov, double(v.width) / v.height);
    const glm::vec3 ray = math::view_ray(fov, {float(x / v.width), float(y / v.height)});
    return glm::normalize(glm::dvec3(math::orientation_from_yaw_pitch(v.yaw, v.pitch) * glm::vec4(ray, 0.0f)));
}

double angle_deg(const glm::dvec3& a, const glm::dvec3& b) {
    return std::acos(std::clamp(glm::dot(glm::normalize(a), glm::normalize(b)), -1.0, 1.0)) / k_deg;
}

const PinholeView k_views[] = {{0, 0, 90, 64, 48},      {90, 0, 60, 64, 48},   {180, -10, 40, 64, 64},
                               {-135, 60, 100, 48, 64}, {30, -60, 45, 64, 32}, {-179, 89, 120, 40, 40}};

} // namespace

TEST(SharpnessReference, PinholeDirectionsAreVrexs) {
    for (const PinholeView& v : k_views) {
        EXPECT_LT(angle_deg(test::pinhole_direction(v, v.width * 0.5, v.height * 0.5),
                            math::direction_from_yaw_pitch(v.yaw, v.pitch)),
                  1e-6);
        for (double y : {0.0, 0.5, 7.25, double(v.height)})
            for (double x : {0.0, 0.5, 13.75, double(v.width)})
                // float math on vrex's side: about 1e-5 degrees.
                EXPECT_LT(angle_deg(test::pinhole_direction(v, x, y), vrex_direction(v, x, y)), 1e-4)
                    << "yaw " << v.yaw << " pitch " << v.pitch << " at " << x << ", " << y;
    }
}

TEST(SharpnessReference, HfovForScaleGivesThatManyPixelsPerRadianAtTheCentre) {
    const PinholeView v{20, 10, test::hfov_for_scale(320, 2048 / (2 * std::numbers::pi)), 320, 240};
    EXPECT_NEAR(v.hfov, 52.29, 0.01);
    const double step = angle_deg(test::pinhole_direction(v, 160, 120), test::pinhole_direction(v, 161, 120));
    EXPECT_NEAR(step * k_deg, 2 * std::numbers::pi / 2048, 1e-7);
}

TEST(SharpnessReference, EquirectUvIsVrexs) {
    for (double yaw = -175; yaw < 180; yaw += 25)
        for (double pitch = -85; pitch < 90; pitch += 17) {
            const glm::dvec3 d = math::direction_from_yaw_pitch(yaw, pitch);
            const glm::dvec2 a = test::equirect_uv(d), b = math::equirect_uv_from_direction(d);
            EXPECT_NEAR(a.x, b.x, 1e-12);
            EXPECT_NEAR(a.y, b.y, 1e-12);
        }
    EXPECT_NEAR(test::equirect_uv({0, 0, 1}).x, 0.0, 1e-12); // behind: u = 0 (wrapped from 1)
    EXPECT_NEAR(test::equirect_uv({1, 0, 0}).x, 0.75, 1e-12);
}

TEST(SharpnessReference, BilinearSampleIsInLinearLightAndWrapsAcrossTheSeam) {
    media::Image img = flat_image(8, 4, 0, 0, 0);
    for (uint32_t y = 0; y < 4; ++y) img.rgba[(y * 8 + 0) * 4 + 1] = 255; // column 0 green, column 7 black
    const test::LinearEquirect eq(img);
    EXPECT_FLOAT_EQ(eq.sample({0.5 / 8, 0.5}).g, 1.0f); // a texel centre is that texel
    EXPECT_FLOAT_EQ(eq.sample({0.0, 0.5}).g, 0.5f);     // u = 0 lies halfway between the last and first column
    EXPECT_FLOAT_EQ(eq.sample({1.0, 0.5}).g, 0.5f);
    EXPECT_FLOAT_EQ(eq.sample({-0.25 / 8, 0.5}).g, 0.25f);
    EXPECT_FLOAT_EQ(eq.sample({0.5 / 8, 0.0}).g, 1.0f); // rows clamp at the poles
    // Halfway between sRGB 0 and 255 is linear 0.5, which encodes as 188, not 128.
    const media::Image view = test::reference_view(eq, {180, 0, 1, 1, 1});
    EXPECT_EQ(view.rgba[1], 188);
}

TEST(SharpnessReference, ReferenceOfADirectionCodedPanoramaShowsTheViewDirections) {
    const test::LinearEquirect eq(direction_panorama(1024));
    for (const PinholeView& v : k_views) {
        const media::Image img = test::reference_view(eq, v);
        double worst = 0;
        for (uint32_t y = 0; y < v.height; ++y)
            for (uint32_t x = 0; x < v.width; ++x) {
                const uint8_t* p = &img.rgba[(size_t(y) * v.width + x) * 4];
                const glm::dvec3 seen =
                    glm::dvec3(media::srgb_to_linear(p[0]), media::srgb_to_linear(p[1]), media::srgb_to_linear(p[2])) *
                        2.0 -
                    1.0;
                worst = std::max(worst, angle_deg(seen, vrex_direction(v, x + 0.5, y + 0.5)));
            }
        // 8-bit colour quantises the direction to about half a degree.
        EXPECT_LT(worst, 1.5) << "yaw " << v.yaw << " pitch " << v.pitch;
    }
}

TEST(SharpnessReference, SupersampledReferenceOfAFlatPanoramaIsFlat) {
    const test::LinearEquirect eq(flat_image(64, 32, 200, 100, 30));
    const media::Image img = test::reference_view(eq, {180, 30, 90, 16, 12}, 4);
    for (size_t i = 0; i < img.rgba.size(); i += 4) {
        ASSERT_EQ(img.rgba[i], 200);
        ASSERT_EQ(img.rgba[i + 1], 100);
        ASSERT_EQ(img.rgba[i + 2], 30);
    }
}

TEST(SharpnessMetrics, LaplacianVarianceOfFlatRampAndChecker) {
    EXPECT_EQ(test::laplacian_variance(flat_image(32, 24, 90, 140, 200)), 0.0);
    EXPECT_NEAR(test::laplacian_variance(grey_image(32, 24, [](double x, double y) { return 3 * x + 2 * y; })), 0.0,
                1e-9);
    // A one-pixel checker of 0 and 255: the Laplacian is ±4·255 everywhere, alternating.
    const media::Image checker = grey_image(32, 24, [](double x, double y) { return (int(x) + int(y)) % 2 ? 255 : 0; });
    EXPECT_NEAR(test::laplacian_variance(checker), 1020.0 * 1020.0, 1.0);
    // Blurring lowers it.
    const media::Image sharp = grey_image(64, 64, pattern);
    const media::Image soft = grey_image(64, 64, [](double x, double y) {
        return 0.25 * (pattern(x - 1, y) + pattern(x + 1, y) + pattern(x, y - 1) + pattern(x, y + 1));
    });
    EXPECT_LT(test::laplacian_variance(soft), 0.5 * test::laplacian_variance(sharp));
}

TEST(SharpnessMetrics, Psnr) {
    const media::Image a = flat_image(16, 8, 10, 20, 30);
    EXPECT_EQ(test::psnr(a, a), std::numeric_limits<double>::infinity());
    media::Image b = a;
    for (size_t i = 0; i < b.rgba.size(); i += 4)
        b.rgba[i] += 1, b.rgba[i + 1] -= 1, b.rgba[i + 2] += 1, b.rgba[i + 3] = 0;
    EXPECT_NEAR(test::psnr(a, b), 20 * std::log10(255.0), 1e-9); // MSE 1; alpha ignored
    EXPECT_THROW(test::psnr(a, flat_image(8, 16, 0, 0, 0)), std::invalid_argument);
}

TEST(SharpnessMetrics, ShiftOfAMovedPicture) {
    const media::Image ref = grey_image(96, 64, pattern);
    const glm::dvec2 none = test::estimate_shift(ref, ref);
    EXPECT_NEAR(none.x, 0, 1e-9);
    EXPECT_NEAR(none.y, 0, 1e-9);
    for (const glm::dvec2 d : {glm::dvec2{0.3, -0.2}, glm::dvec2{-0.8, 0.45}, glm::dvec2{0.05, 0.0}}) {
        const media::Image moved = grey_image(96, 64, [&](double x, double y) { return pattern(x - d.x, y - d.y); });
        const glm::dvec2 seen = test::estimate_shift(ref, moved);
        EXPECT_NEAR(seen.x, d.x, 0.02) << d.x << ", " << d.y;
        EXPECT_NEAR(seen.y, d.y, 0.02) << d.x << ", " << d.y;
    }
}

TEST(SharpnessMetrics, AViewTurnedByOnePixelShowsAOnePixelShift) {
    // A photo-like equirect (the pattern wrapped around the sphere): turning right by one pixel's angle moves the
    // picture one pixel left; looking up by one moves it one down.
    const uint32_t w = 1024;
    const test::LinearEquirect eq(grey_image(w, w / 2, [](double x, double y) { return pattern(x * 0.5, y * 0.5); }));
    const double ppr = w / (2 * std::numbers::pi), one = 1.0 / ppr / k_deg;
    const PinholeView v{40, 10, test::hfov_for_scale(128, ppr), 128, 96};
    const media::Image base = test::reference_view(eq, v);
    const glm::dvec2 right =
        test::estimate_shift(base, test::reference_view(eq, {v.yaw + one, v.pitch, v.hfov, 128, 96}));
    const glm::dvec2 up = test::estimate_shift(base, test::reference_view(eq, {v.yaw, v.pitch + one, v.hfov, 128, 96}));
    EXPECT_NEAR(right.x, -1.0, 0.1);
    EXPECT_NEAR(right.y, 0.0, 0.1);
    EXPECT_NEAR(up.x, 0.0, 0.1);
    EXPECT_NEAR(up.y, 1.0, 0.1);
}
