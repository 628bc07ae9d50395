#pragma once
// GPU test fixture: a real Vulkan context (lavapipe here) with VK_LAYER_KHRONOS_validation always on.
// Any validation error during a test fails it.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "golden.hpp"
#include "gpu/context.hpp"
#include "media/image.hpp"
#include "platform/offscreen_presenter.hpp"
#include "render/renderer.hpp"

namespace vrex::test {

struct ViewSpec {
    double yaw = 0, pitch = 0, hfov = 90;
    uint32_t width = 256, height = 192;
};

class GpuTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // Renders one view of `pano` headless and reads it back.
    media::Image render(const render::Panorama& pano, const ViewSpec& spec);

    std::unique_ptr<gpu::Context> ctx;
    std::unique_ptr<render::Renderer> renderer;
};

std::filesystem::path source_path(const std::string& relative);

// How small a change golden `name` sees: draws `draw(step)` for each step in increasing order and returns the first
// step whose picture the golden rejects (nullopt: none was). Step 0 (unchanged) must match; prints what it found.
std::optional<double> smallest_caught(const std::string& name, const std::vector<double>& steps,
                                      const std::function<media::Image(double)>& draw, const std::string& unit,
                                      const GoldenTolerance& tolerance = {});

} // namespace vrex::test
