#pragma once
// A GoogleTest fixture that drives xrsim through the real OpenXR loader with the core validation layer on, on a
// Vulkan device created through XR_KHR_vulkan_enable2 with the Vulkan validation layer on. Both layers are required
// (enabled by name: a missing layer fails instance creation) and their messages are read: Vulkan's through a
// VK_EXT_debug_utils messenger, OpenXR's from the text file the core validation layer writes for each test
// (XR_CORE_VALIDATION_FILE_NAME; the layer's XR_EXT_debug_utils path does not reach an application messenger in
// Debian's 1.0.20 build). An error fails the test, unless the test takes it with take_xr_validation_errors().

#include <vulkan/vulkan.h>

#define XR_USE_GRAPHICS_API_VULKAN
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

class XrsimTest : public ::testing::Test {
protected:
    // Writes `script` (xrsim's format) and creates instance, Vulkan device and session; an empty script is no script.
    void start(const std::string& script, const std::vector<const char*>& extensions = {});
    void TearDown() override;

    // Polls all pending events; returns the session states seen, in order. Other events are counted.
    std::vector<XrSessionState> poll_states();
    // Runs frames (zero layers) until `state` is reported or `max_frames` pass; returns whether it was reached.
    bool run_until(XrSessionState state, int max_frames = 20);
    void begin_session();
    // One xrWaitFrame/xrBeginFrame/xrEndFrame with no layers; returns the frame state.
    XrFrameState empty_frame();
    XrSwapchain create_swapchain(int64_t format, XrSwapchainUsageFlags usage, uint32_t width = 64,
                                 uint32_t height = 64);
    std::vector<VkImage> swapchain_images(XrSwapchain swapchain);
    // Clears `image` (COLOR_ATTACHMENT_OPTIMAL before and after) to `rgba` and waits.
    void clear_image(VkImage image, std::array<float, 4> rgba);
    XrPath path(const char* text);
    XrSpace reference_space(XrReferenceSpaceType type);
    std::string log_text() const;
    // The OpenXR validation errors seen so far (and forgets them, so TearDown does not fail on them).
    std::vector<std::string> take_xr_validation_errors();
    // The "misuse" lines of xrsim's log.
    std::vector<std::string> misuse_lines() const;

    std::string m_dir;
    XrInstance m_instance{XR_NULL_HANDLE};
    XrSystemId m_system{XR_NULL_SYSTEM_ID};
    XrSession m_session{XR_NULL_HANDLE};
    XrSessionState m_state{XR_SESSION_STATE_UNKNOWN};
    int m_reference_space_changes{0};
    int m_profile_changes{0};
    VkInstance m_vk_instance{VK_NULL_HANDLE};
    VkDebugUtilsMessengerEXT m_messenger{VK_NULL_HANDLE};
    VkPhysicalDevice m_physical_device{VK_NULL_HANDLE};
    VkDevice m_device{VK_NULL_HANDLE};
    uint32_t m_queue_family{0};
    VkQueue m_queue{VK_NULL_HANDLE};
    VkCommandPool m_pool{VK_NULL_HANDLE};

private:
    void create_instance(const std::vector<const char*>& extensions);
    void create_vulkan_instance();
    void create_vulkan_device();
    void create_session();
    std::string xr_validation_file() const { return m_dir + "/xr_validation.txt"; }
};

// Vulkan validation errors seen since the program started.
int vulkan_validation_errors();
