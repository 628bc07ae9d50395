#include "xr_fixture.hpp"

#include "core/sanitizer.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

int g_vulkan_errors = 0;

VKAPI_ATTR VkBool32 VKAPI_CALL on_vulkan_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                 VkDebugUtilsMessageTypeFlagsEXT,
                                                 const VkDebugUtilsMessengerCallbackDataEXT* data, void*) {
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
        ++g_vulkan_errors;
        ADD_FAILURE() << "Vulkan validation: " << data->pMessage;
    }
    return VK_FALSE;
}

bool has_layer(const char* name) {
    uint32_t count = 0;
    vkEnumerateInstanceLayerProperties(&count, nullptr);
    std::vector<VkLayerProperties> layers(count);
    vkEnumerateInstanceLayerProperties(&count, layers.data());
    for (const VkLayerProperties& layer : layers)
        if (std::string(layer.layerName) == name) return true;
    return false;
}

template <class F> F xr_function(XrInstance instance, const char* name) {
    PFN_xrVoidFunction function = nullptr;
    EXPECT_EQ(xrGetInstanceProcAddr(instance, name, &function), XR_SUCCESS) << name;
    return reinterpret_cast<F>(function);
}

} // namespace

int vulkan_validation_errors() {
    return g_vulkan_errors;
}

void XrsimTest::start(const std::string& script, const std::vector<const char*>& extensions) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::string(VREX_XRSIM_TEST_OUT) + "/" + info->name();
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    setenv("XR_RUNTIME_JSON", VREX_XRSIM_MANIFEST, 1);
    unsetenv("XR_ENABLE_API_LAYERS"); // enabled by name below, so that a missing layer is an error
    setenv("XR_CORE_VALIDATION_EXPORT_TYPE", "text", 1);
    setenv("XR_CORE_VALIDATION_FILE_NAME", xr_validation_file().c_str(), 1);
    setenv("VREX_XRSIM_CAPTURE", m_dir.c_str(), 1);
    if (script.empty()) {
        unsetenv("VREX_XRSIM_SCRIPT");
    } else {
        std::ofstream(m_dir + "/script.txt") << script;
        setenv("VREX_XRSIM_SCRIPT", (m_dir + "/script.txt").c_str(), 1);
    }
    create_instance(extensions);
    create_vulkan_instance();
    create_vulkan_device();
    create_session();
}

void XrsimTest::create_instance(const std::vector<const char*>& extensions) {
    std::vector<const char*> names{"XR_KHR_vulkan_enable2"};
    names.insert(names.end(), extensions.begin(), extensions.end());
    const char* layer = "XR_APILAYER_LUNARG_core_validation";
    XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
    info.enabledApiLayerCount = 1;
    info.enabledApiLayerNames = &layer;
    std::snprintf(info.applicationInfo.applicationName, XR_MAX_APPLICATION_NAME_SIZE, "xrsim_test");
    info.applicationInfo.apiVersion = XR_CURRENT_API_VERSION;
    info.enabledExtensionCount = static_cast<uint32_t>(names.size());
    info.enabledExtensionNames = names.data();
    ASSERT_EQ(xrCreateInstance(&info, &m_instance), XR_SUCCESS)
        << "is openxr-layer-corevalidation installed? (apt-get install openxr-layer-corevalidation)";
    XrSystemGetInfo system_info{XR_TYPE_SYSTEM_GET_INFO};
    system_info.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
    ASSERT_EQ(xrGetSystem(m_instance, &system_info, &m_system), XR_SUCCESS);
}

void XrsimTest::create_vulkan_instance() {
    auto requirements_fn =
        xr_function<PFN_xrGetVulkanGraphicsRequirements2KHR>(m_instance, "xrGetVulkanGraphicsRequirements2KHR");
    XrGraphicsRequirementsVulkan2KHR requirements{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    ASSERT_EQ(requirements_fn(m_instance, m_system, &requirements), XR_SUCCESS);
    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "xrsim_test";
    app.apiVersion = VK_MAKE_API_VERSION(0, XR_VERSION_MAJOR(requirements.maxApiVersionSupported),
                                         XR_VERSION_MINOR(requirements.maxApiVersionSupported), 0);
    const char* layer = "VK_LAYER_KHRONOS_validation";
    const char* debug_utils = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
    const bool validation = has_layer(layer);
    ASSERT_TRUE(validation) << layer << " is not installed (apt-get install vulkan-validationlayers)";
    VkInstanceCreateInfo vk_info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    vk_info.pApplicationInfo = &app;
    vk_info.enabledLayerCount = validation ? 1 : 0;
    vk_info.ppEnabledLayerNames = &layer;
    vk_info.enabledExtensionCount = validation ? 1 : 0;
    vk_info.ppEnabledExtensionNames = &debug_utils;
    XrVulkanInstanceCreateInfoKHR create{XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR};
    create.systemId = m_system;
    create.pfnGetInstanceProcAddr = vkGetInstanceProcAddr;
    create.vulkanCreateInfo = &vk_info;
    VkResult vk_result = VK_ERROR_UNKNOWN;
    auto create_instance_fn = xr_function<PFN_xrCreateVulkanInstanceKHR>(m_instance, "xrCreateVulkanInstanceKHR");
    ASSERT_EQ(create_instance_fn(m_instance, &create, &m_vk_instance, &vk_result), XR_SUCCESS);
    ASSERT_EQ(vk_result, VK_SUCCESS);
    if (validation) {
        VkDebugUtilsMessengerCreateInfoEXT messenger{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
        messenger.messageSeverity =
            VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT;
        messenger.messageType =
            VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT;
        messenger.pfnUserCallback = on_vulkan_message;
        auto create_messenger = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_vk_instance, "vkCreateDebugUtilsMessengerEXT"));
        ASSERT_EQ(create_messenger(m_vk_instance, &messenger, nullptr, &m_messenger), VK_SUCCESS);
    }
}

std::vector<std::string> XrsimTest::take_xr_validation_errors() {
    // The layer appends "[VALID_ERROR | VUID-… | xrCall]: message" (then indented object lines) per message.
    std::vector<std::string> errors;
    std::ifstream file(xr_validation_file());
    for (std::string line; std::getline(file, line);)
        if (line.rfind("[VALID_ERROR", 0) == 0) errors.push_back(line);
    file.close();
    std::filesystem::remove(xr_validation_file());
    return errors;
}

std::vector<std::string> XrsimTest::misuse_lines() const {
    std::vector<std::string> lines;
    std::istringstream text(log_text());
    for (std::string line; std::getline(text, line);)
        if (line.find("\"event\":\"misuse\"") != std::string::npos) lines.push_back(line);
    return lines;
}

void XrsimTest::create_vulkan_device() {
    XrVulkanGraphicsDeviceGetInfoKHR device_info{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
    device_info.systemId = m_system;
    device_info.vulkanInstance = m_vk_instance;
    auto device_fn = xr_function<PFN_xrGetVulkanGraphicsDevice2KHR>(m_instance, "xrGetVulkanGraphicsDevice2KHR");
    ASSERT_EQ(device_fn(m_instance, &device_info, &m_physical_device), XR_SUCCESS);
    uint32_t family_count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(m_physical_device, &family_count, nullptr);
    std::vector<VkQueueFamilyProperties> families(family_count);
    vkGetPhysicalDeviceQueueFamilyProperties(m_physical_device, &family_count, families.data());
    while (m_queue_family < family_count && !(families[m_queue_family].queueFlags & VK_QUEUE_GRAPHICS_BIT))
        ++m_queue_family;
    ASSERT_LT(m_queue_family, family_count);
    float priority = 1.0f;
    VkDeviceQueueCreateInfo queue_info{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue_info.queueFamilyIndex = m_queue_family;
    queue_info.queueCount = 1;
    queue_info.pQueuePriorities = &priority;
    VkDeviceCreateInfo vk_device_info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    vk_device_info.queueCreateInfoCount = 1;
    vk_device_info.pQueueCreateInfos = &queue_info;
    XrVulkanDeviceCreateInfoKHR device_create{XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR};
    device_create.systemId = m_system;
    device_create.pfnGetInstanceProcAddr = vkGetInstanceProcAddr;
    device_create.vulkanPhysicalDevice = m_physical_device;
    device_create.vulkanCreateInfo = &vk_device_info;
    auto create_device_fn = xr_function<PFN_xrCreateVulkanDeviceKHR>(m_instance, "xrCreateVulkanDeviceKHR");
    VkResult vk_result = VK_ERROR_UNKNOWN;
    ASSERT_EQ(create_device_fn(m_instance, &device_create, &m_device, &vk_result), XR_SUCCESS);
    ASSERT_EQ(vk_result, VK_SUCCESS);
    vkGetDeviceQueue(m_device, m_queue_family, 0, &m_queue);
    // As gpu::Context does: in a sanitizer build the driver stays mapped past vkDestroyInstance, so that
    // LeakSanitizer can read its memory at exit (docs/testing.md); nothing elsewhere.
    vrex::core::keep_loaded_libraries();
    VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool.queueFamilyIndex = m_queue_family;
    ASSERT_EQ(vkCreateCommandPool(m_device, &pool, nullptr, &m_pool), VK_SUCCESS);
}

void XrsimTest::create_session() {
    XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
    binding.instance = m_vk_instance;
    binding.physicalDevice = m_physical_device;
    binding.device = m_device;
    binding.queueFamilyIndex = m_queue_family;
    binding.queueIndex = 0;
    XrSessionCreateInfo info{XR_TYPE_SESSION_CREATE_INFO};
    info.next = &binding;
    info.systemId = m_system;
    ASSERT_EQ(xrCreateSession(m_instance, &info, &m_session), XR_SUCCESS);
}

void XrsimTest::TearDown() {
    if (m_session != XR_NULL_HANDLE) {
        EXPECT_EQ(xrDestroySession(m_session), XR_SUCCESS);
    }
    if (m_instance != XR_NULL_HANDLE) {
        EXPECT_EQ(xrDestroyInstance(m_instance), XR_SUCCESS);
    }
    if (m_pool != VK_NULL_HANDLE) vkDestroyCommandPool(m_device, m_pool, nullptr);
    if (m_device != VK_NULL_HANDLE) vkDestroyDevice(m_device, nullptr);
    if (m_messenger != VK_NULL_HANDLE) {
        auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_vk_instance, "vkDestroyDebugUtilsMessengerEXT"));
        destroy(m_vk_instance, m_messenger, nullptr);
    }
    if (m_vk_instance != VK_NULL_HANDLE) vkDestroyInstance(m_vk_instance, nullptr);
    for (const std::string& message : take_xr_validation_errors()) ADD_FAILURE() << "OpenXR validation: " << message;
}

std::vector<XrSessionState> XrsimTest::poll_states() {
    std::vector<XrSessionState> states;
    for (;;) {
        XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
        XrResult result = xrPollEvent(m_instance, &event);
        EXPECT_TRUE(result == XR_SUCCESS || result == XR_EVENT_UNAVAILABLE) << result;
        if (result != XR_SUCCESS) return states;
        if (event.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
            m_state = reinterpret_cast<XrEventDataSessionStateChanged&>(event).state;
            states.push_back(m_state);
        } else if (event.type == XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING) {
            ++m_reference_space_changes;
        } else if (event.type == XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED) {
            ++m_profile_changes;
        }
    }
}

void XrsimTest::begin_session() {
    poll_states();
    ASSERT_EQ(m_state, XR_SESSION_STATE_READY);
    XrSessionBeginInfo info{XR_TYPE_SESSION_BEGIN_INFO};
    info.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    ASSERT_EQ(xrBeginSession(m_session, &info), XR_SUCCESS);
}

XrFrameState XrsimTest::empty_frame() {
    XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState state{XR_TYPE_FRAME_STATE};
    EXPECT_TRUE(XR_SUCCEEDED(xrWaitFrame(m_session, &wait, &state)));
    XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
    EXPECT_EQ(xrBeginFrame(m_session, &begin), XR_SUCCESS);
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = state.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    EXPECT_EQ(xrEndFrame(m_session, &end), XR_SUCCESS);
    return state;
}

bool XrsimTest::run_until(XrSessionState wanted, int max_frames) {
    for (int i = 0; i < max_frames; ++i) {
        for (XrSessionState state : poll_states())
            if (state == wanted) return true;
        empty_frame();
    }
    return false;
}

XrSwapchain XrsimTest::create_swapchain(int64_t format, XrSwapchainUsageFlags usage, uint32_t width, uint32_t height) {
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    info.usageFlags = usage;
    info.format = format;
    info.sampleCount = 1;
    info.width = width;
    info.height = height;
    info.faceCount = 1;
    info.arraySize = 1;
    info.mipCount = 1;
    XrSwapchain swapchain = XR_NULL_HANDLE;
    EXPECT_EQ(xrCreateSwapchain(m_session, &info, &swapchain), XR_SUCCESS);
    return swapchain;
}

std::vector<VkImage> XrsimTest::swapchain_images(XrSwapchain swapchain) {
    uint32_t count = 0;
    EXPECT_EQ(xrEnumerateSwapchainImages(swapchain, 0, &count, nullptr), XR_SUCCESS);
    std::vector<XrSwapchainImageVulkan2KHR> images(count, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
    EXPECT_EQ(xrEnumerateSwapchainImages(swapchain, count, &count,
                                         reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())),
              XR_SUCCESS);
    std::vector<VkImage> out;
    for (const auto& image : images) out.push_back(image.image);
    return out;
}

void XrsimTest::clear_image(VkImage image, std::array<float, 4> rgba) {
    VkCommandBufferAllocateInfo allocate{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    allocate.commandPool = m_pool;
    allocate.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    allocate.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    ASSERT_EQ(vkAllocateCommandBuffers(m_device, &allocate, &cmd), VK_SUCCESS);
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    ASSERT_EQ(vkBeginCommandBuffer(cmd, &begin), VK_SUCCESS);
    VkImageSubresourceRange range{VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    VkImageMemoryBarrier barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    barrier.oldLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    barrier.newLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
    barrier.srcQueueFamilyIndex = barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.image = image;
    barrier.subresourceRange = range;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0,
                         nullptr, 0, nullptr, 1, &barrier);
    VkClearColorValue color{{rgba[0], rgba[1], rgba[2], rgba[3]}};
    vkCmdClearColorImage(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &color, 1, &range);
    std::swap(barrier.oldLayout, barrier.newLayout);
    barrier.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, 0, 0,
                         nullptr, 0, nullptr, 1, &barrier);
    ASSERT_EQ(vkEndCommandBuffer(cmd), VK_SUCCESS);
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    ASSERT_EQ(vkQueueSubmit(m_queue, 1, &submit, VK_NULL_HANDLE), VK_SUCCESS);
    ASSERT_EQ(vkQueueWaitIdle(m_queue), VK_SUCCESS);
    vkFreeCommandBuffers(m_device, m_pool, 1, &cmd);
}

XrPath XrsimTest::path(const char* text) {
    XrPath result = XR_NULL_PATH;
    EXPECT_EQ(xrStringToPath(m_instance, text, &result), XR_SUCCESS) << text;
    return result;
}

XrSpace XrsimTest::reference_space(XrReferenceSpaceType type) {
    XrReferenceSpaceCreateInfo info{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
    info.referenceSpaceType = type;
    info.poseInReferenceSpace.orientation.w = 1.0f;
    XrSpace space = XR_NULL_HANDLE;
    EXPECT_EQ(xrCreateReferenceSpace(m_session, &info, &space), XR_SUCCESS);
    return space;
}

std::string XrsimTest::log_text() const {
    std::ifstream file(m_dir + "/xrsim.log");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}
