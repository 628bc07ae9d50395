// XR_KHR_composition_layer_depth in xrsim: offered unless VREX_XRSIM_DEPTH=0; depth chained to projection views is
// checked (a depth swapchain, the colour rect's size, legal ranges) and logged as depth_info when it starts or
// changes.

#include "xr_fixture.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace {

int count_of(const std::string& text, const std::string& needle) {
    int count = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
    return count;
}

bool offers_depth() {
    uint32_t count = 0;
    EXPECT_EQ(xrEnumerateInstanceExtensionProperties(nullptr, 0, &count, nullptr), XR_SUCCESS);
    std::vector<XrExtensionProperties> props(count, {XR_TYPE_EXTENSION_PROPERTIES});
    EXPECT_EQ(xrEnumerateInstanceExtensionProperties(nullptr, count, &count, props.data()), XR_SUCCESS);
    return std::any_of(props.begin(), props.end(), [](const XrExtensionProperties& p) {
        return std::string(p.extensionName) == XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME;
    });
}

// A session with the depth extension, a colour and a depth swapchain (64×64) with one released image each, and a
// frame begun; end() submits a projection layer whose views carry `depth`.
struct DepthTest : XrsimTest {
    XrSwapchain colour = XR_NULL_HANDLE, depth_chain = XR_NULL_HANDLE;
    XrSpace local = XR_NULL_HANDLE;
    XrFrameState state{XR_TYPE_FRAME_STATE};
    std::array<XrCompositionLayerProjectionView, 2> views{};
    std::array<XrCompositionLayerDepthInfoKHR, 2> depth{};

    void SetUp() override {
        start("", {XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME});
        begin_session();
        local = reference_space(XR_REFERENCE_SPACE_TYPE_LOCAL);
        colour = create_swapchain(VK_FORMAT_R8G8B8A8_SRGB, XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT);
        depth_chain = create_swapchain(VK_FORMAT_D32_SFLOAT, XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT);
        for (XrSwapchain s : {colour, depth_chain}) cycle(s);
        XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
        ASSERT_EQ(xrWaitFrame(m_session, &wait, &state), XR_SUCCESS);
        XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
        ASSERT_EQ(xrBeginFrame(m_session, &begin), XR_SUCCESS);
        for (size_t i = 0; i < 2; ++i) {
            views[i] = {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW};
            views[i].pose.orientation.w = 1.0f;
            views[i].fov = {-0.8f, 0.8f, 0.8f, -0.8f};
            views[i].subImage = {colour, {{0, 0}, {64, 64}}, 0};
            views[i].next = &depth[i];
            // vrex's reversed-Z infinite projection: depth 0 infinitely far, 1 at the near plane (0.05 m).
            depth[i] = {XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR};
            depth[i].subImage = {depth_chain, {{0, 0}, {64, 64}}, 0};
            depth[i].minDepth = 0.0f;
            depth[i].maxDepth = 1.0f;
            depth[i].nearZ = std::numeric_limits<float>::infinity();
            depth[i].farZ = 0.05f;
        }
    }
    void cycle(XrSwapchain s) {
        XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
        XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
        wait.timeout = XR_INFINITE_DURATION;
        XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
        uint32_t index = 0;
        ASSERT_EQ(xrAcquireSwapchainImage(s, &acquire, &index), XR_SUCCESS);
        ASSERT_EQ(xrWaitSwapchainImage(s, &wait), XR_SUCCESS);
        ASSERT_EQ(xrReleaseSwapchainImage(s, &release), XR_SUCCESS);
    }
    XrResult end() {
        XrCompositionLayerProjection layer{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
        layer.space = local;
        layer.viewCount = 2;
        layer.views = views.data();
        const XrCompositionLayerBaseHeader* layers[] = {reinterpret_cast<XrCompositionLayerBaseHeader*>(&layer)};
        XrFrameEndInfo info{XR_TYPE_FRAME_END_INFO};
        info.displayTime = state.predictedDisplayTime;
        info.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
        info.layerCount = 1;
        info.layers = layers;
        return xrEndFrame(m_session, &info);
    }
};

TEST(XrsimDepth, OfferedUnlessHidden) {
    setenv("XR_RUNTIME_JSON", VREX_XRSIM_MANIFEST, 1);
    EXPECT_TRUE(offers_depth());
    setenv("VREX_XRSIM_DEPTH", "0", 1);
    EXPECT_FALSE(offers_depth());
    unsetenv("VREX_XRSIM_DEPTH");
}

TEST_F(DepthTest, ReversedInfiniteDepthIsTakenAndLogged) {
    ASSERT_EQ(end(), XR_SUCCESS);
    const std::string log = log_text();
    EXPECT_EQ(count_of(log, "\"event\":\"depth_info\""), 1);
    EXPECT_EQ(count_of(log, "{\"format\":126,\"width\":64,\"height\":64,\"min_depth\":0,\"max_depth\":1,"
                            "\"near_z\":\"+inf\",\"far_z\":0.05,\"reversed\":true}"),
              2)
        << log;
    EXPECT_TRUE(misuse_lines().empty());
}

TEST_F(DepthTest, AColourSwapchainIsNoDepth) {
    depth[1].subImage.swapchain = colour;
    EXPECT_EQ(end(), XR_ERROR_VALIDATION_FAILURE);
    EXPECT_EQ(misuse_lines().size(), 1u);
    take_xr_validation_errors();
}

TEST_F(DepthTest, TheRectMustBeTheColourRectsSize) {
    depth[0].subImage.imageRect.extent = {32, 64};
    EXPECT_EQ(end(), XR_ERROR_VALIDATION_FAILURE);
    depth[0].subImage.imageRect = {{0, 0}, {64, 64}};
    depth[0].subImage.imageRect.offset = {8, 0}; // 64 wide from x = 8: outside the image
    EXPECT_EQ(end(), XR_ERROR_SWAPCHAIN_RECT_INVALID);
    EXPECT_EQ(misuse_lines().size(), 2u);
    take_xr_validation_errors();
}

TEST_F(DepthTest, IllegalRangesAreRejected) {
    depth[0].minDepth = 1.0f; // minDepth must be below maxDepth: reversed depth is said by nearZ > farZ
    depth[0].maxDepth = 0.0f;
    EXPECT_EQ(end(), XR_ERROR_VALIDATION_FAILURE);
    depth[0].minDepth = 0.0f;
    depth[0].maxDepth = 1.5f;
    EXPECT_EQ(end(), XR_ERROR_VALIDATION_FAILURE);
    depth[0].maxDepth = 1.0f;
    depth[1].farZ = 0.0f;
    EXPECT_EQ(end(), XR_ERROR_VALIDATION_FAILURE);
    depth[1].farZ = depth[1].nearZ;
    EXPECT_EQ(end(), XR_ERROR_VALIDATION_FAILURE);
    depth[1].farZ = std::numeric_limits<float>::quiet_NaN();
    EXPECT_EQ(end(), XR_ERROR_VALIDATION_FAILURE);
    EXPECT_EQ(misuse_lines().size(), 5u);
    take_xr_validation_errors();
    depth[1].farZ = 0.05f;
    EXPECT_EQ(end(), XR_SUCCESS);
}

} // namespace
