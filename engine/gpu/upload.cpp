#include "gpu/upload.hpp"

#include <cstring>

#include "core/vk_check.hpp"
#include "gpu/barriers.hpp"

namespace vrex::gpu {

Image upload_rgba8(Context& ctx, uint32_t width, uint32_t height, std::span<const uint8_t> rgba, VkFormat format,
                   VkPipelineStageFlags2 consumer, const char* name, uint32_t layers) {
    if (rgba.size() != size_t(width) * height * 4 * layers)
        throw core::Error(std::string("upload of ") + name + ": wrong size");
    Buffer staging = make_staging_buffer(ctx, rgba.size(), VK_BUFFER_USAGE_TRANSFER_SRC_BIT, name);
    std::memcpy(staging.mapped(), rgba.data(), rgba.size());
    ImageDesc desc;
    desc.format = format;
    desc.extent = {width, height};
    desc.layers = layers;
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    desc.name = name;
    Image image(ctx, desc);
    ctx.submit_and_wait([&](VkCommandBuffer cmd) {
        image_barrier(cmd, {image.get(), VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                            VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COPY_BIT,
                            VK_ACCESS_2_TRANSFER_WRITE_BIT});
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, layers};
        region.imageExtent = {width, height, 1};
        vkCmdCopyBufferToImage(cmd, staging.get(), image.get(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
        image_barrier(cmd, {image.get(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                            VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, consumer,
                            VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    });
    return image;
}

ImageSet make_image_set(Context& ctx, VkDescriptorSetLayout layout, VkSampler sampler, VkImageView view,
                        VkImageLayout image_layout) {
    ImageSet out;
    const VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1};
    VkDescriptorPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pool_info.maxSets = 1;
    pool_info.poolSizeCount = 1;
    pool_info.pPoolSizes = &size;
    VkDescriptorPool pool;
    VK_CHECK(vkCreateDescriptorPool(ctx.device(), &pool_info, nullptr, &pool));
    out.pool = DescriptorPool(ctx.device(), pool);
    VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    alloc.descriptorPool = pool;
    alloc.descriptorSetCount = 1;
    alloc.pSetLayouts = &layout;
    VK_CHECK(vkAllocateDescriptorSets(ctx.device(), &alloc, &out.set));
    VkDescriptorImageInfo info{sampler, view, image_layout};
    VkWriteDescriptorSet write{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    write.dstSet = out.set;
    write.dstBinding = 0;
    write.descriptorCount = 1;
    write.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    write.pImageInfo = &info;
    vkUpdateDescriptorSets(ctx.device(), 1, &write, 0, nullptr);
    return out;
}

} // namespace vrex::gpu
