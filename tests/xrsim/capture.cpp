// Capture: at xrEndFrame of a scripted frame, copies both eyes' projection sub-images to PNG, and measures the depth
// submitted with them (XR_KHR_composition_layer_depth). The copy runs on the application's queue after the work it
// submitted before xrReleaseSwapchainImage, and waits for the queue to go idle; the image goes back to
// COLOR_ATTACHMENT_OPTIMAL (DEPTH_STENCIL_ATTACHMENT_OPTIMAL), the layout the application left it in.

#include "entry_points.hpp"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <cstring>

namespace xrsim {

namespace {

struct Readback {
    VkBuffer buffer{VK_NULL_HANDLE};
    VkDeviceMemory memory{VK_NULL_HANDLE};
};

bool create_readback(Session& session, VkDeviceSize size, Readback& out) {
    VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = size;
    info.usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    if (vkCreateBuffer(session.device, &info, nullptr, &out.buffer) != VK_SUCCESS) return false;
    VkMemoryRequirements requirements{};
    vkGetBufferMemoryRequirements(session.device, out.buffer, &requirements);
    VkPhysicalDeviceMemoryProperties properties{};
    vkGetPhysicalDeviceMemoryProperties(session.physical_device, &properties);
    VkMemoryPropertyFlags wanted = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    VkMemoryAllocateInfo allocate{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    allocate.allocationSize = requirements.size;
    allocate.memoryTypeIndex = UINT32_MAX;
    for (uint32_t i = 0; i < properties.memoryTypeCount && allocate.memoryTypeIndex == UINT32_MAX; ++i)
        if ((requirements.memoryTypeBits & (1u << i)) && (properties.memoryTypes[i].propertyFlags & wanted) == wanted)
            allocate.memoryTypeIndex = i;
    if (allocate.memoryTypeIndex == UINT32_MAX) return false;
    if (vkAllocateMemory(session.device, &allocate, nullptr, &out.memory) != VK_SUCCESS) return false;
    return vkBindBufferMemory(session.device, out.buffer, out.memory, 0) == VK_SUCCESS;
}

void destroy_readback(Session& session, Readback& readback) {
    if (readback.buffer != VK_NULL_HANDLE) vkDestroyBuffer(session.device, readback.buffer, nullptr);
    if (readback.memory != VK_NULL_HANDLE) vkFreeMemory(session.device, readback.memory, nullptr);
}

VkImageMemoryBarrier layout_barrier(VkImage image, uint32_t layer, VkImageLayout from, VkImageLayout to,
                                    bool depth = false) {
    VkImageMemoryBarrier barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
    bool to_transfer = to == VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    const VkAccessFlags attachment =
        depth ? VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT
              : VK_ACCESS_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    barrier.srcAccessMask = to_transfer ? attachment : VK_ACCESS_TRANSFER_READ_BIT;
    barrier.dstAccessMask = to_transfer ? VK_ACCESS_TRANSFER_READ_BIT : attachment;
    barrier.oldLayout = from;
    barrier.newLayout = to;
    barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.image = image;
    barrier.subresourceRange = {depth ? VK_IMAGE_ASPECT_DEPTH_BIT : VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, layer, 1};
    return barrier;
}

// Copies a depth sub-image (D32_SFLOAT, DEPTH_STENCIL_ATTACHMENT_OPTIMAL before and after) into `buffer`.
void record_depth_copy(VkCommandBuffer cmd, VkImage image, const XrSwapchainSubImage& sub, VkBuffer buffer) {
    const VkImageLayout attachment = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL;
    const VkImageLayout transfer = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    const VkPipelineStageFlags tests =
        VK_PIPELINE_STAGE_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_LATE_FRAGMENT_TESTS_BIT;
    VkImageMemoryBarrier before = layout_barrier(image, sub.imageArrayIndex, attachment, transfer, true);
    vkCmdPipelineBarrier(cmd, tests, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, nullptr, 0, nullptr, 1, &before);
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_DEPTH_BIT, 0, sub.imageArrayIndex, 1};
    region.imageOffset = {sub.imageRect.offset.x, sub.imageRect.offset.y, 0};
    region.imageExtent = {static_cast<uint32_t>(sub.imageRect.extent.width),
                          static_cast<uint32_t>(sub.imageRect.extent.height), 1};
    vkCmdCopyImageToBuffer(cmd, image, transfer, buffer, 1, &region);
    VkImageMemoryBarrier after = layout_barrier(image, sub.imageArrayIndex, transfer, attachment, true);
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, tests, 0, 0, nullptr, 0, nullptr, 1, &after);
}

void record_copy(VkCommandBuffer cmd, VkImage image, const XrSwapchainSubImage& sub, VkBuffer buffer) {
    const VkImageLayout attachment = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    const VkImageLayout transfer = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    VkImageMemoryBarrier before = layout_barrier(image, sub.imageArrayIndex, attachment, transfer);
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0,
                         nullptr, 0, nullptr, 1, &before);
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, sub.imageArrayIndex, 1};
    region.imageOffset = {sub.imageRect.offset.x, sub.imageRect.offset.y, 0};
    region.imageExtent = {static_cast<uint32_t>(sub.imageRect.extent.width),
                          static_cast<uint32_t>(sub.imageRect.extent.height), 1};
    vkCmdCopyImageToBuffer(cmd, image, transfer, buffer, 1, &region);
    VkImageMemoryBarrier after = layout_barrier(image, sub.imageArrayIndex, transfer, attachment);
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, 0, 0,
                         nullptr, 0, nullptr, 1, &after);
}

// Writes the mapped pixels (4 bytes each, RGBA or BGRA) as an RGB PNG; returns whether all pixels are equal.
bool write_png(const std::string& path, const uint8_t* pixels, int width, int height, bool bgra, bool& uniform) {
    std::vector<uint8_t> rgb(static_cast<size_t>(width) * height * 3);
    uniform = true;
    for (size_t i = 0; i < static_cast<size_t>(width) * height; ++i) {
        const uint8_t* p = pixels + i * 4;
        rgb[i * 3 + 0] = bgra ? p[2] : p[0];
        rgb[i * 3 + 1] = p[1];
        rgb[i * 3 + 2] = bgra ? p[0] : p[2];
        if (std::memcmp(p, pixels, 3) != 0) uniform = false;
    }
    return stbi_write_png(path.c_str(), width, height, 3, rgb.data(), width * 3) != 0;
}

void capture_view(Session& session, const XrSwapchainSubImage& sub, const std::string& path, JsonLine& line) {
    auto* swapchain = from_handle<Swapchain>(sub.swapchain, ObjectType::swapchain);
    int64_t format = swapchain->info.format;
    if (format == VK_FORMAT_D32_SFLOAT || swapchain->last_released < 0) return;
    VkImage image = swapchain->images[swapchain->last_released].image;
    int width = sub.imageRect.extent.width;
    int height = sub.imageRect.extent.height;
    Readback readback;
    bool ok = create_readback(session, static_cast<VkDeviceSize>(width) * height * 4, readback) &&
              submit_and_wait(session, [&](VkCommandBuffer cmd) { record_copy(cmd, image, sub, readback.buffer); });
    void* mapped = nullptr;
    ok = ok && vkMapMemory(session.device, readback.memory, 0, VK_WHOLE_SIZE, 0, &mapped) == VK_SUCCESS;
    bool uniform = true;
    if (ok) {
        bool bgra = format == VK_FORMAT_B8G8R8A8_SRGB || format == VK_FORMAT_B8G8R8A8_UNORM;
        ok = write_png(path, static_cast<const uint8_t*>(mapped), width, height, bgra, uniform);
        vkUnmapMemory(session.device, readback.memory);
    }
    destroy_readback(session, readback);
    line.add("file", path).add("width", static_cast<int64_t>(width)).add("height", static_cast<int64_t>(height));
    line.add("uniform", uniform).add("ok", ok);
}

// The depth submitted with a projection view: the share of its pixels nearer than depth 0 (reversed-Z: something
// drawn there) and the largest depth value, logged as depth_capture. Only D32_SFLOAT, the format vrex submits.
void capture_depth(Session& session, const XrCompositionLayerDepthInfoKHR& depth, JsonLine& line) {
    auto* swapchain = from_handle<Swapchain>(depth.subImage.swapchain, ObjectType::swapchain);
    if (!swapchain || swapchain->info.format != VK_FORMAT_D32_SFLOAT || swapchain->last_released < 0) {
        line.add("ok", false);
        return;
    }
    VkImage image = swapchain->images[swapchain->last_released].image;
    const size_t count =
        static_cast<size_t>(depth.subImage.imageRect.extent.width) * depth.subImage.imageRect.extent.height;
    Readback readback;
    bool ok = create_readback(session, static_cast<VkDeviceSize>(count) * 4, readback) &&
              submit_and_wait(session, [&](VkCommandBuffer cmd) {
                  record_depth_copy(cmd, image, depth.subImage, readback.buffer);
              });
    void* mapped = nullptr;
    ok = ok && vkMapMemory(session.device, readback.memory, 0, VK_WHOLE_SIZE, 0, &mapped) == VK_SUCCESS;
    size_t covered = 0;
    float largest = 0.0f;
    if (ok) {
        const float* values = static_cast<const float*>(mapped);
        for (size_t i = 0; i < count; ++i) {
            covered += values[i] > 0.0f;
            largest = std::max(largest, values[i]);
        }
        vkUnmapMemory(session.device, readback.memory);
    }
    destroy_readback(session, readback);
    line.add("covered", count ? double(covered) / double(count) : 0.0).add("max", double(largest)).add("ok", ok);
}

const XrCompositionLayerDepthInfoKHR* depth_of(const XrCompositionLayerProjectionView& view) {
    for (auto* next = static_cast<const XrBaseInStructure*>(view.next); next; next = next->next)
        if (next->type == XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR)
            return reinterpret_cast<const XrCompositionLayerDepthInfoKHR*>(next);
    return nullptr;
}

} // namespace

void capture_frame(Session& session, const XrFrameEndInfo& info, int64_t frame) {
    Instance& instance = *session.instance;
    const std::string& dir = instance.config.capture_dir;
    if (dir.empty()) {
        instance.log.write(JsonLine("capture_skipped").add("frame", frame).add("why", "VREX_XRSIM_CAPTURE not set"));
        return;
    }
    for (uint32_t i = 0; i < info.layerCount; ++i) {
        if (info.layers[i]->type != XR_TYPE_COMPOSITION_LAYER_PROJECTION) continue;
        auto* layer = reinterpret_cast<const XrCompositionLayerProjection*>(info.layers[i]);
        for (uint32_t eye = 0; eye < layer->viewCount; ++eye) {
            std::string name = eye == 0 ? "left" : "right";
            JsonLine line("capture");
            line.add("frame", frame).add("eye", name);
            capture_view(session, layer->views[eye].subImage,
                         dir + "/frame-" + std::to_string(frame) + "-" + name + ".png", line);
            instance.log.write(line);
            if (const XrCompositionLayerDepthInfoKHR* depth = depth_of(layer->views[eye])) {
                JsonLine depth_line("depth_capture");
                depth_line.add("frame", frame).add("eye", name);
                capture_depth(session, *depth, depth_line);
                instance.log.write(depth_line);
            }
        }
        return;
    }
    instance.log.write(JsonLine("capture_skipped").add("frame", frame).add("why", "no projection layer"));
}

} // namespace xrsim
