// Swapchains: real VkImages on the application's device, handed out round-robin, with the acquire → wait → release
// order enforced. Images start (and, by the XR_KHR_vulkan_enable contract, come back) in COLOR_ATTACHMENT_OPTIMAL
// (DEPTH_STENCIL_ATTACHMENT_OPTIMAL for depth formats).

#include "entry_points.hpp"

#include <algorithm>

namespace xrsim {

namespace {

constexpr uint32_t k_image_count = 3;

Swapchain* swapchain_from(XrSwapchain handle) {
    return from_handle<Swapchain>(handle, ObjectType::swapchain);
}

bool is_depth(int64_t format) {
    return format == VK_FORMAT_D32_SFLOAT || format == VK_FORMAT_D16_UNORM;
}

VkImageUsageFlags vulkan_usage(const XrSwapchainCreateInfo& info) {
    VkImageUsageFlags usage = VK_IMAGE_USAGE_TRANSFER_SRC_BIT; // for capture
    usage |= is_depth(info.format) ? VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT : VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
    if (info.usageFlags & XR_SWAPCHAIN_USAGE_UNORDERED_ACCESS_BIT) usage |= VK_IMAGE_USAGE_STORAGE_BIT;
    if (info.usageFlags & XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT) usage |= VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    if (info.usageFlags & XR_SWAPCHAIN_USAGE_SAMPLED_BIT) usage |= VK_IMAGE_USAGE_SAMPLED_BIT;
    return usage;
}

VkImageCreateInfo image_info(const XrSwapchainCreateInfo& info) {
    VkImageCreateInfo image{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
    if (info.faceCount == 6) image.flags |= VK_IMAGE_CREATE_CUBE_COMPATIBLE_BIT;
    if (info.usageFlags & XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT) image.flags |= VK_IMAGE_CREATE_MUTABLE_FORMAT_BIT;
    image.imageType = VK_IMAGE_TYPE_2D;
    image.format = static_cast<VkFormat>(info.format);
    image.extent = {info.width, info.height, 1};
    image.mipLevels = info.mipCount;
    image.arrayLayers = info.arraySize * info.faceCount;
    image.samples = VK_SAMPLE_COUNT_1_BIT;
    image.tiling = VK_IMAGE_TILING_OPTIMAL;
    image.usage = vulkan_usage(info);
    image.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    image.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    return image;
}

uint32_t memory_type(VkPhysicalDevice device, uint32_t allowed, VkMemoryPropertyFlags wanted) {
    VkPhysicalDeviceMemoryProperties properties{};
    vkGetPhysicalDeviceMemoryProperties(device, &properties);
    for (uint32_t i = 0; i < properties.memoryTypeCount; ++i)
        if ((allowed & (1u << i)) && (properties.memoryTypes[i].propertyFlags & wanted) == wanted) return i;
    for (uint32_t i = 0; i < properties.memoryTypeCount; ++i)
        if (allowed & (1u << i)) return i;
    return UINT32_MAX;
}

XrResult check_create_info(Session& session, const XrSwapchainCreateInfo& info) {
    Instance& instance = *session.instance;
    const char* call = "xrCreateSwapchain";
    const auto& formats = supported_formats();
    if (std::find(formats.begin(), formats.end(), info.format) == formats.end())
        return misuse(instance, call, XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED, std::to_string(info.format));
    if (info.createFlags & XR_SWAPCHAIN_CREATE_PROTECTED_CONTENT_BIT)
        return misuse(instance, call, XR_ERROR_FEATURE_UNSUPPORTED, "protected content");
    if (info.sampleCount != 1) return misuse(instance, call, XR_ERROR_FEATURE_UNSUPPORTED, "sampleCount must be 1");
    if (info.width == 0 || info.height == 0 || info.width > instance.config.max_size ||
        info.height > instance.config.max_size)
        return misuse(instance, call, XR_ERROR_VALIDATION_FAILURE, "width/height 0 or above the maximum");
    if ((info.faceCount != 1 && info.faceCount != 6) || info.arraySize == 0 || info.mipCount == 0)
        return misuse(instance, call, XR_ERROR_VALIDATION_FAILURE, "faceCount must be 1 or 6; arraySize, mipCount > 0");
    VkImageCreateInfo image = image_info(info);
    VkImageFormatProperties properties{};
    VkResult r = vkGetPhysicalDeviceImageFormatProperties(session.physical_device, image.format, image.imageType,
                                                          image.tiling, image.usage, image.flags, &properties);
    if (r != VK_SUCCESS || properties.maxArrayLayers < image.arrayLayers || properties.maxMipLevels < info.mipCount)
        return misuse(instance, call, XR_ERROR_FEATURE_UNSUPPORTED, "usage/format not supported by the device");
    return XR_SUCCESS;
}

bool create_image(Session& session, const XrSwapchainCreateInfo& info, SwapchainImage& out) {
    VkImageCreateInfo image = image_info(info);
    if (vkCreateImage(session.device, &image, nullptr, &out.image) != VK_SUCCESS) return false;
    VkMemoryRequirements requirements{};
    vkGetImageMemoryRequirements(session.device, out.image, &requirements);
    VkMemoryAllocateInfo allocate{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    allocate.allocationSize = requirements.size;
    allocate.memoryTypeIndex =
        memory_type(session.physical_device, requirements.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
    if (vkAllocateMemory(session.device, &allocate, nullptr, &out.memory) != VK_SUCCESS) return false;
    return vkBindImageMemory(session.device, out.image, out.memory, 0) == VK_SUCCESS;
}

// UNDEFINED → the attachment layout the application expects at its first acquire.
bool initialise_layouts(Session& session, const Swapchain& swapchain) {
    bool depth = is_depth(swapchain.info.format);
    return submit_and_wait(session, [&](VkCommandBuffer cmd) {
        std::vector<VkImageMemoryBarrier> barriers;
        for (const SwapchainImage& image : swapchain.images) {
            VkImageMemoryBarrier barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
            barrier.dstAccessMask =
                depth ? VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT : VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
            barrier.oldLayout = VK_IMAGE_LAYOUT_UNDEFINED;
            barrier.newLayout =
                depth ? VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
            barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
            barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
            barrier.image = image.image;
            barrier.subresourceRange = {depth ? VK_IMAGE_ASPECT_DEPTH_BIT : VK_IMAGE_ASPECT_COLOR_BIT, 0,
                                        VK_REMAINING_MIP_LEVELS, 0, VK_REMAINING_ARRAY_LAYERS};
            barriers.push_back(barrier);
        }
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, 0, nullptr,
                             0, nullptr, static_cast<uint32_t>(barriers.size()), barriers.data());
    });
}

} // namespace

const std::vector<int64_t>& supported_formats() {
    static const std::vector<int64_t> formats{VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB,
                                              VK_FORMAT_R8G8B8A8_UNORM, VK_FORMAT_B8G8R8A8_UNORM, VK_FORMAT_D32_SFLOAT};
    return formats;
}

void wait_queue_idle(Session& session) {
    if (session.queue != VK_NULL_HANDLE) vkQueueWaitIdle(session.queue);
}

bool submit_and_wait(Session& session, const std::function<void(VkCommandBuffer)>& record) {
    VkCommandBufferAllocateInfo allocate{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    allocate.commandPool = session.command_pool;
    allocate.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    allocate.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    if (vkAllocateCommandBuffers(session.device, &allocate, &cmd) != VK_SUCCESS) return false;
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    bool ok = vkBeginCommandBuffer(cmd, &begin) == VK_SUCCESS;
    if (ok) {
        record(cmd);
        ok = vkEndCommandBuffer(cmd) == VK_SUCCESS;
    }
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    ok = ok && vkQueueSubmit(session.queue, 1, &submit, VK_NULL_HANDLE) == VK_SUCCESS;
    ok = ok && vkQueueWaitIdle(session.queue) == VK_SUCCESS;
    vkFreeCommandBuffers(session.device, session.command_pool, 1, &cmd);
    return ok;
}

void destroy_swapchain_object(Swapchain* swapchain, const std::string& how) {
    Session& session = *swapchain->session;
    wait_queue_idle(session);
    for (SwapchainImage& image : swapchain->images) {
        if (image.image != VK_NULL_HANDLE) vkDestroyImage(session.device, image.image, nullptr);
        if (image.memory != VK_NULL_HANDLE) vkFreeMemory(session.device, image.memory, nullptr);
    }
    session.swapchains.erase(swapchain);
    unregister_object(swapchain, how);
    delete swapchain;
}

} // namespace xrsim

namespace xrsim::api {

XrResult XRAPI_CALL enumerate_swapchain_formats(XrSession handle, uint32_t capacity, uint32_t* count,
                                                int64_t* formats) {
    std::lock_guard lock(api_mutex());
    Session* session = from_handle<Session>(handle, ObjectType::session);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!count) return XR_ERROR_VALIDATION_FAILURE;
    const auto& supported = supported_formats();
    *count = static_cast<uint32_t>(supported.size());
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < supported.size()) return XR_ERROR_SIZE_INSUFFICIENT;
    std::copy(supported.begin(), supported.end(), formats);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL create_swapchain(XrSession handle, const XrSwapchainCreateInfo* info, XrSwapchain* out) {
    std::lock_guard lock(api_mutex());
    Session* session = from_handle<Session>(handle, ObjectType::session);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!info || !out || info->type != XR_TYPE_SWAPCHAIN_CREATE_INFO) return XR_ERROR_VALIDATION_FAILURE;
    if (XrResult r = check_create_info(*session, *info); XR_FAILED(r)) return r;
    auto swapchain = std::make_unique<Swapchain>();
    swapchain->session = session;
    swapchain->info = *info;
    swapchain->info.next = nullptr;
    bool is_static = info->createFlags & XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT;
    swapchain->images.resize(is_static ? 1 : k_image_count);
    for (SwapchainImage& image : swapchain->images) {
        if (create_image(*session, *info, image)) continue;
        session->swapchains.insert(swapchain.get()); // so that destroy finds it
        register_object(swapchain.get(), ObjectType::swapchain);
        destroy_swapchain_object(swapchain.release(), "a failed xrCreateSwapchain");
        return XR_ERROR_RUNTIME_FAILURE;
    }
    if (!initialise_layouts(*session, *swapchain)) return XR_ERROR_RUNTIME_FAILURE;
    register_object(swapchain.get(), ObjectType::swapchain);
    session->swapchains.insert(swapchain.get());
    session->instance->log.write(JsonLine("swapchain")
                                     .add("format", info->format)
                                     .add("width", static_cast<int64_t>(info->width))
                                     .add("height", static_cast<int64_t>(info->height))
                                     .add("faces", static_cast<int64_t>(info->faceCount))
                                     .add("static", is_static));
    *out = to_handle<XrSwapchain>(swapchain.release());
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroy_swapchain(XrSwapchain handle) {
    std::lock_guard lock(api_mutex());
    Swapchain* swapchain = swapchain_from(handle);
    if (!swapchain) return XR_ERROR_HANDLE_INVALID;
    destroy_swapchain_object(swapchain, "xrDestroySwapchain");
    return XR_SUCCESS;
}

XrResult XRAPI_CALL enumerate_swapchain_images(XrSwapchain handle, uint32_t capacity, uint32_t* count,
                                               XrSwapchainImageBaseHeader* images) {
    std::lock_guard lock(api_mutex());
    Swapchain* swapchain = swapchain_from(handle);
    if (!swapchain) return XR_ERROR_HANDLE_INVALID;
    if (!count) return XR_ERROR_VALIDATION_FAILURE;
    *count = static_cast<uint32_t>(swapchain->images.size());
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < swapchain->images.size()) return XR_ERROR_SIZE_INSUFFICIENT;
    auto* vulkan_images = reinterpret_cast<XrSwapchainImageVulkanKHR*>(images);
    for (size_t i = 0; i < swapchain->images.size(); ++i) {
        if (vulkan_images[i].type != XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR)
            return misuse(*swapchain->session->instance, "xrEnumerateSwapchainImages", XR_ERROR_VALIDATION_FAILURE,
                          "images must be XrSwapchainImageVulkan2KHR");
        vulkan_images[i].image = swapchain->images[i].image;
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL acquire_swapchain_image(XrSwapchain handle, const XrSwapchainImageAcquireInfo* info,
                                            uint32_t* index) {
    std::lock_guard lock(api_mutex());
    Swapchain* swapchain = swapchain_from(handle);
    if (!swapchain) return XR_ERROR_HANDLE_INVALID;
    if (XrResult r = check_session(swapchain->session); XR_FAILED(r)) return r;
    if ((info && info->type != XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO) || !index) return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *swapchain->session->instance;
    const char* call = "xrAcquireSwapchainImage";
    if ((swapchain->info.createFlags & XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT) && swapchain->acquire_count > 0)
        return misuse(instance, call, XR_ERROR_CALL_ORDER_INVALID, "a static swapchain's image is acquired once");
    if (!swapchain->acquired.empty())
        return misuse(instance, call, XR_ERROR_CALL_ORDER_INVALID, "acquired again before xrReleaseSwapchainImage");
    *index = swapchain->next_index;
    swapchain->next_index = (swapchain->next_index + 1) % swapchain->images.size();
    swapchain->acquired.push_back(*index);
    ++swapchain->acquire_count;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL wait_swapchain_image(XrSwapchain handle, const XrSwapchainImageWaitInfo* info) {
    std::lock_guard lock(api_mutex());
    Swapchain* swapchain = swapchain_from(handle);
    if (!swapchain) return XR_ERROR_HANDLE_INVALID;
    if (XrResult r = check_session(swapchain->session); XR_FAILED(r)) return r;
    if (!info || info->type != XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO) return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *swapchain->session->instance;
    if (swapchain->acquired.empty())
        return misuse(instance, "xrWaitSwapchainImage", XR_ERROR_CALL_ORDER_INVALID, "no acquired image");
    if (swapchain->waited)
        return misuse(instance, "xrWaitSwapchainImage", XR_ERROR_CALL_ORDER_INVALID, "image already waited on");
    swapchain->waited = true; // the simulated compositor never holds an image: ready at once
    return XR_SUCCESS;
}

XrResult XRAPI_CALL release_swapchain_image(XrSwapchain handle, const XrSwapchainImageReleaseInfo* info) {
    std::lock_guard lock(api_mutex());
    Swapchain* swapchain = swapchain_from(handle);
    if (!swapchain) return XR_ERROR_HANDLE_INVALID;
    if (XrResult r = check_session(swapchain->session); XR_FAILED(r)) return r;
    if (info && info->type != XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO) return XR_ERROR_VALIDATION_FAILURE;
    if (swapchain->acquired.empty() || !swapchain->waited)
        return misuse(*swapchain->session->instance, "xrReleaseSwapchainImage", XR_ERROR_CALL_ORDER_INVALID,
                      "no waited image to release");
    swapchain->last_released = swapchain->acquired.front();
    swapchain->acquired.pop_front();
    swapchain->waited = false;
    swapchain->released_any = true;
    return XR_SUCCESS;
}

} // namespace xrsim::api
