#pragma once
// Presents to a headset through OpenXR: the session state machine, a reference space, one swapchain per eye in the
// runtime's preferred sRGB format (and one for its depth when the runtime takes depth), and the frame protocol of
// STYLE.md (every xrBeginFrame gets an xrEndFrame, with zero layers when not rendering; every acquired image is
// released in the same frame).
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "gpu/context.hpp"
#include "gpu/depth.hpp"
#include "gpu/frame.hpp"
#include "gpu/frame_slot.hpp"
#include "gpu/handle.hpp"
#include "gpu/presenter.hpp"
#include "xr/xr_input.hpp"
#include "xr/xr_system.hpp"

namespace vrex::xr {

struct XrPresenterOptions {
    bool stage = false;      // STAGE (standing, floor-level) instead of LOCAL (seated)
    bool cube_layer = false; // hand a static panorama to the compositor as a cube layer (if the runtime can)
};

// Head pose and what the controller did, for the app's Viewer.
struct XrFrameInput {
    XrPosef head{}; // view space in the reference space, at the predicted display time
    bool head_valid = false;
    ControllerState controller;
    bool focused = false;            // FOCUSED: input is ours; VISIBLE only: render, but no ray, no input
    bool recenter_requested = false; // the runtime changed the reference space, or the visitor asked
};

class XrPresenter final : public gpu::Presenter {
public:
    XrPresenter(XrSystem& system, gpu::Context& ctx, XrPresenterOptions options = {});
    ~XrPresenter() override;

    // Handles runtime events. Returns false when the app must leave: the session is EXITING (after a requested
    // exit or the runtime's), lost for good (session_lost() then), or the instance is going away (instance_lost()).
    // A lost session (LOSS_PENDING) is destroyed and a new one made, at most k_max_session_restarts times; while the
    // headset is unavailable that is tried again every XrSystem::k_system_poll_ms (running() is false meanwhile).
    bool poll_events();
    // nullptr: the session is not running (no xrWaitFrame then), so nothing to do this tick. Otherwise a frame
    // whose should_render may be false (then draw nothing); always pair it with end_frame.
    // `time` is ignored: the frame's time is the runtime's predicted display time.
    gpu::Frame* begin_frame(double time) override;
    void end_frame(gpu::Frame& frame) override;

    // Input of the frame begun last (head pose, controller), empty before the first frame.
    const XrFrameInput& input() const { return m_input; }
    void haptic_pulse();

    // Cube layer (XR_KHR_composition_layer_cube): the compositor samples the panorama itself, sharper and cheaper
    // than drawing it into the eye images. Active when asked for and the runtime offers the extension.
    bool cube_layer_active() const { return m_cube_enabled; }
    // Copies mip 0 of `cube` (6 layers of face_size², sRGB bytes, in SHADER_READ_ONLY_OPTIMAL, usage TRANSFER_SRC)
    // into a new static cube swapchain, submitted under the projection layer from the next frame on.
    void set_background_cube(VkImage cube, uint32_t face_size);
    // No cube layer (a scene without a panorama draws everything in the projection layer).
    void clear_background();
    // The cube's orientation in the reference space (the body's turn inside the panorama).
    void set_background_orientation(const XrQuaternionf& q) { m_cube_orientation = q; }
    // Depth layer (XR_KHR_composition_layer_depth): each eye's depth is drawn into a D32_SFLOAT depth swapchain and
    // submitted with its projection view (reversed-Z, infinitely far plane: see xr_frame.cpp), so the compositor can
    // reproject by depth. Active when the runtime offers the extension and the format; otherwise depth stays local.
    bool depth_layer_active() const { return m_depth_enabled; }
    // Ask the runtime to end the session (the app wants to quit); poll_events returns false once it has.
    void request_exit();
    bool session_lost() const { return m_lost; }
    // The runtime's instance is going or gone (XrEventDataInstanceLossPending, XR_ERROR_INSTANCE_LOST): everything
    // made from it (this presenter, the Vulkan context, the XrSystem) must be destroyed and made again.
    bool instance_lost() const { return m_instance_lost; }
    // Sessions made so far (1 after construction): a new one has new swapchains (give the background cube again).
    uint32_t session_count() const { return m_session_count; }
    // The interaction profile in use, e.g. "/interaction_profiles/oculus/touch_controller"; "" without a controller.
    // Read again when the runtime says it changed (or dropped events).
    const std::string& controller_profile() const { return m_profile; }
    static constexpr int k_max_session_restarts = 3;
    bool running() const { return m_running; }
    XrSessionState state() const { return m_state; }

private:
    struct Eye {
        XrSwapchain swapchain = XR_NULL_HANDLE;
        XrExtent2Di size{};
        std::vector<VkImage> images;
        std::vector<gpu::ImageView> views;
        gpu::DepthBuffer depth; // without the depth layer: local, never submitted
        // With the depth layer: the depth swapchain, drawn into and submitted instead.
        XrSwapchain depth_swapchain = XR_NULL_HANDLE;
        std::vector<VkImage> depth_images;
        std::vector<gpu::ImageView> depth_views;
        uint32_t acquired = 0, depth_acquired = 0;
    };

    void check_system_modes();
    void open_session(); // session, spaces, actions attached, swapchains (xr_session.cpp)
    void create_session();
    // Every child of the session (swapchains, spaces, aim spaces), then the session.
    void destroy_session();
    void restart_session();
    void read_profile();
    void create_swapchains();
    void create_depth_swapchain(Eye& eye, uint32_t index);
    void acquire(XrSwapchain swapchain, uint32_t& index);
    void handle_state(XrSessionState state);
    void locate(XrTime time);
    // XR_SESSION_LOSS_PENDING is a success code of many session calls: note the loss, and return false then.
    bool still_running(XrResult r);
    void copy_into_static_cube(XrSwapchain swapchain, VkImage cube, uint32_t face_size);

    XrSystem& m_system;
    gpu::Context& m_ctx;
    XrPresenterOptions m_options;
    XrSession m_session = XR_NULL_HANDLE;
    XrSpace m_space = XR_NULL_HANDLE;
    XrSpace m_view_space = XR_NULL_HANDLE;
    XrInput m_input_actions;
    VkFormat m_format = VK_FORMAT_UNDEFINED;
    std::array<Eye, 2> m_eyes;
    std::array<gpu::FrameSlot, 2> m_slots;
    uint32_t m_slot = 0;
    XrSessionState m_state = XR_SESSION_STATE_UNKNOWN;
    bool m_running = false;
    bool m_exit = false;
    bool m_lost = false;
    bool m_exit_requested = false;
    bool m_instance_lost = false;
    bool m_restart_pending = false; // LOSS_PENDING seen: a new session is due
    int m_restarts = 0;
    uint32_t m_session_count = 0;
    std::chrono::steady_clock::time_point m_next_restart{};
    bool m_profile_dirty = true;
    std::string m_profile;
    XrFrameState m_frame_state{XR_TYPE_FRAME_STATE};
    std::array<XrView, 2> m_views{{{XR_TYPE_VIEW}, {XR_TYPE_VIEW}}};
    bool m_views_valid = false;
    XrFrameInput m_input;
    gpu::Frame m_frame;
    bool m_cube_enabled = false;
    bool m_depth_enabled = false;
    XrEnvironmentBlendMode m_blend_mode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    XrSwapchain m_cube_swapchain = XR_NULL_HANDLE;
    XrQuaternionf m_cube_orientation{0, 0, 0, 1};
};

} // namespace vrex::xr
