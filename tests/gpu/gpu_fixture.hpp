#pragma once
// GPU test fixture: a real Vulkan context (lavapipe here) with VK_LAYER_KHRONOS_validation always on.
// Any validation error during a test fails it.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

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

// Compares `actual` with tests/golden/<name>.png. On a mismatch (or a missing golden) writes <name>.actual.png and
// <name>.diff.png next to it; tools/accept-goldens copies actual over golden after a human look.
::testing::AssertionResult matches_golden(const media::Image& actual, const std::string& name);

} // namespace vrex::test
