// ModelLoader: textures. Each used texture is copied into mip 0 of a UNORM image (sampled through an sRGB view when
// it holds colour), then every further level is made by shaders/texture_mip.comp from the one above.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <spdlog/spdlog.h>

#include "core/vk_check.hpp"
#include "gpu/barriers.hpp"
#include "gpu/fault.hpp"
#include "render/model_detail.hpp"
#include "render/panorama_detail.hpp"

namespace vrex::render {
namespace {

struct MipPush {
    int32_t width, height;
    int32_t srgb;
};

// Level `level` becomes readable by the next level's pass and by the fragment shaders that will sample the model.
void to_read(VkCommandBuffer cmd, VkImage image, VkImageLayout from, VkPipelineStageFlags2 stage, VkAccessFlags2 access,
             uint32_t level) {
    gpu::image_barrier(cmd, {image, from, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, stage, access,
                             VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                             VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, level, 1});
}

// The texture's image on the device. No room for it there: the texture is halved until it fits (`source` then points
// at `reduced`), with a warning; the model is drawn, less sharp. Down to 1x1, which failing too passes the error on
// (ModelCache shows the model's placeholder with it).
gpu::Image make_texture_image(gpu::Context& ctx, gpu::ImageDesc desc, const media::ModelTexture& texture,
                              const media::Image*& source, media::Image& reduced, const std::string& name) {
    std::string no_room;
    for (;;) {
        desc.extent = {source->width, source->height};
        desc.mip_levels = mip_count(source->width, source->height);
        try {
            gpu::Image image(ctx, desc);
            if (!no_room.empty())
                spdlog::warn("{}: texture {}: {}; showing it at a lower resolution ({}x{} of {}x{})", name,
                             texture.source, no_room, source->width, source->height, texture.image.width,
                             texture.image.height);
            return image;
        } catch (const gpu::OutOfDeviceMemory& oom) {
            if (source->width <= 1 && source->height <= 1) throw;
            if (no_room.empty()) no_room = oom.what();
            reduced = media::downscale_half(*source);
            source = &reduced;
        }
    }
}

} // namespace

uint32_t mip_count(uint32_t width, uint32_t height) {
    return uint32_t(std::floor(std::log2(double(std::max({width, height, 1u}))))) + 1;
}

void ModelLoader::record_texture(VkCommandBuffer cmd, const media::ModelTexture& texture, GpuModel& out,
                                 Staging& staging, const std::string& name) {
    // Textures larger than the GPU allows are halved on the CPU first (as panoramas are).
    const uint32_t max_2d = m_ctx.properties().limits.maxImageDimension2D;
    media::Image reduced;
    const media::Image* source = &texture.image;
    while (source->width > max_2d || source->height > max_2d) {
        reduced = media::downscale_half(*source);
        source = &reduced;
    }
    if (source->rgba.size() != size_t(source->width) * source->height * 4)
        throw core::Error(name + ": texture " + texture.source + " has the wrong size");
    const VkFormat sampled = texture.srgb ? VK_FORMAT_R8G8B8A8_SRGB : VK_FORMAT_R8G8B8A8_UNORM;
    gpu::ImageDesc desc;
    desc.format = VK_FORMAT_R8G8B8A8_UNORM; // storage for the mip passes; sRGB textures are sampled through a view
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    desc.flags = texture.srgb ? VK_IMAGE_CREATE_MUTABLE_FORMAT_BIT : 0;
    desc.name = "model texture"; // a literal: ImageDesc keeps the pointer
    out.m_images.push_back(make_texture_image(m_ctx, desc, texture, source, reduced, name));
    const media::Image& image = *source;
    const gpu::Image& gpu_image = out.m_images.back();
    m_ctx.set_name(VK_OBJECT_TYPE_IMAGE, gpu_image.get(), (name + " " + texture.source).c_str());

    staging.buffers.push_back(
        gpu::make_staging_buffer(m_ctx, image.rgba.size(), VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "model texture staging"));
    std::memcpy(staging.buffers.back().mapped(), image.rgba.data(), image.rgba.size());
    gpu::image_barrier(cmd, {gpu_image.get(), VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                             VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COPY_BIT,
                             VK_ACCESS_2_TRANSFER_WRITE_BIT, 0, 1});
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {image.width, image.height, 1};
    vkCmdCopyBufferToImage(cmd, staging.buffers.back().get(), gpu_image.get(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1,
                           &region);
    to_read(cmd, gpu_image.get(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT,
            VK_ACCESS_2_TRANSFER_WRITE_BIT, 0);
    record_mips(cmd, gpu_image, texture.srgb, staging);
    out.m_views.push_back(gpu::make_image_view(m_ctx, gpu_image, VK_IMAGE_VIEW_TYPE_2D, sampled, 0,
                                               gpu_image.desc().mip_levels, VK_IMAGE_USAGE_SAMPLED_BIT));
}

void ModelLoader::record_mips(VkCommandBuffer cmd, const gpu::Image& image, bool srgb, Staging& staging) {
    const VkFormat sampled = srgb ? VK_FORMAT_R8G8B8A8_SRGB : VK_FORMAT_R8G8B8A8_UNORM;
    const VkExtent2D extent = image.desc().extent;
    if (image.desc().mip_levels > 1) vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_mip_pipeline.get());
    for (uint32_t level = 1; level < image.desc().mip_levels; ++level) {
        gpu::image_barrier(cmd, {image.get(), VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_GENERAL,
                                 VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                                 VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, level, 1});
        staging.views.push_back(gpu::make_image_view(m_ctx, image, VK_IMAGE_VIEW_TYPE_2D, sampled, level - 1, 1,
                                                     VK_IMAGE_USAGE_SAMPLED_BIT));
        const VkImageView src = staging.views.back().get();
        staging.views.push_back(gpu::make_image_view(m_ctx, image, VK_IMAGE_VIEW_TYPE_2D, VK_FORMAT_R8G8B8A8_UNORM,
                                                     level, 1, VK_IMAGE_USAGE_STORAGE_BIT));
        const VkDescriptorSet set = write_compute_set(m_ctx, staging.mip_pool.get(), m_mip_layout.get(),
                                                      m_mip_sampler.get(), src, staging.views.back().get());
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_mip_pipeline_layout.get(), 0, 1, &set, 0,
                                nullptr);
        const MipPush push{int32_t(std::max(1u, extent.width >> level)), int32_t(std::max(1u, extent.height >> level)),
                           srgb ? 1 : 0};
        vkCmdPushConstants(cmd, m_mip_pipeline_layout.get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(push), &push);
        vkCmdDispatch(cmd, groups(uint32_t(push.width)), groups(uint32_t(push.height)), 1);
        to_read(cmd, image.get(), VK_IMAGE_LAYOUT_GENERAL, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, level);
    }
}

} // namespace vrex::render
