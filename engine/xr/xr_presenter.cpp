#include "xr/xr_presenter.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

#include "core/mutation.hpp"
#include "core/vk_check.hpp"
#include "core/xr_check.hpp"

namespace vrex::xr {
namespace {

std::vector<int64_t> swapchain_formats(XrSession session) {
    uint32_t count = 0;
    XR_CHECK(xrEnumerateSwapchainFormats(session, 0, &count, nullptr));
    std::vector<int64_t> formats(count);
    XR_CHECK(xrEnumerateSwapchainFormats(session, count, &count, formats.data()));
    return formats;
}

// The runtime's first (preferred) format that vrex can render to with correct gamma: an sRGB one.
VkFormat choose_format(const std::vector<int64_t>& formats) {
    for (int64_t f : formats)
        if (f == VK_FORMAT_R8G8B8A8_SRGB || f == VK_FORMAT_B8G8R8A8_SRGB) return VkFormat(f);
    throw core::Error("the OpenXR runtime offers no sRGB swapchain format");
}

} // namespace

XrPresenter::XrPresenter(XrSystem& system, gpu::Context& ctx, XrPresenterOptions options)
    : m_system(system), m_ctx(ctx), m_options(options), m_input_actions(system.instance()) {
    m_cube_enabled = options.cube_layer && system.has_extension(XR_KHR_COMPOSITION_LAYER_CUBE_EXTENSION_NAME);
    check_system_modes();
    open_session();
    for (gpu::FrameSlot& slot : m_slots) slot = gpu::make_frame_slot(ctx, true);
}

XrPresenter::~XrPresenter() {
    vkDeviceWaitIdle(m_ctx.device());
    m_deferred.clear();
    destroy_session();
}

// The view configuration and blend mode must be ones the system lists (xrBeginSession / xrEndFrame valid usage).
void XrPresenter::check_system_modes() {
    uint32_t count = 0;
    XR_CHECK(xrEnumerateViewConfigurations(m_system.instance(), m_system.system(), 0, &count, nullptr));
    std::vector<XrViewConfigurationType> configs(count);
    XR_CHECK(xrEnumerateViewConfigurations(m_system.instance(), m_system.system(), count, &count, configs.data()));
    if (std::find(configs.begin(), configs.end(), XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO) == configs.end())
        throw core::Error("the headset has no stereo view configuration (XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)");
    XR_CHECK(xrEnumerateEnvironmentBlendModes(m_system.instance(), m_system.system(),
                                              XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 0, &count, nullptr));
    std::vector<XrEnvironmentBlendMode> modes(count);
    XR_CHECK(xrEnumerateEnvironmentBlendModes(m_system.instance(), m_system.system(),
                                              XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, count, &count, modes.data()));
    if (modes.empty()) throw core::Error("the headset lists no environment blend mode");
    // OPAQUE is what a panorama wants; a see-through headset that lacks it gets its own first mode.
    m_blend_mode = std::find(modes.begin(), modes.end(), XR_ENVIRONMENT_BLEND_MODE_OPAQUE) != modes.end()
                       ? XR_ENVIRONMENT_BLEND_MODE_OPAQUE
                       : modes.front();
}

void XrPresenter::create_swapchains() {
    uint32_t count = 0;
    XR_CHECK(xrEnumerateViewConfigurationViews(m_system.instance(), m_system.system(),
                                               XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 0, &count, nullptr));
    std::vector<XrViewConfigurationView> configs(count, {XR_TYPE_VIEW_CONFIGURATION_VIEW});
    XR_CHECK(xrEnumerateViewConfigurationViews(m_system.instance(), m_system.system(),
                                               XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, count, &count,
                                               configs.data()));
    if (count != 2)
        throw core::Error("the headset's stereo view configuration has " + std::to_string(count) + " views");
    const std::vector<int64_t> formats = swapchain_formats(m_session);
    m_format = choose_format(formats);
    // The renderer's depth format (reversed-Z D32): a runtime that cannot take it gets no depth.
    m_depth_enabled = m_system.has_extension(XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME) &&
                      std::find(formats.begin(), formats.end(), int64_t(gpu::k_depth_format)) != formats.end();
    if (m_system.has_extension(XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME) && !m_depth_enabled)
        spdlog::warn("OpenXR: the runtime takes depth but not as D32_SFLOAT; depth is not submitted");
    for (uint32_t i = 0; i < 2; ++i) {
        Eye& eye = m_eyes[i];
        eye.size = {int32_t(configs[i].recommendedImageRectWidth), int32_t(configs[i].recommendedImageRectHeight)};
        XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
        info.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT;
        info.format = m_format;
        info.sampleCount = 1;
        info.width = uint32_t(eye.size.width);
        info.height = uint32_t(eye.size.height);
        info.faceCount = 1;
        info.arraySize = 1;
        info.mipCount = 1;
        XR_CHECK(xrCreateSwapchain(m_session, &info, &eye.swapchain));
        uint32_t n = 0;
        XR_CHECK(xrEnumerateSwapchainImages(eye.swapchain, 0, &n, nullptr));
        std::vector<XrSwapchainImageVulkan2KHR> images(n, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
        XR_CHECK(xrEnumerateSwapchainImages(eye.swapchain, n, &n,
                                            reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())));
        for (const auto& image : images) {
            eye.images.push_back(image.image);
            VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
            view.image = image.image;
            view.viewType = VK_IMAGE_VIEW_TYPE_2D;
            view.format = m_format;
            view.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
            VkImageView v;
            VK_CHECK(vkCreateImageView(m_ctx.device(), &view, nullptr, &v));
            eye.views.emplace_back(m_ctx.device(), v);
        }
        if (m_depth_enabled)
            create_depth_swapchain(eye, i);
        else
            eye.depth =
                gpu::make_depth_buffer(m_ctx, {info.width, info.height}, i == 0 ? "left eye depth" : "right eye depth");
    }
    spdlog::info("OpenXR swapchains {}x{} and {}x{}", m_eyes[0].size.width, m_eyes[0].size.height, m_eyes[1].size.width,
                 m_eyes[1].size.height);
}

void XrPresenter::create_depth_swapchain(Eye& eye, uint32_t index) {
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    info.usageFlags = XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT;
    info.format = gpu::k_depth_format;
    info.sampleCount = 1;
    info.width = uint32_t(eye.size.width);
    info.height = uint32_t(eye.size.height);
    info.faceCount = 1;
    info.arraySize = 1;
    info.mipCount = 1;
    XR_CHECK(xrCreateSwapchain(m_session, &info, &eye.depth_swapchain));
    uint32_t n = 0;
    XR_CHECK(xrEnumerateSwapchainImages(eye.depth_swapchain, 0, &n, nullptr));
    std::vector<XrSwapchainImageVulkan2KHR> images(n, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
    XR_CHECK(xrEnumerateSwapchainImages(eye.depth_swapchain, n, &n,
                                        reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())));
    for (const auto& image : images) {
        eye.depth_images.push_back(image.image);
        eye.depth_views.push_back(
            gpu::make_depth_view(m_ctx, image.image, index == 0 ? "left eye depth (XR)" : "right eye depth (XR)"));
    }
}

bool XrPresenter::poll_events() {
    XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
    while (true) {
        event = {XR_TYPE_EVENT_DATA_BUFFER};
        const XrResult r = xrPollEvent(m_system.instance(), &event);
        if (r == XR_EVENT_UNAVAILABLE) break;
        if (r == XR_ERROR_INSTANCE_LOST) {
            spdlog::warn("OpenXR: the runtime lost its instance (XR_ERROR_INSTANCE_LOST)");
            m_exit = m_instance_lost = true;
            break;
        }
        XR_CHECK(r);
        switch (event.type) {
        case XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED: {
            const auto& changed = reinterpret_cast<const XrEventDataSessionStateChanged&>(event);
            if (changed.session == m_session) handle_state(changed.state); // not a lost session's last words
            break;
        }
        case XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING:
            spdlog::warn("OpenXR: the runtime is going away (XrEventDataInstanceLossPending)");
            m_exit = m_instance_lost = true;
            m_running = false;
            break;
        case XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING:
            m_input.recenter_requested = true;
            break;
        case XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED:
            m_profile_dirty = true; // read once after the queue is empty, however many came
            break;
        case XR_TYPE_EVENT_DATA_EVENTS_LOST:
            // Session state changes are never dropped by a conforming runtime's queue overflow (they are what the
            // loop depends on); what may have been dropped is re-read: the controller in use.
            spdlog::warn("OpenXR: the runtime dropped {} events",
                         reinterpret_cast<const XrEventDataEventsLost&>(event).lostEventCount);
            m_profile_dirty = true;
            break;
        default:
            break;
        }
    }
    if (m_restart_pending && !m_instance_lost) restart_session();
    if (m_profile_dirty && m_session != XR_NULL_HANDLE && !m_restart_pending && !m_instance_lost) read_profile();
    return !m_exit;
}

void XrPresenter::handle_state(XrSessionState state) {
    m_state = state;
    spdlog::info("OpenXR session state {}", int(state));
    switch (state) {
    case XR_SESSION_STATE_READY: {
        XrSessionBeginInfo begin{XR_TYPE_SESSION_BEGIN_INFO};
        begin.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
        XR_CHECK(xrBeginSession(m_session, &begin));
        m_running = true;
        break;
    }
    case XR_SESSION_STATE_STOPPING:
        m_running = false;
        XR_CHECK(xrEndSession(m_session));
        break;
    case XR_SESSION_STATE_EXITING:
        m_exit = true;
        break;
    case XR_SESSION_STATE_LOSS_PENDING:
        spdlog::warn("OpenXR: the session was lost (headset disconnected?)");
        m_running = false;
        m_restart_pending = true;
        break;
    default:
        break;
    }
}

void XrPresenter::request_exit() {
    if (m_exit_requested) return;
    m_exit_requested = true;
    if (m_running)
        XR_CHECK(xrRequestExitSession(m_session));
    else
        m_exit = true;
}

} // namespace vrex::xr
