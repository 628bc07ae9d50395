// The frame loop: xrWaitFrame paces a simulated 90 Hz display, xrBeginFrame/xrEndFrame are checked for order, and
// every submitted layer is validated the way the specification's valid-usage rules describe.

#include "entry_points.hpp"

#include <cmath>
#include <cstdio>

namespace xrsim {

namespace {

constexpr const char* k_end_frame = "xrEndFrame";

Session* session_from(XrSession handle) {
    return from_handle<Session>(handle, ObjectType::session);
}

XrResult check_pose(Instance& instance, const XrPosef& pose, const char* what) {
    return is_unit(pose.orientation) ? XR_SUCCESS
                                     : misuse(instance, k_end_frame, XR_ERROR_POSE_INVALID,
                                              std::string(what) + ": orientation is not a unit quaternion");
}

XrResult check_space(Session& session, XrSpace handle, const char* what) {
    Space* space = from_handle<Space>(handle, ObjectType::space);
    if (space && space->session == &session) return XR_SUCCESS;
    return misuse(*session.instance, k_end_frame, XR_ERROR_HANDLE_INVALID, std::string(what) + ": invalid space");
}

XrResult check_sub_image(Session& session, const XrSwapchainSubImage& sub, const std::string& what) {
    Instance& instance = *session.instance;
    Swapchain* swapchain = from_handle<Swapchain>(sub.swapchain, ObjectType::swapchain);
    if (!swapchain || swapchain->session != &session)
        return misuse(instance, k_end_frame, XR_ERROR_HANDLE_INVALID, what + ": invalid swapchain");
    if (!swapchain->released_any)
        return misuse(instance, k_end_frame, XR_ERROR_LAYER_INVALID, what + ": swapchain has no released image");
    if (sub.imageArrayIndex >= swapchain->info.arraySize)
        return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE, what + ": imageArrayIndex out of range");
    const XrRect2Di& rect = sub.imageRect;
    bool inside = rect.offset.x >= 0 && rect.offset.y >= 0 && rect.extent.width > 0 && rect.extent.height > 0 &&
                  static_cast<uint64_t>(rect.offset.x) + rect.extent.width <= swapchain->info.width &&
                  static_cast<uint64_t>(rect.offset.y) + rect.extent.height <= swapchain->info.height;
    if (!inside)
        return misuse(instance, k_end_frame, XR_ERROR_SWAPCHAIN_RECT_INVALID,
                      what + ": imageRect is empty or outside the swapchain image");
    return XR_SUCCESS;
}

// A number for the log; JSON has no infinity.
std::string number_text(float value) {
    if (std::isinf(value)) return value > 0 ? "\"+inf\"" : "\"-inf\"";
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", double(value));
    return text;
}

// XR_KHR_composition_layer_depth: depth chained to a projection view. Its swapchain must be a depth one with a
// released image, its rect inside it and as large as the colour rect; minDepth < maxDepth within [0, 1]; nearZ and
// farZ in (0, +infinity] and different (nearZ > farZ: reversed depth). `summary` says what was received.
XrResult check_depth_info(Session& session, const XrCompositionLayerProjectionView& view,
                          const XrCompositionLayerDepthInfoKHR& depth, const std::string& what, std::string& summary) {
    Instance& instance = *session.instance;
    if (!instance.extensions.count("XR_KHR_composition_layer_depth"))
        return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE,
                      what + ": depth info without XR_KHR_composition_layer_depth enabled");
    if (XrResult r = check_sub_image(session, depth.subImage, what + " depth"); XR_FAILED(r)) return r;
    Swapchain* swapchain = from_handle<Swapchain>(depth.subImage.swapchain, ObjectType::swapchain);
    const int64_t format = swapchain->info.format;
    if ((format != VK_FORMAT_D32_SFLOAT && format != VK_FORMAT_D16_UNORM) ||
        !(swapchain->info.usageFlags & XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT) ||
        swapchain->info.faceCount != 1)
        return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE,
                      what + ": the depth swapchain is not a one-face depth-format depth-stencil attachment");
    const XrExtent2Di& d = depth.subImage.imageRect.extent;
    const XrExtent2Di& c = view.subImage.imageRect.extent;
    if (d.width != c.width || d.height != c.height)
        return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE,
                      what + ": the depth rect is not the size of the colour rect");
    auto in_unit = [](float v) { return v >= 0.0f && v <= 1.0f; };
    if (!in_unit(depth.minDepth) || !in_unit(depth.maxDepth) || !(depth.minDepth < depth.maxDepth))
        return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE,
                      what + ": minDepth and maxDepth must lie in [0, 1] with minDepth < maxDepth");
    auto distance = [](float v) { return v > 0.0f; }; // NaN fails; +infinity passes
    if (!distance(depth.nearZ) || !distance(depth.farZ) || depth.nearZ == depth.farZ)
        return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE,
                      what + ": nearZ and farZ must be different and in (0, +infinity]");
    summary += ",{\"format\":" + std::to_string(format) + ",\"width\":" + std::to_string(d.width) +
               ",\"height\":" + std::to_string(d.height) + ",\"min_depth\":" + number_text(depth.minDepth) +
               ",\"max_depth\":" + number_text(depth.maxDepth) + ",\"near_z\":" + number_text(depth.nearZ) +
               ",\"far_z\":" + number_text(depth.farZ) +
               ",\"reversed\":" + (depth.nearZ > depth.farZ ? "true" : "false") + "}";
    return XR_SUCCESS;
}

XrResult check_projection(Session& session, const XrCompositionLayerProjection& layer, const std::string& what,
                          std::string& depth_summary) {
    Instance& instance = *session.instance;
    if (layer.viewCount != k_view_count || !layer.views)
        return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE,
                      what + ": a projection layer needs 2 views, got " + std::to_string(layer.viewCount));
    for (uint32_t i = 0; i < layer.viewCount; ++i) {
        const XrCompositionLayerProjectionView& view = layer.views[i];
        std::string view_what = what + " view " + std::to_string(i);
        if (view.type != XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW)
            return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE, view_what + ": wrong type");
        if (XrResult r = check_pose(instance, view.pose, view_what.c_str()); XR_FAILED(r)) return r;
        if (XrResult r = check_sub_image(session, view.subImage, view_what); XR_FAILED(r)) return r;
        for (auto* next = static_cast<const XrBaseInStructure*>(view.next); next; next = next->next) {
            if (next->type != XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR) continue;
            const auto& depth = *reinterpret_cast<const XrCompositionLayerDepthInfoKHR*>(next);
            if (XrResult r = check_depth_info(session, view, depth, view_what, depth_summary); XR_FAILED(r)) return r;
        }
    }
    return XR_SUCCESS;
}

XrResult check_cube(Session& session, const XrCompositionLayerCubeKHR& layer, const std::string& what) {
    Instance& instance = *session.instance;
    Swapchain* swapchain = from_handle<Swapchain>(layer.swapchain, ObjectType::swapchain);
    if (!swapchain || swapchain->session != &session)
        return misuse(instance, k_end_frame, XR_ERROR_HANDLE_INVALID, what + ": invalid swapchain");
    if (swapchain->info.faceCount != 6 || !swapchain->released_any)
        return misuse(instance, k_end_frame, XR_ERROR_LAYER_INVALID,
                      what + ": needs a 6-face swapchain with a released image");
    if (layer.imageArrayIndex >= swapchain->info.arraySize)
        return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE, what + ": imageArrayIndex out of range");
    if (!is_unit(layer.orientation))
        return misuse(instance, k_end_frame, XR_ERROR_POSE_INVALID, what + ": orientation is not a unit quaternion");
    return XR_SUCCESS;
}

// Checks one layer; `kind` receives its name for the log, `depth` what depth came with a projection layer.
XrResult check_layer(Session& session, const XrCompositionLayerBaseHeader* layer, uint32_t index, std::string& kind,
                     std::string& depth) {
    Instance& instance = *session.instance;
    std::string what = "layer " + std::to_string(index);
    if (!layer) return misuse(instance, k_end_frame, XR_ERROR_LAYER_INVALID, what + " is null");
    if (XrResult r = check_space(session, layer->space, what.c_str()); XR_FAILED(r)) return r;
    switch (layer->type) {
    case XR_TYPE_COMPOSITION_LAYER_PROJECTION:
        kind = "projection";
        return check_projection(session, *reinterpret_cast<const XrCompositionLayerProjection*>(layer), what, depth);
    case XR_TYPE_COMPOSITION_LAYER_QUAD: {
        kind = "quad";
        auto& quad = *reinterpret_cast<const XrCompositionLayerQuad*>(layer);
        if (XrResult r = check_pose(instance, quad.pose, what.c_str()); XR_FAILED(r)) return r;
        return check_sub_image(session, quad.subImage, what);
    }
    case XR_TYPE_COMPOSITION_LAYER_CUBE_KHR:
        kind = "cube";
        if (!instance.extensions.count("XR_KHR_composition_layer_cube")) break;
        return check_cube(session, *reinterpret_cast<const XrCompositionLayerCubeKHR*>(layer), what);
    case XR_TYPE_COMPOSITION_LAYER_EQUIRECT2_KHR: {
        kind = "equirect2";
        if (!instance.extensions.count("XR_KHR_composition_layer_equirect2")) break;
        auto& equirect = *reinterpret_cast<const XrCompositionLayerEquirect2KHR*>(layer);
        if (XrResult r = check_pose(instance, equirect.pose, what.c_str()); XR_FAILED(r)) return r;
        if (equirect.radius < 0.0f)
            return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE, what + ": negative radius");
        return check_sub_image(session, equirect.subImage, what);
    }
    default:
        break;
    }
    return misuse(instance, k_end_frame, XR_ERROR_LAYER_INVALID,
                  what + ": unsupported layer type " + std::to_string(layer->type) + " (extension not enabled?)");
}

XrResult check_end_info(Session& session, const XrFrameEndInfo& info, std::string& kinds, std::string& depth) {
    Instance& instance = *session.instance;
    if (info.displayTime <= 0 || !session.predicted_times.count(info.displayTime))
        return misuse(instance, k_end_frame, XR_ERROR_TIME_INVALID,
                      "displayTime is not the predictedDisplayTime of a waited frame");
    if (info.environmentBlendMode != XR_ENVIRONMENT_BLEND_MODE_OPAQUE)
        return misuse(instance, k_end_frame, XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED, "only OPAQUE");
    if (info.layerCount > k_max_layers)
        return misuse(instance, k_end_frame, XR_ERROR_LAYER_LIMIT_EXCEEDED, std::to_string(info.layerCount));
    if (info.layerCount > 0 && !info.layers)
        return misuse(instance, k_end_frame, XR_ERROR_VALIDATION_FAILURE, "layers is null");
    for (uint32_t i = 0; i < info.layerCount; ++i) {
        std::string kind;
        if (XrResult r = check_layer(session, info.layers[i], i, kind, depth); XR_FAILED(r)) return r;
        kinds += (kinds.empty() ? "" : ",") + kind;
    }
    return XR_SUCCESS;
}

} // namespace

} // namespace xrsim

namespace xrsim::api {

XrResult XRAPI_CALL wait_frame(XrSession handle, const XrFrameWaitInfo* info, XrFrameState* state) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if ((info && info->type != XR_TYPE_FRAME_WAIT_INFO) || !state || state->type != XR_TYPE_FRAME_STATE)
        return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *session->instance;
    if (!session->running) return misuse(instance, "xrWaitFrame", XR_ERROR_SESSION_NOT_RUNNING, "not running");
    if (session->frame_waited)
        return misuse(instance, "xrWaitFrame", XR_ERROR_CALL_ORDER_INVALID,
                      "xrWaitFrame again before xrBeginFrame (a real runtime would block here)");
    int64_t frame = ++session->last_waited;
    run_frame_script(*session, frame);
    state->predictedDisplayTime = predicted_time(*session, frame);
    state->predictedDisplayPeriod = k_frame_period_ns;
    const bool visible = session->state == XR_SESSION_STATE_VISIBLE || session->state == XR_SESSION_STATE_FOCUSED;
    session->should_render_waited = visible && instance.script.state_at(frame).render;
    state->shouldRender = session->should_render_waited ? XR_TRUE : XR_FALSE;
    session->predicted_times.insert(state->predictedDisplayTime);
    session->frame_waited = true;
    return session->lost ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

XrResult XRAPI_CALL begin_frame(XrSession handle, const XrFrameBeginInfo* info) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (info && info->type != XR_TYPE_FRAME_BEGIN_INFO) return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *session->instance;
    if (!session->running) return misuse(instance, "xrBeginFrame", XR_ERROR_SESSION_NOT_RUNNING, "not running");
    if (!session->frame_waited)
        return misuse(instance, "xrBeginFrame", XR_ERROR_CALL_ORDER_INVALID, "no xrWaitFrame before xrBeginFrame");
    session->frame_waited = false;
    XrResult result = XR_SUCCESS;
    if (session->frame_begun) {
        instance.log.write(JsonLine("frame_discarded").add("frame", session->begun_frame));
        result = XR_FRAME_DISCARDED;
    }
    session->frame_begun = true;
    session->begun_frame = session->last_waited;
    session->should_render_begun = session->should_render_waited;
    return result;
}

XrResult XRAPI_CALL end_frame(XrSession handle, const XrFrameEndInfo* info) {
    std::lock_guard lock(api_mutex());
    Session* session = session_from(handle);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!info || info->type != XR_TYPE_FRAME_END_INFO) return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *session->instance;
    if (!session->running) return misuse(instance, k_end_frame, XR_ERROR_SESSION_NOT_RUNNING, "not running");
    if (!session->frame_begun)
        return misuse(instance, k_end_frame, XR_ERROR_CALL_ORDER_INVALID, "no xrBeginFrame before xrEndFrame");
    std::string kinds, depth;
    if (XrResult r = check_end_info(*session, *info, kinds, depth); XR_FAILED(r)) return r;
    session->frame_begun = false;
    session->predicted_times.erase(session->predicted_times.begin(),
                                   session->predicted_times.upper_bound(info->displayTime));
    ++session->frames_submitted;
    int64_t frame = session->begun_frame;
    instance.log.write(JsonLine("frame")
                           .add("frame", frame)
                           .add("layers", static_cast<int64_t>(info->layerCount))
                           .add("kinds", kinds)
                           .add("should_render", session->should_render_begun)
                           .add("state", state_name(session->state)));
    // Depth with the projection views: one line when it starts or changes, e.g. {"event":"depth_info","frame":12,
    // "views":[{"format":126,"width":640,"height":640,"min_depth":0,"max_depth":1,"near_z":"+inf","far_z":0.05,
    // "reversed":true},{...}]}.
    if (depth != session->last_depth_info) {
        session->last_depth_info = depth;
        instance.log.write(JsonLine("depth_info")
                               .add("frame", frame)
                               .add_raw("views", "[" + depth.substr(depth.empty() ? 0 : 1) + "]"));
    }
    for (ScriptEvent event : instance.script.events_at(frame))
        if (event == ScriptEvent::capture) capture_frame(*session, *info, frame);
    return XR_SUCCESS;
}

} // namespace xrsim::api
