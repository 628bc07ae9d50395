// XrPresenter's session lifetime: made at construction, destroyed and made again after a session loss
// (XR_SESSION_STATE_LOSS_PENDING: OpenXR 1.0 §9.3 lets the application destroy it and try xrGetSystem again).
#include <spdlog/spdlog.h>

#include "core/mutation.hpp"
#include "core/xr_check.hpp"
#include "xr/xr_presenter.hpp"

namespace vrex::xr {

void XrPresenter::open_session() {
    create_session();
    m_input_actions.attach(m_session);
    create_swapchains();
    ++m_session_count;
    m_profile_dirty = true;
}

void XrPresenter::create_session() {
    XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
    binding.instance = m_ctx.instance();
    binding.physicalDevice = m_ctx.physical_device();
    binding.device = m_ctx.device();
    binding.queueFamilyIndex = m_ctx.queue_family();
    binding.queueIndex = 0;
    XrSessionCreateInfo info{XR_TYPE_SESSION_CREATE_INFO};
    info.next = &binding;
    info.systemId = m_system.system();
    XR_CHECK(xrCreateSession(m_system.instance(), &info, &m_session));
    XrReferenceSpaceCreateInfo space{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
    space.referenceSpaceType = m_options.stage ? XR_REFERENCE_SPACE_TYPE_STAGE : XR_REFERENCE_SPACE_TYPE_LOCAL;
    space.poseInReferenceSpace.orientation.w = 1.0f;
    XR_CHECK(xrCreateReferenceSpace(m_session, &space, &m_space));
    space.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW;
    XR_CHECK(xrCreateReferenceSpace(m_session, &space, &m_view_space));
}

// Called from the destructor too: failures are not thrown (a lost session or instance still lets its handles go).
void XrPresenter::destroy_session() {
    vkDeviceWaitIdle(m_ctx.device()); // the eye images' views may still be in use
    if (m_cube_swapchain != XR_NULL_HANDLE) xrDestroySwapchain(m_cube_swapchain);
    m_cube_swapchain = XR_NULL_HANDLE;
    for (Eye& eye : m_eyes) {
        eye.views.clear();
        eye.depth_views.clear();
        eye.depth = {};
        if (eye.swapchain != XR_NULL_HANDLE) xrDestroySwapchain(eye.swapchain);
        if (eye.depth_swapchain != XR_NULL_HANDLE) xrDestroySwapchain(eye.depth_swapchain);
        eye = Eye{};
    }
    // Children before their parent: every space and swapchain of the session, then the session.
    if (!core::mutated(core::Mutation::late_space_destroy)) m_input_actions.detach();
    if (m_view_space != XR_NULL_HANDLE) xrDestroySpace(m_view_space);
    if (m_space != XR_NULL_HANDLE) xrDestroySpace(m_space);
    if (m_session != XR_NULL_HANDLE) xrDestroySession(m_session);
    m_view_space = m_space = XR_NULL_HANDLE;
    m_session = XR_NULL_HANDLE;
    m_running = false;
    m_state = XR_SESSION_STATE_UNKNOWN;
}

// At most k_max_session_restarts new sessions, each once the headset is there again (asked at a modest rate, never
// in a tight loop): a runtime that keeps losing them ends the XR view with session_lost().
void XrPresenter::restart_session() {
    const auto now = std::chrono::steady_clock::now();
    if (now < m_next_restart) return;
    m_next_restart = now + std::chrono::milliseconds(XrSystem::k_system_poll_ms);
    if (m_session != XR_NULL_HANDLE) destroy_session();
    if (m_restarts >= k_max_session_restarts || core::mutated(core::Mutation::xr_no_restart)) {
        spdlog::error("OpenXR: the session was lost {} times; giving up", m_restarts + 1);
        m_restart_pending = false;
        m_exit = m_lost = true;
        return;
    }
    XrSystemGetInfo info{XR_TYPE_SYSTEM_GET_INFO};
    info.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
    XrSystemId system = XR_NULL_SYSTEM_ID;
    const XrResult r = xrGetSystem(m_system.instance(), &info, &system);
    if (r == XR_ERROR_FORM_FACTOR_UNAVAILABLE) return; // not back yet: asked again at the next restart time
    if (r == XR_ERROR_INSTANCE_LOST) {
        m_exit = m_instance_lost = true;
        return;
    }
    if (XR_FAILED(r) || system != m_system.system()) {
        spdlog::error("OpenXR: no headset to start a new session on ({})", core::xr_result_name(r));
        m_restart_pending = false;
        m_exit = m_lost = true;
        return;
    }
    ++m_restarts;
    m_restart_pending = false;
    open_session();
    spdlog::warn("OpenXR: a new session was started after the loss ({} of at most {})", m_restarts,
                 k_max_session_restarts);
}

void XrPresenter::read_profile() {
    m_profile_dirty = false;
    const std::string profile = m_input_actions.current_profile(m_system.instance(), m_session);
    if (profile == m_profile) return;
    spdlog::info("OpenXR controller: {}", profile.empty() ? "none" : profile);
    m_profile = profile;
}

} // namespace vrex::xr
