// Handle lifetimes as OpenXR 1.0 §2.9 says them (a child dies with its parent), and the validation layer's
// messages reaching the fixture.

#include "xr_fixture.hpp"

namespace {

bool mentions(const std::vector<std::string>& lines, const std::string& needle) {
    for (const std::string& line : lines)
        if (line.find(needle) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_F(XrsimTest, SpacesAndSwapchainsDieWithTheirSession) {
    start("");
    XrSpace space = reference_space(XR_REFERENCE_SPACE_TYPE_LOCAL);
    XrSwapchain swapchain = create_swapchain(VK_FORMAT_R8G8B8A8_SRGB, XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT);
    ASSERT_NE(space, XR_NULL_HANDLE);
    ASSERT_NE(swapchain, XR_NULL_HANDLE);
    ASSERT_TRUE(misuse_lines().empty());
    ASSERT_EQ(xrDestroySession(m_session), XR_SUCCESS);
    m_session = XR_NULL_HANDLE;
    // The Monado report of issue 8: spaces destroyed after their session.
    EXPECT_EQ(xrDestroySpace(space), XR_ERROR_HANDLE_INVALID);
    EXPECT_EQ(xrDestroySwapchain(swapchain), XR_ERROR_HANDLE_INVALID);
    const std::vector<std::string> misuse = misuse_lines();
    EXPECT_EQ(misuse.size(), 2u);
    EXPECT_TRUE(mentions(misuse, "a destroyed space handle (destroyed with its session (xrDestroySession)) used"));
    EXPECT_TRUE(mentions(misuse, "a destroyed swapchain handle (destroyed with its session (xrDestroySession)) used"));
    take_xr_validation_errors(); // the layer may see them too; what counts here is the runtime's misuse
}

TEST_F(XrsimTest, ActionsDieWithTheirActionSet) {
    start("");
    XrActionSetCreateInfo set_info{XR_TYPE_ACTION_SET_CREATE_INFO};
    std::snprintf(set_info.actionSetName, sizeof set_info.actionSetName, "set");
    std::snprintf(set_info.localizedActionSetName, sizeof set_info.localizedActionSetName, "Set");
    XrActionSet set = XR_NULL_HANDLE;
    ASSERT_EQ(xrCreateActionSet(m_instance, &set_info, &set), XR_SUCCESS);
    XrActionCreateInfo action_info{XR_TYPE_ACTION_CREATE_INFO};
    action_info.actionType = XR_ACTION_TYPE_POSE_INPUT;
    std::snprintf(action_info.actionName, sizeof action_info.actionName, "aim");
    std::snprintf(action_info.localizedActionName, sizeof action_info.localizedActionName, "Aim");
    XrAction action = XR_NULL_HANDLE;
    ASSERT_EQ(xrCreateAction(set, &action_info, &action), XR_SUCCESS);
    ASSERT_EQ(xrDestroyActionSet(set), XR_SUCCESS);
    XrActionSpaceCreateInfo space_info{XR_TYPE_ACTION_SPACE_CREATE_INFO};
    space_info.action = action;
    space_info.poseInActionSpace.orientation.w = 1.0f;
    XrSpace space = XR_NULL_HANDLE;
    EXPECT_EQ(xrCreateActionSpace(m_session, &space_info, &space), XR_ERROR_HANDLE_INVALID);
    const std::vector<std::string> misuse = misuse_lines();
    ASSERT_EQ(misuse.size(), 1u);
    EXPECT_TRUE(mentions(misuse, "a destroyed action handle (destroyed with its action set (xrDestroyActionSet))"));
    take_xr_validation_errors();
}

TEST_F(XrsimTest, ChildrenDestroyedBeforeTheirParentAreNoMisuse) {
    start("");
    XrSpace space = reference_space(XR_REFERENCE_SPACE_TYPE_VIEW);
    XrSwapchain swapchain = create_swapchain(VK_FORMAT_R8G8B8A8_SRGB, XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT);
    EXPECT_EQ(xrDestroySwapchain(swapchain), XR_SUCCESS);
    EXPECT_EQ(xrDestroySpace(space), XR_SUCCESS);
    EXPECT_EQ(xrDestroySession(m_session), XR_SUCCESS);
    m_session = XR_NULL_HANDLE;
    EXPECT_TRUE(misuse_lines().empty());
}

TEST_F(XrsimTest, ValidationLayerMessagesReachTheTest) {
    start("");
    // A null pointer where the specification requires a structure: the core validation layer reports it (and
    // returns XR_ERROR_VALIDATION_FAILURE without calling the runtime).
    EXPECT_EQ(xrBeginSession(m_session, nullptr), XR_ERROR_VALIDATION_FAILURE);
    const std::vector<std::string> errors = take_xr_validation_errors();
    ASSERT_FALSE(errors.empty()) << "the OpenXR validation layer's messages do not reach the fixture";
    EXPECT_TRUE(mentions(errors, "xrBeginSession")) << errors.front();
}
