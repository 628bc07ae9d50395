#pragma once
// The one frame protocol of every output: the offscreen images of `vrex shot` and the tests
// (platform::OffscreenPresenter), a window's swapchain (platform::WindowPresenter) and a headset's swapchains
// (xr::XrPresenter). The renderer and the scene never learn which one they draw for (scene::draw_frame).
#include <cstdint>
#include <utility>

#include "gpu/deferred.hpp"
#include "gpu/frame.hpp"

namespace vrex::gpu {

class Presenter {
public:
    virtual ~Presenter() = default;

    // nullptr: nothing to draw this tick (a minimised window, a headset session not running); do not call end_frame
    // then. Otherwise a frame with one view per window or eye, each target in COLOR_ATTACHMENT_OPTIMAL with its depth
    // image in DEPTH_ATTACHMENT_OPTIMAL; record into frame->cmd, set each view's world_from_view and projection where
    // the presenter has not (a headset poses its views), and pair it with end_frame. `time` is the caller's clock in
    // seconds; a headset's frame carries the runtime's predicted display time instead. A frame whose should_render is
    // false is ended without drawing.
    virtual Frame* begin_frame(double time) = 0;
    // Submits (and presents) the frame begun last.
    virtual void end_frame(Frame& frame) = 0;

    // Keeps `object` (a texture, panorama, model the app replaces) alive until the GPU has finished every frame
    // submitted so far, and the one being recorded.
    template <typename T> void retire(T&& object) { m_deferred.retire(std::forward<T>(object), m_submitted); }

protected:
    Presenter() = default;
    Presenter(const Presenter&) = delete;
    Presenter& operator=(const Presenter&) = delete;

    DeferredDeletion m_deferred;
    uint64_t m_submitted = 0; // submissions so far: a presenter counts each one it submits
    uint64_t m_completed = 0; // submissions known to have finished: collect m_deferred up to it
};

} // namespace vrex::gpu
