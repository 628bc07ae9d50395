// xrsim's scripted user: head pose and views, controller actions and aim pose, system-menu focus loss, capture.

#include "xr_fixture.hpp"

#include <stb/stb_image.h>

#include <cmath>
#include <filesystem>

namespace {

struct Actions {
    XrActionSet set{XR_NULL_HANDLE};
    XrAction select{XR_NULL_HANDLE};
    XrAction aim{XR_NULL_HANDLE};
    XrAction stick{XR_NULL_HANDLE};
    XrAction haptic{XR_NULL_HANDLE};
};

XrAction make_action(XrActionSet set, const char* name, XrActionType type, XrPath* hands) {
    XrActionCreateInfo info{XR_TYPE_ACTION_CREATE_INFO};
    std::snprintf(info.actionName, XR_MAX_ACTION_NAME_SIZE, "%s", name);
    std::snprintf(info.localizedActionName, XR_MAX_LOCALIZED_ACTION_NAME_SIZE, "%s", name);
    info.actionType = type;
    info.countSubactionPaths = 2;
    info.subactionPaths = hands;
    XrAction action = XR_NULL_HANDLE;
    EXPECT_EQ(xrCreateAction(set, &info, &action), XR_SUCCESS) << name;
    return action;
}

bool state_is(XrSession session, XrAction action, XrBool32 expected, XrBool32 changed) {
    XrActionStateGetInfo info{XR_TYPE_ACTION_STATE_GET_INFO};
    info.action = action;
    XrActionStateBoolean state{XR_TYPE_ACTION_STATE_BOOLEAN};
    EXPECT_EQ(xrGetActionStateBoolean(session, &info, &state), XR_SUCCESS);
    return state.isActive && state.currentState == expected && state.changedSinceLastSync == changed;
}

} // namespace

class XrsimInputTest : public XrsimTest {
protected:
    Actions create_actions() {
        Actions actions;
        XrActionSetCreateInfo info{XR_TYPE_ACTION_SET_CREATE_INFO};
        std::snprintf(info.actionSetName, XR_MAX_ACTION_SET_NAME_SIZE, "viewer");
        std::snprintf(info.localizedActionSetName, XR_MAX_LOCALIZED_ACTION_SET_NAME_SIZE, "Viewer");
        EXPECT_EQ(xrCreateActionSet(m_instance, &info, &actions.set), XR_SUCCESS);
        XrPath hands[2] = {path("/user/hand/left"), path("/user/hand/right")};
        actions.select = make_action(actions.set, "select", XR_ACTION_TYPE_BOOLEAN_INPUT, hands);
        actions.aim = make_action(actions.set, "aim", XR_ACTION_TYPE_POSE_INPUT, hands);
        actions.stick = make_action(actions.set, "turn", XR_ACTION_TYPE_VECTOR2F_INPUT, hands);
        actions.haptic = make_action(actions.set, "pulse", XR_ACTION_TYPE_VIBRATION_OUTPUT, hands);
        return actions;
    }

    XrResult suggest(const char* profile, std::vector<std::pair<XrAction, const char*>> bindings) {
        std::vector<XrActionSuggestedBinding> suggested;
        for (auto& [action, binding] : bindings) suggested.push_back({action, path(binding)});
        XrInteractionProfileSuggestedBinding info{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
        info.interactionProfile = path(profile);
        info.countSuggestedBindings = static_cast<uint32_t>(suggested.size());
        info.suggestedBindings = suggested.data();
        return xrSuggestInteractionProfileBindings(m_instance, &info);
    }

    // Suggests bindings (after two rejected ones), creates the aim space and attaches the set.
    XrSpace suggest_and_attach(Actions& actions) {
        const char* touch = "/interaction_profiles/oculus/touch_controller";
        EXPECT_EQ(suggest(touch, {{actions.select, "/user/hand/right/input/trackpad/x"}}), XR_ERROR_PATH_UNSUPPORTED);
        EXPECT_EQ(suggest(touch, {{actions.aim, "/user/hand/right/input/trigger/value"}}), XR_ERROR_PATH_UNSUPPORTED);
        EXPECT_EQ(suggest(touch, {{actions.select, "/user/hand/right/input/trigger/value"},
                                  {actions.aim, "/user/hand/right/input/aim/pose"},
                                  {actions.stick, "/user/hand/right/input/thumbstick"},
                                  {actions.haptic, "/user/hand/right/output/haptic"}}),
                  XR_SUCCESS);
        EXPECT_EQ(suggest("/interaction_profiles/khr/simple_controller",
                          {{actions.select, "/user/hand/left/input/select/click"}}),
                  XR_SUCCESS);
        XrActionSpaceCreateInfo space_info{XR_TYPE_ACTION_SPACE_CREATE_INFO};
        space_info.action = actions.aim;
        space_info.poseInActionSpace.orientation.w = 1.0f;
        XrSpace aim_space = XR_NULL_HANDLE;
        EXPECT_EQ(xrCreateActionSpace(m_session, &space_info, &aim_space), XR_SUCCESS);
        XrSessionActionSetsAttachInfo attach{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
        attach.countActionSets = 1;
        attach.actionSets = &actions.set;
        EXPECT_EQ(xrAttachSessionActionSets(m_session, &attach), XR_SUCCESS);
        EXPECT_EQ(xrAttachSessionActionSets(m_session, &attach), XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
        return aim_space;
    }

    XrResult sync(XrActionSet set) {
        XrActiveActionSet active{set, XR_NULL_PATH};
        XrActionsSyncInfo info{XR_TYPE_ACTIONS_SYNC_INFO};
        info.countActiveActionSets = 1;
        info.activeActionSets = &active;
        return xrSyncActions(m_session, &info);
    }
};

TEST_F(XrsimInputTest, ScriptedButtonsAimAndProfileReachTheActions) {
    start("0 controller on\n0 profile touch\n0 aim 30 0\n6 select 1\n8 select 0\n8 thumbstick 0.5 -0.25\n");
    Actions actions = create_actions();
    XrSpace aim_space = suggest_and_attach(actions);
    XrSpace local = reference_space(XR_REFERENCE_SPACE_TYPE_LOCAL);
    const char* touch = "/interaction_profiles/oculus/touch_controller";
    begin_session();
    EXPECT_EQ(m_profile_changes, 1);
    XrInteractionProfileState profile{XR_TYPE_INTERACTION_PROFILE_STATE};
    ASSERT_EQ(xrGetCurrentInteractionProfile(m_session, path("/user/hand/right"), &profile), XR_SUCCESS);
    EXPECT_EQ(profile.interactionProfile, path(touch));
    EXPECT_EQ(sync(actions.set), XR_SESSION_NOT_FOCUSED);
    ASSERT_TRUE(run_until(XR_SESSION_STATE_FOCUSED)); // frames 0..2
    for (int frame = 3; frame < 6; ++frame) empty_frame();
    XrFrameState state = empty_frame(); // frame 6: select pressed
    ASSERT_EQ(sync(actions.set), XR_SUCCESS);
    EXPECT_TRUE(state_is(m_session, actions.select, XR_TRUE, XR_TRUE));
    empty_frame();
    ASSERT_EQ(sync(actions.set), XR_SUCCESS);
    EXPECT_TRUE(state_is(m_session, actions.select, XR_TRUE, XR_FALSE));
    empty_frame(); // frame 8: released, thumbstick pushed
    ASSERT_EQ(sync(actions.set), XR_SUCCESS);
    EXPECT_TRUE(state_is(m_session, actions.select, XR_FALSE, XR_TRUE));
    XrActionStateGetInfo get{XR_TYPE_ACTION_STATE_GET_INFO};
    get.action = actions.stick;
    XrActionStateVector2f stick{XR_TYPE_ACTION_STATE_VECTOR2F};
    ASSERT_EQ(xrGetActionStateVector2f(m_session, &get, &stick), XR_SUCCESS);
    EXPECT_FLOAT_EQ(stick.currentState.x, 0.5f);
    EXPECT_FLOAT_EQ(stick.currentState.y, -0.25f);
    XrActionStateFloat wrong{XR_TYPE_ACTION_STATE_FLOAT};
    EXPECT_EQ(xrGetActionStateFloat(m_session, &get, &wrong), XR_ERROR_ACTION_TYPE_MISMATCH);

    XrSpaceLocation location{XR_TYPE_SPACE_LOCATION};
    ASSERT_EQ(xrLocateSpace(aim_space, local, state.predictedDisplayTime, &location), XR_SUCCESS);
    ASSERT_TRUE(location.locationFlags & XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT);
    const XrQuaternionf& q = location.pose.orientation; // -Z rotated by q: yaw 30° right is (sin 30°, 0, -cos 30°)
    float forward_x = -2.0f * (q.x * q.z + q.w * q.y);
    float forward_z = -(1.0f - 2.0f * (q.x * q.x + q.y * q.y));
    EXPECT_NEAR(forward_x, 0.5f, 1e-4f);
    EXPECT_NEAR(forward_z, -std::sqrt(3.0f) / 2.0f, 1e-4f);

    XrHapticActionInfo haptic{XR_TYPE_HAPTIC_ACTION_INFO};
    haptic.action = actions.haptic;
    XrHapticVibration vibration{XR_TYPE_HAPTIC_VIBRATION};
    vibration.amplitude = 0.5f;
    vibration.duration = XR_MIN_HAPTIC_DURATION;
    vibration.frequency = XR_FREQUENCY_UNSPECIFIED;
    EXPECT_EQ(xrApplyHapticFeedback(m_session, &haptic, reinterpret_cast<XrHapticBaseHeader*>(&vibration)), XR_SUCCESS);
    EXPECT_NE(log_text().find("\"event\":\"haptic\""), std::string::npos);
}

TEST_F(XrsimInputTest, ViewsFollowTheScriptedHeadWithAnAsymmetricFov) {
    start("0 head 90 0\n");
    begin_session();
    XrSpace local = reference_space(XR_REFERENCE_SPACE_TYPE_LOCAL);
    XrFrameState state = empty_frame();
    XrViewLocateInfo info{XR_TYPE_VIEW_LOCATE_INFO};
    info.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    info.displayTime = state.predictedDisplayTime;
    info.space = local;
    XrViewState view_state{XR_TYPE_VIEW_STATE};
    std::array<XrView, 2> views{XrView{XR_TYPE_VIEW}, XrView{XR_TYPE_VIEW}};
    uint32_t count = 0;
    ASSERT_EQ(xrLocateViews(m_session, &info, &view_state, 2, &count, views.data()), XR_SUCCESS);
    ASSERT_EQ(count, 2u);
    // Looking right (east, +X): the left eye is 32 mm towards -Z, the right eye towards +Z.
    EXPECT_NEAR(views[0].pose.position.z, -0.032f, 1e-5f);
    EXPECT_NEAR(views[1].pose.position.z, 0.032f, 1e-5f);
    EXPECT_NEAR(views[0].pose.position.x, 0.0f, 1e-5f);
    EXPECT_FLOAT_EQ(views[0].fov.angleLeft, -0.87f);
    EXPECT_FLOAT_EQ(views[0].fov.angleRight, 0.80f);
    EXPECT_FLOAT_EQ(views[1].fov.angleLeft, -0.80f);
    EXPECT_FLOAT_EQ(views[1].fov.angleRight, 0.87f);
    EXPECT_FLOAT_EQ(views[0].fov.angleUp, 0.85f);
    EXPECT_FLOAT_EQ(views[0].fov.angleDown, -0.90f);
}

TEST_F(XrsimInputTest, SystemMenuTakesFocusAndReferenceSpaceChanges) {
    start("4 focus_lost\n6 reference_space_change\n8 focus_regained\n");
    begin_session();
    ASSERT_TRUE(run_until(XR_SESSION_STATE_FOCUSED));
    ASSERT_TRUE(run_until(XR_SESSION_STATE_VISIBLE));
    XrFrameState state = empty_frame();
    EXPECT_TRUE(state.shouldRender); // VISIBLE still renders
    ASSERT_TRUE(run_until(XR_SESSION_STATE_FOCUSED));
    EXPECT_EQ(m_reference_space_changes, 1);
}

TEST_F(XrsimInputTest, CaptureWritesBothEyesAsSubmitted) {
    start("3 capture\n");
    begin_session();
    XrSpace local = reference_space(XR_REFERENCE_SPACE_TYPE_LOCAL);
    XrSwapchainUsageFlags usage = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT;
    std::array<XrSwapchain, 2> swapchains{create_swapchain(VK_FORMAT_R8G8B8A8_SRGB, usage),
                                          create_swapchain(VK_FORMAT_B8G8R8A8_SRGB, usage)};
    std::array<std::array<float, 4>, 2> colours{{{1.0f, 0.0f, 0.0f, 1.0f}, {0.0f, 1.0f, 0.0f, 1.0f}}};
    for (int frame = 0; frame < 5; ++frame) {
        XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
        XrFrameState state{XR_TYPE_FRAME_STATE};
        ASSERT_EQ(xrWaitFrame(m_session, &wait, &state), XR_SUCCESS);
        XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
        ASSERT_EQ(xrBeginFrame(m_session, &begin), XR_SUCCESS);
        std::array<XrCompositionLayerProjectionView, 2> views{};
        for (int eye = 0; eye < 2; ++eye) {
            XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
            uint32_t index = 0;
            ASSERT_EQ(xrAcquireSwapchainImage(swapchains[eye], &acquire, &index), XR_SUCCESS);
            XrSwapchainImageWaitInfo image_wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
            image_wait.timeout = XR_INFINITE_DURATION;
            ASSERT_EQ(xrWaitSwapchainImage(swapchains[eye], &image_wait), XR_SUCCESS);
            clear_image(swapchain_images(swapchains[eye])[index], colours[eye]);
            XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
            ASSERT_EQ(xrReleaseSwapchainImage(swapchains[eye], &release), XR_SUCCESS);
            views[eye] = {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW};
            views[eye].pose.orientation.w = 1.0f;
            views[eye].fov = {-0.8f, 0.8f, 0.8f, -0.8f};
            views[eye].subImage = {swapchains[eye], {{8, 8}, {32, 16}}, 0};
        }
        XrCompositionLayerProjection layer{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
        layer.space = local;
        layer.viewCount = 2;
        layer.views = views.data();
        const XrCompositionLayerBaseHeader* layers[] = {reinterpret_cast<XrCompositionLayerBaseHeader*>(&layer)};
        XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
        end.displayTime = state.predictedDisplayTime;
        end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
        end.layerCount = state.shouldRender ? 1 : 0;
        end.layers = layers;
        ASSERT_EQ(xrEndFrame(m_session, &end), XR_SUCCESS);
    }
    const unsigned char expected[2][3] = {{255, 0, 0}, {0, 255, 0}};
    const char* eyes[2] = {"left", "right"};
    for (int eye = 0; eye < 2; ++eye) {
        std::string file = m_dir + "/frame-3-" + eyes[eye] + ".png";
        int width = 0, height = 0, channels = 0;
        unsigned char* pixels = stbi_load(file.c_str(), &width, &height, &channels, 3);
        ASSERT_NE(pixels, nullptr) << file;
        EXPECT_EQ(width, 32);
        EXPECT_EQ(height, 16);
        EXPECT_EQ(pixels[0], expected[eye][0]) << file;
        EXPECT_EQ(pixels[1], expected[eye][1]) << file;
        EXPECT_EQ(pixels[2], expected[eye][2]) << file;
        stbi_image_free(pixels);
    }
}
