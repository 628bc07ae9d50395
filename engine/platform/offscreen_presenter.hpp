#pragma once
// Headless presenter: renders into its own images and reads them back (for `vrex shot`, thumbnails and tests).
// Same frame protocol as the window and XR presenters: begin_frame, draw into frame.views, end_frame.
#include <cstdint>
#include <vector>

#include "gpu/context.hpp"
#include "gpu/depth.hpp"
#include "gpu/frame.hpp"
#include "gpu/frame_slot.hpp"
#include "gpu/presenter.hpp"
#include "gpu/resources.hpp"

namespace vrex::platform {

struct Pixels {
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint8_t> rgba; // sRGB-encoded RGBA8, top row first
};

class OffscreenPresenter final : public gpu::Presenter {
public:
    // `view_count` 2 gives a stereo pair (left, right).
    OffscreenPresenter(gpu::Context& ctx, VkExtent2D extent, uint32_t view_count = 1);

    // Never nullptr. Views have their targets set; the caller sets world_from_view and projection. `time` is copied
    // into the frame.
    gpu::Frame* begin_frame(double time) override;
    // The same, for tests and tools that draw one picture.
    gpu::Frame& begin_frame() { return *begin_frame(0.0); }
    // Submits the frame and waits for it: what was retired before it is released here.
    void end_frame(gpu::Frame& frame) override;

    // Copies view `index` of the last frame back to the CPU.
    Pixels read_pixels(uint32_t index);

private:
    gpu::Context& m_ctx;
    VkExtent2D m_extent;
    std::vector<gpu::Image> m_images;
    std::vector<gpu::ImageView> m_views;
    std::vector<gpu::DepthBuffer> m_depth; // one per view
    gpu::FrameSlot m_slot;
    gpu::Frame m_frame;
    bool m_in_frame = false;
};

} // namespace vrex::platform
