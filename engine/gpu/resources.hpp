#pragma once
// Buffers and images with their own (dedicated) memory. vrex holds few, large resources, so one allocation each
// stays far below maxMemoryAllocationCount.
#include <cstdint>
#include <vulkan/vulkan.h>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"

namespace vrex::gpu {

class Buffer {
public:
    Buffer() = default;
    // Host-visible buffers are mapped for their whole life.
    Buffer(Context& ctx, VkDeviceSize size, VkBufferUsageFlags usage, VkMemoryPropertyFlags memory, const char* name);
    ~Buffer();
    Buffer(Buffer&&) noexcept;
    Buffer& operator=(Buffer&&) noexcept;

    VkBuffer get() const { return m_buffer.get(); }
    VkDeviceSize size() const { return m_size; }
    void* mapped() const { return m_mapped; }

private:
    DeviceMemory m_memory; // declared first so that the buffer is destroyed before its memory is freed
    RawBuffer m_buffer;
    VkDeviceSize m_size = 0;
    void* m_mapped = nullptr;
};

// A host-visible, coherent transfer buffer.
Buffer make_staging_buffer(Context& ctx, VkDeviceSize size, VkBufferUsageFlags usage, const char* name);

struct ImageDesc {
    VkImageType type = VK_IMAGE_TYPE_2D;
    VkFormat format = VK_FORMAT_R8G8B8A8_SRGB;
    VkExtent2D extent{1, 1};
    uint32_t mip_levels = 1;
    uint32_t layers = 1;
    VkImageUsageFlags usage = 0;
    VkImageCreateFlags flags = 0;
    const char* name = "image";
    // LINEAR tiling in host-visible memory, mapped for the image's life and created PREINITIALIZED, so that the CPU
    // writes texels where the GPU samples them (a CPU device such as lavapipe: no staging, no copy).
    bool host_written = false;
};

class Image {
public:
    Image() = default;
    Image(Context& ctx, const ImageDesc& desc);

    VkImage get() const { return m_image.get(); }
    const ImageDesc& desc() const { return m_desc; }
    VkDeviceSize memory_size() const { return m_memory_size; } // what the device allocated for it
    // A host_written image's memory, and where a level starts in it (offset, row pitch).
    uint8_t* mapped() const { return static_cast<uint8_t*>(m_mapped); }
    VkSubresourceLayout level_layout(VkDevice device, uint32_t level) const;

private:
    ImageDesc m_desc;
    VkDeviceSize m_memory_size = 0;
    void* m_mapped = nullptr;
    DeviceMemory m_memory; // declared first so that the image is destroyed before its memory is freed
    RawImage m_image;
};

// A view of mip levels [base_mip, base_mip + mip_count) and all layers. `usage` 0 = the image's usage.
ImageView make_image_view(Context& ctx, const Image& image, VkImageViewType type, VkFormat format, uint32_t base_mip,
                          uint32_t mip_count, VkImageUsageFlags usage = 0);

} // namespace vrex::gpu
