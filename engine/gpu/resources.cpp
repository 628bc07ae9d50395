#include "gpu/resources.hpp"

#include "core/vk_check.hpp"

namespace vrex::gpu {
namespace {

// `image`: for an image (VREX_GPU_FAULT's out_of_memory@bytes:N fails those above N bytes).
DeviceMemory allocate(Context& ctx, const VkMemoryRequirements& req, VkMemoryPropertyFlags props, bool image) {
    VkMemoryAllocateInfo info{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    info.allocationSize = req.size;
    info.memoryTypeIndex = ctx.memory_type(req.memoryTypeBits, props);
    VkDeviceMemory memory = VK_NULL_HANDLE;
    const VkResult r = image && ctx.faults().image_out_of_memory(req.size)
                           ? VK_ERROR_OUT_OF_DEVICE_MEMORY
                           : vkAllocateMemory(ctx.device(), &info, nullptr, &memory);
    if (r == VK_ERROR_OUT_OF_DEVICE_MEMORY || r == VK_ERROR_OUT_OF_HOST_MEMORY)
        throw OutOfDeviceMemory(std::string(k_out_of_memory_message) + " allocating " + std::to_string(req.size >> 20) +
                                " MiB");
    VK_CHECK(r);
    return DeviceMemory(ctx.device(), memory);
}

} // namespace

Buffer::Buffer(Context& ctx, VkDeviceSize size, VkBufferUsageFlags usage, VkMemoryPropertyFlags memory,
               const char* name)
    : m_size(size) {
    VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = size;
    info.usage = usage;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    VkBuffer buffer;
    VK_CHECK(vkCreateBuffer(ctx.device(), &info, nullptr, &buffer));
    m_buffer = RawBuffer(ctx.device(), buffer);
    ctx.set_name(VK_OBJECT_TYPE_BUFFER, buffer, name);
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(ctx.device(), buffer, &req);
    m_memory = allocate(ctx, req, memory, false);
    VK_CHECK(vkBindBufferMemory(ctx.device(), buffer, m_memory.get(), 0));
    if (memory & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)
        VK_CHECK(vkMapMemory(ctx.device(), m_memory.get(), 0, VK_WHOLE_SIZE, 0, &m_mapped));
}

// Memory is unmapped implicitly by vkFreeMemory.
Buffer::~Buffer() = default;
Buffer::Buffer(Buffer&&) noexcept = default;
Buffer& Buffer::operator=(Buffer&&) noexcept = default;

Buffer make_staging_buffer(Context& ctx, VkDeviceSize size, VkBufferUsageFlags usage, const char* name) {
    return Buffer(ctx, size, usage, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, name);
}

Image::Image(Context& ctx, const ImageDesc& desc) : m_desc(desc) {
    VkImageCreateInfo info{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
    info.flags = desc.flags;
    info.imageType = desc.type;
    info.format = desc.format;
    info.extent = {desc.extent.width, desc.extent.height, 1};
    info.mipLevels = desc.mip_levels;
    info.arrayLayers = desc.layers;
    info.samples = VK_SAMPLE_COUNT_1_BIT;
    info.tiling = desc.host_written ? VK_IMAGE_TILING_LINEAR : VK_IMAGE_TILING_OPTIMAL;
    info.usage = desc.usage;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    info.initialLayout = desc.host_written ? VK_IMAGE_LAYOUT_PREINITIALIZED : VK_IMAGE_LAYOUT_UNDEFINED;
    VkImage image;
    VK_CHECK(vkCreateImage(ctx.device(), &info, nullptr, &image));
    m_image = RawImage(ctx.device(), image);
    ctx.set_name(VK_OBJECT_TYPE_IMAGE, image, desc.name);
    VkMemoryRequirements req;
    vkGetImageMemoryRequirements(ctx.device(), image, &req);
    constexpr VkMemoryPropertyFlags host = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    m_memory = allocate(ctx, req, desc.host_written ? host : VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, true);
    m_memory_size = req.size;
    VK_CHECK(vkBindImageMemory(ctx.device(), image, m_memory.get(), 0));
    if (desc.host_written) VK_CHECK(vkMapMemory(ctx.device(), m_memory.get(), 0, VK_WHOLE_SIZE, 0, &m_mapped));
}

VkSubresourceLayout Image::level_layout(VkDevice device, uint32_t level) const {
    const VkImageSubresource sub{VK_IMAGE_ASPECT_COLOR_BIT, level, 0};
    VkSubresourceLayout layout;
    vkGetImageSubresourceLayout(device, m_image.get(), &sub, &layout);
    return layout;
}

ImageView make_image_view(Context& ctx, const Image& image, VkImageViewType type, VkFormat format, uint32_t base_mip,
                          uint32_t mip_count, VkImageUsageFlags usage) {
    VkImageViewUsageCreateInfo usage_info{VK_STRUCTURE_TYPE_IMAGE_VIEW_USAGE_CREATE_INFO};
    usage_info.usage = usage;
    VkImageViewCreateInfo info{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
    info.pNext = usage ? &usage_info : nullptr;
    info.image = image.get();
    info.viewType = type;
    info.format = format;
    info.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, base_mip, mip_count, 0, image.desc().layers};
    VkImageView view;
    VK_CHECK(vkCreateImageView(ctx.device(), &info, nullptr, &view));
    ctx.set_name(VK_OBJECT_TYPE_IMAGE_VIEW, view, image.desc().name);
    return ImageView(ctx.device(), view);
}

} // namespace vrex::gpu
