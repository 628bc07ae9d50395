#include "gpu_fixture.hpp"

#include <cmath>

#include "math/camera.hpp"
#include "media/png_write.hpp"

namespace vrex::test {

void GpuTest::SetUp() {
    gpu::ContextOptions options;
    options.validation = true;
    ctx = std::make_unique<gpu::Context>(options);
    ASSERT_TRUE(ctx->validation_enabled());
    renderer = std::make_unique<render::Renderer>(*ctx);
}

void GpuTest::TearDown() {
    if (!ctx) return;
    vkDeviceWaitIdle(ctx->device());
    renderer.reset();
    EXPECT_EQ(ctx->validation_errors(), 0u) << "Vulkan validation errors (printed above)";
}

media::Image GpuTest::render(const render::Panorama& pano, const ViewSpec& spec) {
    platform::OffscreenPresenter presenter(*ctx, {spec.width, spec.height});
    gpu::Frame& frame = presenter.begin_frame();
    gpu::View& view = frame.views[0];
    view.world_from_view = math::orientation_from_yaw_pitch(spec.yaw, spec.pitch);
    view.projection = math::projection_from_fov(math::fov_from_hfov(spec.hfov, double(spec.width) / spec.height));
    renderer->draw(frame.cmd, render::RenderScene{&pano}, view);
    presenter.end_frame(frame);
    platform::Pixels px = presenter.read_pixels(0);
    return media::Image{px.width, px.height, std::move(px.rgba)};
}

std::filesystem::path source_path(const std::string& relative) {
    return std::filesystem::path(VREX_SOURCE_DIR) / relative;
}

::testing::AssertionResult matches_golden(const media::Image& actual, const std::string& name) {
    const auto dir = source_path("tests/golden");
    const auto golden_path = dir / (name + ".png");
    const auto actual_path = dir / (name + ".actual.png");
    const auto diff_path = dir / (name + ".diff.png");
    std::filesystem::remove(actual_path);
    std::filesystem::remove(diff_path);
    auto golden = media::decode_image(golden_path);
    if (!golden || golden->width != actual.width || golden->height != actual.height) {
        (void)media::write_png(actual_path, actual);
        return ::testing::AssertionFailure() << "no golden of this size at " << golden_path << "; look at "
                                             << actual_path << " and run tools/accept-goldens";
    }
    // Tolerance for driver and filtering differences: mean error under 1.5 levels, under 0.5% of pixels off by >24.
    media::Image diff{actual.width, actual.height, std::vector<uint8_t>(actual.rgba.size())};
    double sum = 0;
    size_t bad = 0;
    for (size_t i = 0; i < actual.rgba.size(); i += 4) {
        int worst = 0;
        for (int c = 0; c < 3; ++c) {
            const int d = std::abs(int(actual.rgba[i + c]) - int(golden->rgba[i + c]));
            sum += d;
            worst = std::max(worst, d);
        }
        if (worst > 24) ++bad;
        diff.rgba[i] = diff.rgba[i + 1] = diff.rgba[i + 2] = uint8_t(std::min(255, worst * 8));
        diff.rgba[i + 3] = 255;
    }
    const size_t pixels = actual.rgba.size() / 4;
    const double mean = sum / (pixels * 3.0);
    if (mean < 1.5 && bad * 200 <= pixels) return ::testing::AssertionSuccess();
    (void)media::write_png(actual_path, actual);
    (void)media::write_png(diff_path, diff);
    return ::testing::AssertionFailure() << name << " differs from its golden: mean error " << mean << ", " << bad
                                         << " pixels off by more than 24; see " << actual_path << " and " << diff_path;
}

} // namespace vrex::test
