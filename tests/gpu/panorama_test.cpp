// Headless panorama rendering on the real Vulkan driver with validation on.
#include <glm/geometric.hpp>
#include <functional>
#include <numbers>

#include "gpu_fixture.hpp"
#include "math/angles.hpp"
#include "math/camera.hpp"
#include "media/png_write.hpp"
#include "media/srgb.hpp"
#include "render/panorama.hpp"
#include "scene/scene_media.hpp"

#include <chrono>
#include <thread>

using namespace vrex;
using vrex::test::GpuTest;
using vrex::test::ViewSpec;

namespace {

// An equirect whose colour encodes its own direction: linear RGB = (dir + 1) / 2. Continuous over the whole
// sphere, so any seam, pole artefact, mirror or offset shows up as a wrong direction.
media::Image direction_panorama(uint32_t width) {
    const uint32_t height = width / 2;
    media::Image img{width, height, std::vector<uint8_t>(size_t(width) * height * 4)};
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x) {
            const glm::dvec3 d = math::direction_from_equirect_uv({(x + 0.5) / width, (y + 0.5) / height});
            uint8_t* p = &img.rgba[(size_t(y) * width + x) * 4];
            for (int c = 0; c < 3; ++c) p[c] = media::linear_to_srgb(float((d[c] + 1.0) * 0.5));
            p[3] = 255;
        }
    return img;
}

glm::dvec3 decode_direction(const uint8_t* p) {
    return glm::normalize(
        glm::dvec3(media::srgb_to_linear(p[0]), media::srgb_to_linear(p[1]), media::srgb_to_linear(p[2])) * 2.0 - 1.0);
}

double angle_deg(const glm::dvec3& a, const glm::dvec3& b) {
    return std::acos(std::clamp(glm::dot(glm::normalize(a), glm::normalize(b)), -1.0, 1.0)) * 180.0 / std::numbers::pi;
}

} // namespace

TEST(PanoramaSizes, CubeFacesAreAtLeastWidthOverPi) {
    EXPECT_EQ(render::cube_face_size(8192, 16384), 2608u); // 2607.6 -> a multiple of 8 above it
    EXPECT_EQ(render::cube_face_size(4096, 16384), 1304u); // 1303.8
    EXPECT_EQ(render::cube_face_size(5000, 16384), 1592u); // 1591.5
    EXPECT_EQ(render::cube_face_size(65536, 4096), 4096u); // capped by the device
    EXPECT_EQ(render::cube_face_size(2, 16384), 8u);
    EXPECT_EQ(render::full_mip_count(1024), 11u);
    EXPECT_EQ(render::full_mip_count(1), 1u);
}

TEST_F(GpuTest, GeometryMatchesTheAnalyticDirectionAtEveryPixel) {
    const render::Panorama pano = renderer->load_panorama(direction_panorama(1024));
    EXPECT_EQ(pano.kind(), render::Panorama::Kind::equirect);
    EXPECT_EQ(pano.width(), 1024u);
    EXPECT_EQ(pano.mip_levels(), 11u);
    const ViewSpec views[] = {
        {0, 0, 90},      {90, 0, 90},   {-90, 20, 60},   {180, 0, 90}, // yaw ±180: the equirect seam
        {-180, -10, 40}, {179, 5, 20},  {0, 90, 100},    {45, 90, 60}, // pitch +90: the pole
        {30, -90, 120},  {135, 45, 30}, {-60, -60, 150},
    };
    for (const ViewSpec& v : views) {
        const media::Image img = render(pano, v);
        const math::Fov fov = math::fov_from_hfov(v.hfov, double(v.width) / v.height);
        const glm::mat4 orient = math::orientation_from_yaw_pitch(v.yaw, v.pitch);
        double worst = 0, sum = 0;
        for (uint32_t y = 0; y < v.height; ++y)
            for (uint32_t x = 0; x < v.width; ++x) {
                const glm::vec3 ray = math::view_ray(fov, {(x + 0.5f) / v.width, (y + 0.5f) / v.height});
                const glm::dvec3 expected = glm::dvec3(orient * glm::vec4(ray, 0.0f));
                const double err = angle_deg(decode_direction(&img.rgba[(size_t(y) * v.width + x) * 4]), expected);
                worst = std::max(worst, err);
                sum += err;
            }
        const double mean = sum / (v.width * v.height);
        // 8-bit colour quantises the direction to about 0.5 degrees; filtering adds a little near the poles.
        EXPECT_LT(worst, 2.0) << "yaw " << v.yaw << " pitch " << v.pitch << " hfov " << v.hfov;
        EXPECT_LT(mean, 0.5) << "yaw " << v.yaw << " pitch " << v.pitch << " hfov " << v.hfov;
    }
}

TEST_F(GpuTest, SeamAndPoleHaveNoLines) {
    // Neighbouring pixels across the yaw ±180 seam and around the pole differ only as much as the view rays do.
    const render::Panorama pano = renderer->load_panorama(direction_panorama(1024));
    for (const ViewSpec& v : {ViewSpec{180, 0, 60}, ViewSpec{0, 90, 60}, ViewSpec{0, -90, 60}}) {
        const media::Image img = render(pano, v);
        double worst_step = 0;
        for (uint32_t y = 1; y < v.height; ++y)
            for (uint32_t x = 1; x < v.width; ++x) {
                const uint8_t* p = &img.rgba[(size_t(y) * v.width + x) * 4];
                const double dx = angle_deg(decode_direction(p), decode_direction(p - 4));
                const double dy = angle_deg(decode_direction(p), decode_direction(p - 4 * v.width));
                worst_step = std::max({worst_step, dx, dy});
            }
        // A pixel spans 60/256 = 0.23 degrees; quantisation adds about 1 degree at most.
        EXPECT_LT(worst_step, 1.5) << "yaw " << v.yaw << " pitch " << v.pitch;
    }
}

TEST_F(GpuTest, GoldenSampleHall) {
    auto image = media::decode_image(test::source_path("scenes/museum/panos/whale-left.jpg"));
    ASSERT_TRUE(image.has_value()) << image.error();
    const render::Panorama pano = renderer->load_panorama(*image);
    const media::Image shot = render(pano, {30, -5, 100, 320, 180});
    EXPECT_TRUE(test::matches_golden(shot, "sample_hall_yaw30"));
}

TEST_F(GpuTest, GoldenLabelledGridLooksRightAndUp) {
    auto image = media::decode_image(test::source_path("tests/data/grid_2048x1024.jpg"));
    ASSERT_TRUE(image.has_value()) << image.error();
    const render::Panorama pano = renderer->load_panorama(*image);
    EXPECT_TRUE(test::matches_golden(render(pano, {45, 30, 90, 320, 240}), "grid_yaw45_pitch30"));
    EXPECT_TRUE(test::matches_golden(render(pano, {0, 90, 120, 240, 240}), "grid_zenith"));
}

// The panorama goldens can fail: each sees the view turned by a small fraction of a degree.
TEST_F(GpuTest, PanoramaGoldensSeeATurnOfAFractionOfADegree) {
    const std::vector<double> steps{0.02, 0.05, 0.1, 0.2, 0.5};
    auto grid = media::decode_image(test::source_path("tests/data/grid_2048x1024.jpg"));
    auto hall = media::decode_image(test::source_path("scenes/museum/panos/whale-left.jpg"));
    ASSERT_TRUE(grid && hall);
    const render::Panorama grid_pano = renderer->load_panorama(*grid), hall_pano = renderer->load_panorama(*hall);
    const auto yaw45 = test::smallest_caught(
        "grid_yaw45_pitch30", steps,
        [&](double d) {
            return render(grid_pano, {45 + d, 30, 90, 320, 240});
        },
        "degrees of yaw");
    const auto zenith = test::smallest_caught(
        "grid_zenith", steps,
        [&](double d) {
            return render(grid_pano, {0 + d, 90, 120, 240, 240});
        },
        "degrees of yaw");
    const auto sample = test::smallest_caught(
        "sample_hall_yaw30", steps,
        [&](double d) {
            return render(hall_pano, {30 + d, -5, 100, 320, 180});
        },
        "degrees of yaw");
    for (const auto& caught : {yaw45, zenith, sample}) {
        ASSERT_TRUE(caught.has_value());
        EXPECT_LE(*caught, 0.5);
    }
}

TEST_F(GpuTest, CubeFacesShowTheSameSceneAsTheEquirect) {
    // Pannellum's Jordan Pond example ships the same photo as an equirect and as six faces (front, right, back,
    // left, up, down): every view of the two must agree, which pins down the face order and orientations.
    auto equirect = media::decode_image(test::source_path("tests/data/jordan-pond/equirect.jpg"));
    ASSERT_TRUE(equirect.has_value()) << equirect.error();
    std::vector<media::Image> faces;
    for (int i = 0; i < 6; ++i) {
        auto f = media::decode_image(test::source_path("tests/data/jordan-pond/cube" + std::to_string(i) + ".jpg"));
        ASSERT_TRUE(f.has_value()) << f.error();
        faces.push_back(std::move(*f));
    }
    const render::Panorama from_equirect = renderer->load_panorama(*equirect);
    const render::Panorama from_faces = renderer->load_panorama_faces(faces);
    EXPECT_EQ(from_faces.face_size(), 256u);
    for (const ViewSpec& v : {ViewSpec{0, 0, 90}, ViewSpec{90, 10, 90}, ViewSpec{-135, -20, 90}, ViewSpec{180, 0, 60},
                              ViewSpec{30, 90, 90}, ViewSpec{-60, -90, 90}, ViewSpec{45, 45, 120}}) {
        const media::Image a = render(from_equirect, v), b = render(from_faces, v);
        double sum = 0;
        for (size_t i = 0; i < a.rgba.size(); i += 4)
            for (int c = 0; c < 3; ++c) sum += std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c]));
        const double mean = sum / (a.rgba.size() / 4 * 3.0);
        // Both are downscaled JPEGs of one photo: a few levels apart where they agree, tens where a face is turned.
        // The equirect (1024 wide) is sampled directly and keeps detail the 256 px faces lack: 6.6 at the nadir.
        EXPECT_LT(mean, 7.5) << "yaw " << v.yaw << " pitch " << v.pitch;
    }
}

// A panorama that goes hands its zero-copy image to the store for the next load of its size (pages already touched);
// a preview's small image must not push a full-size one out.
TEST_F(GpuTest, TheStoreKeepsTheLargerImageForTheNextLoad) {
    const std::shared_ptr<render::PanoramaStore> store = renderer->panorama_store();
    if (!store->zero_copy()) return; // the staging path (VREX_PANORAMA_STAGING=1) reuses buffers, not images
    const size_t before = store->reusable_bytes();
    VkDeviceSize big_size = 0;
    {
        const render::Panorama big = renderer->load_panorama(direction_panorama(1024));
        big_size = big.memory_size();
    }
    EXPECT_EQ(store->reusable_bytes(), before + big_size);
    { const render::Panorama small = renderer->load_panorama(direction_panorama(256)); }
    EXPECT_EQ(store->reusable_bytes(), before + big_size); // the small one went, the big one stayed
    const render::Panorama again = renderer->load_panorama(direction_panorama(1024));
    EXPECT_EQ(store->reusable_bytes(), before); // taken by the load of its size
    EXPECT_EQ(again.memory_size(), big_size);
}

// The viewer's loads leave the mips to a thread that starts once level 0 is on the GPU (zero copy, one level per view):
// level 0 is drawn meanwhile, and once the mips are in the panorama draws exactly as one loaded with its mips. A
// zoomed-out view samples levels 2-3, so mips never written (or written where the GPU does not see them) fail it.
// The full panorama and its preview (the window's preview defers them too).
TEST_F(GpuTest, DeferredMipsDrawLikeMipsBuiltBeforeTheUpload) {
    const std::shared_ptr<render::PanoramaStore> store = renderer->panorama_store();
    tour::Scene scene;
    scene.id = "grid";
    scene.panorama.image.path = vrex::test::source_path("tests/data/grid_2048x1024.jpg");
    const media::PreviewCache no_cache;
    using Load = std::function<core::Expected<scene::ScenePanorama, std::string>(bool defer)>;
    const Load full = [&](bool defer) { return scene::load_scene_panorama(scene, false, *store, defer); };
    const Load preview = [&](bool defer) {
        return scene::load_scene_preview(scene, false, *store, no_cache, 256, defer);
    };
    for (const auto& [what, load] : {std::pair{"full", full}, std::pair{"preview", preview}}) {
        auto deferred = load(true);
        ASSERT_TRUE(deferred) << deferred.error();
        EXPECT_EQ(deferred->image.mips_pending(), store->can_defer_mips()) << what;
        auto built = load(false);
        ASSERT_TRUE(built) << built.error();
        EXPECT_FALSE(built->image.mips_pending()) << what;
        const render::Panorama late = renderer->load_panorama(std::move(deferred->image));
        const render::Panorama early = renderer->load_panorama(std::move(built->image));
        for (int i = 0; i < 5000 && !late.mips_ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ASSERT_TRUE(late.mips_ready()) << what;
        for (const ViewSpec& v : {ViewSpec{0, 0, 150, 128, 64}, ViewSpec{100, -30, 120, 96, 96}}) {
            const media::Image a = render(late, v), b = render(early, v);
            int worst = 0;
            for (size_t i = 0; i < a.rgba.size(); ++i)
                worst = std::max(worst, std::abs(int(a.rgba[i]) - int(b.rgba[i])));
            EXPECT_EQ(worst, 0) << what << ": yaw " << v.yaw << " hfov " << v.hfov;
        }
    }
}
