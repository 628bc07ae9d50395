#include "gpu_fixture.hpp"

#include <iostream>

#include "math/camera.hpp"

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

std::optional<double> smallest_caught(const std::string& name, const std::vector<double>& steps,
                                      const std::function<media::Image(double)>& draw, const std::string& unit,
                                      const GoldenTolerance& tolerance) {
    auto golden = media::decode_image(golden_path(name));
    EXPECT_TRUE(golden.has_value()) << name;
    if (!golden) return std::nullopt;
    EXPECT_TRUE(compare_images(*golden, draw(0.0), tolerance).passed()) << name << " unchanged does not match";
    for (double step : steps) {
        const GoldenComparison c = compare_images(*golden, draw(step), tolerance);
        if (c.passed()) continue;
        std::cout << "[ sensitivity ] " << name << ": " << step << " " << unit << " caught (" << c.summary() << ")\n";
        return step;
    }
    std::cout << "[ sensitivity ] " << name << ": none of the " << unit << " steps caught\n";
    return std::nullopt;
}

} // namespace vrex::test
