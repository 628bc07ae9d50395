#pragma once
// GPU test fixture: a real Vulkan context (lavapipe here) with VK_LAYER_KHRONOS_validation always on.
// Any validation error during a test fails it.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

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

} // namespace vrex::test
