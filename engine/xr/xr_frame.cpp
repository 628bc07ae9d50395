// XrPresenter's frame protocol: wait, begin, locate, acquire, (the app draws), submit, release, end.
#include <glm/gtc/quaternion.hpp>
#include <glm/gtx/quaternion.hpp>

#include <limits>
#include <spdlog/spdlog.h>

#include "core/mutation.hpp"
#include "core/vk_check.hpp"
#include "core/xr_check.hpp"
#include "math/camera.hpp"
#include "xr/xr_presenter.hpp"

namespace vrex::xr {
namespace {

// The projection's near plane: depth 1 there, 0 infinitely far (math::projection_from_fov, reversed-Z).
constexpr float k_near_m = 0.05f;

glm::mat4 pose_to_matrix(const XrPosef& p) {
    const glm::quat q(p.orientation.w, p.orientation.x, p.orientation.y, p.orientation.z);
    glm::mat4 m = glm::toMat4(q);
    m[3] = glm::vec4(p.position.x, p.position.y, p.position.z, 1.0f);
    return m;
}

} // namespace

void XrPresenter::locate(XrTime time) {
    XrViewLocateInfo info{XR_TYPE_VIEW_LOCATE_INFO};
    info.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    info.displayTime = time;
    info.space = m_space;
    XrViewState state{XR_TYPE_VIEW_STATE};
    uint32_t count = 0;
    const std::array<XrView, 2> last = m_views;
    m_views = {{{XR_TYPE_VIEW}, {XR_TYPE_VIEW}}};
    const XrResult r = xrLocateViews(m_session, &info, &state, 2, &count, m_views.data());
    if (r == XR_SESSION_LOSS_PENDING)
        (void)still_running(r);
    else
        XR_CHECK(r);
    // Without VALID bits the poses are undefined: the frame is ended with no layers (never drawn from old views).
    m_views_valid = count == 2 && (state.viewStateFlags & XR_VIEW_STATE_ORIENTATION_VALID_BIT);
    if (!m_views_valid && core::mutated(core::Mutation::xr_stale_pose)) {
        m_views = last;
        m_views_valid = true;
    }
    XrSpaceLocation head{XR_TYPE_SPACE_LOCATION};
    XR_CHECK(xrLocateSpace(m_view_space, m_space, time, &head));
    m_input.head = head.pose;
    m_input.head_valid = (head.locationFlags & XR_SPACE_LOCATION_ORIENTATION_VALID_BIT) != 0;
}

bool XrPresenter::still_running(XrResult r) {
    if (r != XR_SESSION_LOSS_PENDING) return true;
    spdlog::warn("OpenXR: the session is being lost (headset disconnected?)");
    m_running = false;
    m_restart_pending = true; // poll_events makes a new one (the state event LOSS_PENDING follows)
    return false;
}

gpu::Frame* XrPresenter::begin_frame(double /*time*/) {
    if (!m_running) return nullptr;
    XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
    m_frame_state = {XR_TYPE_FRAME_STATE};
    XrResult r = xrWaitFrame(m_session, &wait, &m_frame_state);
    if (!still_running(r)) return nullptr; // no xrBeginFrame was called, so no xrEndFrame is owed
    XR_CHECK(r);
    XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
    r = xrBeginFrame(m_session, &begin);
    if (!still_running(r)) return nullptr;
    if (r != XR_FRAME_DISCARDED) XR_CHECK(r); // discarded: the previous frame was dropped; this one goes on

    const XrTime time = m_frame_state.predictedDisplayTime;
    locate(time);
    m_input.focused = m_state == XR_SESSION_STATE_FOCUSED;
    const bool recenter = m_input.recenter_requested;
    m_input.controller = m_input.focused ? m_input_actions.read(m_session, m_space, time) : ControllerState{};
    m_input.recenter_requested = recenter || m_input.controller.recenter;

    m_frame.time = double(time) * 1e-9;
    m_frame.should_render = m_frame_state.shouldRender && m_views_valid;
    m_frame.views.clear();
    gpu::FrameSlot& slot = m_slots[m_slot];
    m_completed = gpu::begin_slot(m_ctx, slot, m_completed);
    m_deferred.collect(m_completed);
    m_frame.cmd = slot.cmd;
    if (!m_frame.should_render) return &m_frame;
    for (uint32_t i = 0; i < 2; ++i) {
        Eye& eye = m_eyes[i];
        acquire(eye.swapchain, eye.acquired);
        if (m_depth_enabled) acquire(eye.depth_swapchain, eye.depth_acquired);
        // The runtime hands the image over in COLOR_ATTACHMENT_OPTIMAL (XR_KHR_vulkan_enable2) and wants it back so;
        // a depth image in DEPTH_STENCIL_ATTACHMENT_OPTIMAL (end_frame turns it back).
        gpu::View view;
        view.eye = i;
        view.world_from_view = pose_to_matrix(m_views[i].pose);
        const XrFovf& f = m_views[i].fov;
        view.projection = math::projection_from_fov({f.angleLeft, f.angleRight, f.angleUp, f.angleDown}, k_near_m);
        view.target = {eye.images[eye.acquired],
                       eye.views[eye.acquired].get(),
                       m_format,
                       {uint32_t(eye.size.width), uint32_t(eye.size.height)}};
        view.target.depth_image = m_depth_enabled ? eye.depth_images[eye.depth_acquired] : eye.depth.image.get();
        view.target.depth_view = m_depth_enabled ? eye.depth_views[eye.depth_acquired].get() : eye.depth.view.get();
        view.target.keep_depth = m_depth_enabled;
        gpu::depth_barrier(slot.cmd, view.target.depth_image);
        m_frame.views.push_back(view);
    }
    return &m_frame;
}

void XrPresenter::acquire(XrSwapchain swapchain, uint32_t& index) {
    XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    XR_CHECK(xrAcquireSwapchainImage(swapchain, &acquire, &index));
    XrSwapchainImageWaitInfo wait_image{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
    wait_image.timeout = XR_INFINITE_DURATION;
    XR_CHECK(xrWaitSwapchainImage(swapchain, &wait_image));
}

// Depth goes with each projection view: window depth 0 is infinitely far and 1 the near plane (reversed-Z). The
// extension names the distance at minDepth nearZ and at maxDepth farZ, and a nearZ greater than farZ says the depth
// is reversed: so minDepth 0 at nearZ = +infinity, maxDepth 1 at farZ = the near plane.
void XrPresenter::end_frame(gpu::Frame& frame) {
    const bool rendered = frame.should_render && frame.views.size() == 2;
    if (rendered && m_depth_enabled)
        for (const Eye& eye : m_eyes)
            gpu::depth_handover_barrier(m_slots[m_slot].cmd, eye.depth_images[eye.depth_acquired],
                                        VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL);
    gpu::submit_slot(m_ctx, m_slots[m_slot], m_submitted++);
    m_slot = (m_slot + 1) % m_slots.size();

    std::array<XrCompositionLayerProjectionView, 2> views{
        {{XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW}, {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW}}};
    std::array<XrCompositionLayerDepthInfoKHR, 2> depth{
        {{XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR}, {XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR}}};
    if (rendered)
        for (uint32_t i = 0; i < 2; ++i) {
            XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
            XR_CHECK(xrReleaseSwapchainImage(m_eyes[i].swapchain, &release));
            views[i].pose = m_views[i].pose;
            views[i].fov = m_views[i].fov;
            views[i].subImage.swapchain = m_eyes[i].swapchain;
            views[i].subImage.imageRect = {{0, 0}, m_eyes[i].size};
            views[i].subImage.imageArrayIndex = 0;
            if (!m_depth_enabled) continue;
            XR_CHECK(xrReleaseSwapchainImage(m_eyes[i].depth_swapchain, &release));
            depth[i].subImage = {m_eyes[i].depth_swapchain, {{0, 0}, m_eyes[i].size}, 0};
            depth[i].minDepth = 0.0f;
            depth[i].maxDepth = 1.0f;
            depth[i].nearZ = std::numeric_limits<float>::infinity();
            depth[i].farZ = k_near_m;
            views[i].next = &depth[i];
        }
    XrCompositionLayerProjection layer{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
    layer.space = m_space;
    layer.viewCount = 2;
    layer.views = views.data();
    XrCompositionLayerCubeKHR cube{XR_TYPE_COMPOSITION_LAYER_CUBE_KHR};
    std::vector<const XrCompositionLayerBaseHeader*> layers;
    if (rendered && m_cube_swapchain != XR_NULL_HANDLE) {
        cube.space = m_space;
        cube.eyeVisibility = XR_EYE_VISIBILITY_BOTH;
        cube.swapchain = m_cube_swapchain;
        cube.imageArrayIndex = 0;
        cube.orientation = m_cube_orientation;
        layers.push_back(reinterpret_cast<XrCompositionLayerBaseHeader*>(&cube));
        // The eye images then hold only markers, panels and the pointer over transparent black (premultiplied).
        layer.layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT;
    }
    if (rendered) layers.push_back(reinterpret_cast<XrCompositionLayerBaseHeader*>(&layer));
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = m_frame_state.predictedDisplayTime;
    end.environmentBlendMode = m_blend_mode;
    end.layerCount = uint32_t(layers.size());
    end.layers = layers.empty() ? nullptr : layers.data();
    if (core::mutated(core::Mutation::skip_end_frame)) return;
    const XrResult r = xrEndFrame(m_session, &end);
    if (still_running(r)) XR_CHECK(r);
}

void XrPresenter::haptic_pulse() {
    if (m_input.focused) m_input_actions.pulse(m_session);
}

} // namespace vrex::xr
