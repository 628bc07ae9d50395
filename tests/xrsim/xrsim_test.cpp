// xrsim through the real loader: lifecycle, strict call order, session loss, swapchain misuse, scripted input,
// views and capture.

#include "xr_fixture.hpp"

#include <stb/stb_image.h>

#include <cmath>
#include <filesystem>

namespace {

using States = std::vector<XrSessionState>;

int count_of(const std::string& text, const std::string& needle) {
    int count = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
    return count;
}

} // namespace

TEST_F(XrsimTest, SessionGoesToFocusedAndLeavesThroughExiting) {
    start("");
    EXPECT_EQ(poll_states(), (States{XR_SESSION_STATE_IDLE, XR_SESSION_STATE_READY}));
    EXPECT_EQ(xrEndSession(m_session), XR_ERROR_SESSION_NOT_RUNNING);
    begin_session();
    XrSessionBeginInfo again{XR_TYPE_SESSION_BEGIN_INFO};
    again.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    EXPECT_EQ(xrBeginSession(m_session, &again), XR_ERROR_SESSION_RUNNING);
    XrFrameState first = empty_frame();
    EXPECT_FALSE(first.shouldRender); // SYNCHRONIZED
    EXPECT_EQ(poll_states(), (States{XR_SESSION_STATE_SYNCHRONIZED}));
    XrFrameState second = empty_frame();
    EXPECT_EQ(second.predictedDisplayTime - first.predictedDisplayTime, 11'111'111);
    EXPECT_EQ(second.predictedDisplayPeriod, 11'111'111);
    EXPECT_TRUE(second.shouldRender);
    ASSERT_TRUE(run_until(XR_SESSION_STATE_FOCUSED));
    EXPECT_EQ(xrEndSession(m_session), XR_ERROR_SESSION_NOT_STOPPING);
    ASSERT_EQ(xrRequestExitSession(m_session), XR_SUCCESS);
    EXPECT_EQ(poll_states(),
              (States{XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_STOPPING}));
    ASSERT_EQ(xrEndSession(m_session), XR_SUCCESS);
    EXPECT_EQ(poll_states(), (States{XR_SESSION_STATE_IDLE, XR_SESSION_STATE_EXITING}));
    XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState state{XR_TYPE_FRAME_STATE};
    EXPECT_EQ(xrWaitFrame(m_session, &wait, &state), XR_ERROR_SESSION_NOT_RUNNING);
    EXPECT_EQ(count_of(log_text(), "\"misuse\""), 4); // the four deliberate ones
}

TEST_F(XrsimTest, FrameCallsOutOfOrderAreRejected) {
    start("");
    begin_session();
    XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
    EXPECT_EQ(xrBeginFrame(m_session, &begin), XR_ERROR_CALL_ORDER_INVALID);
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    end.displayTime = 1;
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_ERROR_CALL_ORDER_INVALID);

    XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState first{XR_TYPE_FRAME_STATE};
    ASSERT_EQ(xrWaitFrame(m_session, &wait, &first), XR_SUCCESS);
    XrFrameState extra{XR_TYPE_FRAME_STATE};
    EXPECT_EQ(xrWaitFrame(m_session, &wait, &extra), XR_ERROR_CALL_ORDER_INVALID);
    ASSERT_EQ(xrBeginFrame(m_session, &begin), XR_SUCCESS);
    EXPECT_EQ(xrBeginFrame(m_session, &begin), XR_ERROR_CALL_ORDER_INVALID); // no second xrWaitFrame
    XrFrameState second{XR_TYPE_FRAME_STATE};
    ASSERT_EQ(xrWaitFrame(m_session, &wait, &second), XR_SUCCESS);
    EXPECT_EQ(xrBeginFrame(m_session, &begin), XR_FRAME_DISCARDED); // the first frame was never ended

    end.displayTime = second.predictedDisplayTime + 5;
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_ERROR_TIME_INVALID);
    end.displayTime = second.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_ADDITIVE;
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED);
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_SUCCESS);
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_ERROR_CALL_ORDER_INVALID);
}

TEST_F(XrsimTest, ScriptedSessionLossIsReportedThenSessionCallsFail) {
    start("5 lose_session\n");
    begin_session();
    XrResult result = XR_SUCCESS;
    int frames = 0;
    while (result == XR_SUCCESS && frames < 10) {
        XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
        XrFrameState state{XR_TYPE_FRAME_STATE};
        result = xrWaitFrame(m_session, &wait, &state);
        if (result != XR_SUCCESS) break;
        XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
        ASSERT_EQ(xrBeginFrame(m_session, &begin), XR_SUCCESS);
        XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
        end.displayTime = state.predictedDisplayTime;
        end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
        ASSERT_EQ(xrEndFrame(m_session, &end), XR_SUCCESS);
        ++frames;
    }
    EXPECT_EQ(frames, 5);
    EXPECT_EQ(result, XR_SESSION_LOSS_PENDING);
    States states = poll_states();
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back(), XR_SESSION_STATE_LOSS_PENDING);
    XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
    EXPECT_EQ(xrBeginFrame(m_session, &begin), XR_ERROR_SESSION_LOST);
    XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState state{XR_TYPE_FRAME_STATE};
    EXPECT_EQ(xrWaitFrame(m_session, &wait, &state), XR_ERROR_SESSION_LOST);
    EXPECT_EQ(xrRequestExitSession(m_session), XR_ERROR_SESSION_LOST);
    // xrDestroySession still works (TearDown), and a new session can be created afterwards.
}

TEST_F(XrsimTest, SwapchainImagesFollowAcquireWaitRelease) {
    start("");
    uint32_t count = 0;
    ASSERT_EQ(xrEnumerateSwapchainFormats(m_session, 0, &count, nullptr), XR_SUCCESS);
    std::vector<int64_t> formats(count);
    ASSERT_EQ(xrEnumerateSwapchainFormats(m_session, count, &count, formats.data()), XR_SUCCESS);
    ASSERT_GE(formats.size(), 4u);
    EXPECT_EQ(formats[0], VK_FORMAT_R8G8B8A8_SRGB);
    EXPECT_EQ(formats[1], VK_FORMAT_B8G8R8A8_SRGB);

    XrSwapchain swapchain = create_swapchain(formats[0], XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT);
    EXPECT_EQ(swapchain_images(swapchain).size(), 3u);
    XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
    wait.timeout = XR_INFINITE_DURATION;
    XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
    XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    EXPECT_EQ(xrWaitSwapchainImage(swapchain, &wait), XR_ERROR_CALL_ORDER_INVALID);
    EXPECT_EQ(xrReleaseSwapchainImage(swapchain, &release), XR_ERROR_CALL_ORDER_INVALID);
    uint32_t index = 99;
    ASSERT_EQ(xrAcquireSwapchainImage(swapchain, &acquire, &index), XR_SUCCESS);
    EXPECT_EQ(index, 0u);
    EXPECT_EQ(xrAcquireSwapchainImage(swapchain, &acquire, &index), XR_ERROR_CALL_ORDER_INVALID);
    EXPECT_EQ(xrReleaseSwapchainImage(swapchain, &release), XR_ERROR_CALL_ORDER_INVALID); // not waited
    ASSERT_EQ(xrWaitSwapchainImage(swapchain, &wait), XR_SUCCESS);
    EXPECT_EQ(xrWaitSwapchainImage(swapchain, &wait), XR_ERROR_CALL_ORDER_INVALID);
    ASSERT_EQ(xrReleaseSwapchainImage(swapchain, &release), XR_SUCCESS);
    ASSERT_EQ(xrAcquireSwapchainImage(swapchain, &acquire, &index), XR_SUCCESS);
    EXPECT_EQ(index, 1u);

    XrSwapchainCreateInfo bad{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    bad.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT;
    bad.format = VK_FORMAT_R5G6B5_UNORM_PACK16;
    bad.sampleCount = bad.faceCount = bad.arraySize = bad.mipCount = 1;
    bad.width = bad.height = 16;
    XrSwapchain unused = XR_NULL_HANDLE;
    EXPECT_EQ(xrCreateSwapchain(m_session, &bad, &unused), XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED);
    EXPECT_EQ(xrDestroySwapchain(swapchain), XR_SUCCESS);
}

TEST_F(XrsimTest, EndFrameValidatesProjectionLayers) {
    start("");
    begin_session();
    XrSpace local = reference_space(XR_REFERENCE_SPACE_TYPE_LOCAL);
    XrSwapchain swapchain = create_swapchain(VK_FORMAT_R8G8B8A8_SRGB, XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT);
    XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState state{XR_TYPE_FRAME_STATE};
    ASSERT_EQ(xrWaitFrame(m_session, &wait, &state), XR_SUCCESS);
    XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
    ASSERT_EQ(xrBeginFrame(m_session, &begin), XR_SUCCESS);
    std::array<XrCompositionLayerProjectionView, 2> views{};
    for (auto& view : views) {
        view = {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW};
        view.pose.orientation.w = 1.0f;
        view.fov = {-0.8f, 0.8f, 0.8f, -0.8f};
        view.subImage.swapchain = swapchain;
        view.subImage.imageRect = {{0, 0}, {64, 64}};
    }
    XrCompositionLayerProjection layer{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
    layer.space = local;
    layer.viewCount = 2;
    layer.views = views.data();
    const XrCompositionLayerBaseHeader* layers[] = {reinterpret_cast<XrCompositionLayerBaseHeader*>(&layer)};
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = state.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    end.layerCount = 1;
    end.layers = layers;
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_ERROR_LAYER_INVALID); // nothing released yet
    XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    XrSwapchainImageWaitInfo image_wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
    image_wait.timeout = XR_INFINITE_DURATION;
    XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
    uint32_t index = 0;
    ASSERT_EQ(xrAcquireSwapchainImage(swapchain, &acquire, &index), XR_SUCCESS);
    ASSERT_EQ(xrWaitSwapchainImage(swapchain, &image_wait), XR_SUCCESS);
    ASSERT_EQ(xrReleaseSwapchainImage(swapchain, &release), XR_SUCCESS);
    views[1].subImage.imageRect = {{32, 0}, {64, 64}};
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_ERROR_SWAPCHAIN_RECT_INVALID);
    views[1].subImage.imageRect = {{0, 0}, {64, 64}};
    layer.viewCount = 1;
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_ERROR_VALIDATION_FAILURE);
    layer.viewCount = 2;
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_SUCCESS);
    EXPECT_EQ(count_of(log_text(), "\"kinds\":\"projection\""), 1);
}

TEST_F(XrsimTest, CubeLayerFromAStaticSwapchainWhenTheExtensionIsOn) {
    setenv("VREX_XRSIM_LAYERS", "cube,equirect2", 1);
    start("", {"XR_KHR_composition_layer_cube"});
    unsetenv("VREX_XRSIM_LAYERS");
    begin_session();
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    info.createFlags = XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT;
    info.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT;
    info.format = VK_FORMAT_R8G8B8A8_SRGB;
    info.sampleCount = info.arraySize = info.mipCount = 1;
    info.faceCount = 6;
    info.width = info.height = 32;
    XrSwapchain cube = XR_NULL_HANDLE;
    ASSERT_EQ(xrCreateSwapchain(m_session, &info, &cube), XR_SUCCESS);
    EXPECT_EQ(swapchain_images(cube).size(), 1u);
    XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    XrSwapchainImageWaitInfo image_wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
    image_wait.timeout = XR_INFINITE_DURATION;
    XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
    uint32_t index = 0;
    ASSERT_EQ(xrAcquireSwapchainImage(cube, &acquire, &index), XR_SUCCESS);
    ASSERT_EQ(xrWaitSwapchainImage(cube, &image_wait), XR_SUCCESS);
    ASSERT_EQ(xrReleaseSwapchainImage(cube, &release), XR_SUCCESS);
    EXPECT_EQ(xrAcquireSwapchainImage(cube, &acquire, &index), XR_ERROR_CALL_ORDER_INVALID); // static: once

    XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState state{XR_TYPE_FRAME_STATE};
    ASSERT_EQ(xrWaitFrame(m_session, &wait, &state), XR_SUCCESS);
    XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
    ASSERT_EQ(xrBeginFrame(m_session, &begin), XR_SUCCESS);
    XrCompositionLayerCubeKHR layer{XR_TYPE_COMPOSITION_LAYER_CUBE_KHR};
    layer.space = reference_space(XR_REFERENCE_SPACE_TYPE_LOCAL);
    layer.eyeVisibility = XR_EYE_VISIBILITY_BOTH;
    layer.swapchain = cube;
    layer.orientation.w = 1.0f;
    const XrCompositionLayerBaseHeader* layers[] = {reinterpret_cast<XrCompositionLayerBaseHeader*>(&layer)};
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = state.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    end.layerCount = 1;
    end.layers = layers;
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_SUCCESS);
    EXPECT_EQ(count_of(log_text(), "\"kinds\":\"cube\""), 1);
}
