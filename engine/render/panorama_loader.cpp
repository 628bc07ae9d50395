#include "render/panorama_loader.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/memory.hpp"
#include "core/vk_check.hpp"
#include "gpu/barriers.hpp"
#include "gpu/pipeline.hpp"
#include "gpu/upload.hpp"
#include "render/model_detail.hpp"
#include "render/panorama_detail.hpp"

namespace vrex::render {
namespace {

struct ConvertPush {
    int32_t face_size;
    int32_t samples;           // supersampling per axis
    int32_t first_face;        // the dispatch's z = 0 is this face
    float haov, vaov, voffset; // coverage, radians
};

} // namespace

VkDescriptorSet write_compute_set(gpu::Context& ctx, VkDescriptorPool pool, VkDescriptorSetLayout layout,
                                  VkSampler sampler, VkImageView src, VkImageView dst, VkImageLayout src_layout) {
    VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    alloc.descriptorPool = pool;
    alloc.descriptorSetCount = 1;
    alloc.pSetLayouts = &layout;
    VkDescriptorSet set;
    VK_CHECK(vkAllocateDescriptorSets(ctx.device(), &alloc, &set));
    VkDescriptorImageInfo src_info{sampler, src, src_layout};
    VkDescriptorImageInfo dst_info{VK_NULL_HANDLE, dst, VK_IMAGE_LAYOUT_GENERAL};
    VkWriteDescriptorSet writes[2]{{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET}, {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET}};
    writes[0].dstSet = set;
    writes[0].dstBinding = 0;
    writes[0].descriptorCount = 1;
    writes[0].descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    writes[0].pImageInfo = &src_info;
    writes[1].dstSet = set;
    writes[1].dstBinding = 1;
    writes[1].descriptorCount = 1;
    writes[1].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_IMAGE;
    writes[1].pImageInfo = &dst_info;
    vkUpdateDescriptorSets(ctx.device(), 2, writes, 0, nullptr);
    return set;
}

uint32_t groups(uint32_t n) {
    return (n + k_group - 1) / k_group;
}

namespace {

gpu::DescriptorPool make_pool(gpu::Context& ctx, uint32_t sets, uint32_t samplers, uint32_t storage) {
    std::vector<VkDescriptorPoolSize> sizes;
    if (samplers) sizes.push_back({VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, samplers});
    if (storage) sizes.push_back({VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, storage});
    VkDescriptorPoolCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    info.maxSets = sets;
    info.poolSizeCount = uint32_t(sizes.size());
    info.pPoolSizes = sizes.data();
    VkDescriptorPool pool;
    VK_CHECK(vkCreateDescriptorPool(ctx.device(), &info, nullptr, &pool));
    return gpu::DescriptorPool(ctx.device(), pool);
}

} // namespace

uint32_t cube_face_size(uint32_t equirect_width, uint32_t max_size) {
    const uint32_t size = (uint32_t(std::ceil(std::max(1.0, equirect_width / std::numbers::pi))) + 7) / 8 * 8;
    return std::min(size, max_size);
}

uint32_t full_mip_count(uint32_t size) {
    return uint32_t(std::floor(std::log2(std::max(1u, size)))) + 1;
}

PanoramaLoader::PanoramaLoader(gpu::Context& ctx, VkDescriptorSetLayout sampling_layout,
                               VkDescriptorSetLayout pair_layout, VkSampler cube_sampler, VkSampler equirect_sampler)
    : m_ctx(ctx), m_sampling_layout(sampling_layout), m_pair_layout(pair_layout), m_cube_sampler(cube_sampler),
      m_equirect_sampler(equirect_sampler), m_store(std::make_shared<PanoramaStore>(ctx)) {
    m_mip_sampler = gpu::make_sampler(ctx, VK_FILTER_LINEAR, VK_SAMPLER_MIPMAP_MODE_NEAREST,
                                      VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE, VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE);
    const VkDescriptorSetLayoutBinding bindings[] = {
        {0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
        {1, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
    };
    m_convert_layout = gpu::make_set_layout(ctx, bindings);
    const VkDescriptorSetLayout set_layout = m_convert_layout.get();
    m_convert_pipeline_layout =
        gpu::make_pipeline_layout(ctx, {&set_layout, 1}, sizeof(ConvertPush), VK_SHADER_STAGE_COMPUTE_BIT);
    m_convert_pipeline = gpu::make_compute_pipeline(ctx, m_convert_pipeline_layout.get(), "equirect_to_cube.comp");
    m_mip_pipeline = gpu::make_compute_pipeline(ctx, m_convert_pipeline_layout.get(), "cube_mip.comp");
    m_faces_pipeline = gpu::make_compute_pipeline(ctx, m_convert_pipeline_layout.get(), "faces_to_cube.comp");
}

namespace {
// Nice levels the mips of a zero-copy panorama are built below the frame loop (as a full-resolution decode is).
constexpr int k_mips_nice = 5;
constexpr VkPipelineStageFlags2 k_panorama_readers =
    VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;
} // namespace

Panorama PanoramaLoader::load_pixels(PanoramaPixels&& pixels, const Coverage& coverage, PanoramaTimings* timings) {
    if (pixels.empty()) throw core::Error("PanoramaLoader::load_pixels: no pixels");
    core::Stopwatch clock;
    collect();
    Panorama pano;
    pano.m_kind = Panorama::Kind::equirect;
    pano.m_coverage = coverage;
    if (pixels.m_image.get() != VK_NULL_HANDLE)
        hand_over_in_place(pano, pixels);
    else
        copy_from_staging(pano, pixels);
    make_sampling_set(pano, VK_IMAGE_VIEW_TYPE_2D, m_equirect_sampler);
    make_level_pair_sets(pano);
    if (timings) timings->upload_ms = clock.lap_ms();
    return pano;
}

// The CPU wrote the image itself; the submission makes those writes available (host write ordering). It stays in
// GENERAL, where the host may write it again when the store hands it to another load.
void PanoramaLoader::hand_over_in_place(Panorama& pano, PanoramaPixels& pixels) {
    const uint32_t levels = pixels.levels();
    const VkImageLayout from = pixels.m_fresh ? VK_IMAGE_LAYOUT_PREINITIALIZED : VK_IMAGE_LAYOUT_GENERAL;
    pano.m_image.image = std::move(pixels.m_image);
    pano.m_image.store = m_store;
    pano.m_layout = VK_IMAGE_LAYOUT_GENERAL;
    pano.m_upload.submission = std::make_shared<gpu::Submission>(m_ctx, [&](VkCommandBuffer cmd) {
        gpu::image_barrier(cmd, {pano.image(), from, VK_IMAGE_LAYOUT_GENERAL, VK_PIPELINE_STAGE_2_HOST_BIT,
                                 VK_ACCESS_2_HOST_WRITE_BIT, k_panorama_readers, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, 0,
                                 levels});
    });
    if (!pixels.m_mips_pending) return;
    // Level 0 is drawn from now on; levels 1.. are written once the layout change is done, then drawn too
    // (Panorama::mips_ready; a later submission makes the host writes visible).
    pano.m_image.mips =
        std::async(std::launch::async, [levels = pixels.m_levels, prefault = std::move(pixels.m_prefault),
                                        upload = pano.m_upload.submission]() mutable {
            upload->wait();
            upload.reset();
            // Below the frames (the two threads of build_mip_levels inherit it): the first frame at full
            // resolution is drawn meanwhile, from level 0.
            core::lower_thread_priority(k_mips_nice);
            build_mip_levels(levels);
            prefault.reset();
        }).share();
}

// A device-local image, all levels copied from the staging buffer, which returns to the store once the copy is done.
void PanoramaLoader::copy_from_staging(Panorama& pano, PanoramaPixels& pixels) {
    const uint32_t levels = pixels.levels();
    gpu::ImageDesc desc;
    desc.format = VK_FORMAT_R8G8B8A8_SRGB;
    desc.extent = {pixels.width(), pixels.height()};
    desc.mip_levels = levels;
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    desc.name = "panorama (equirect)";
    pano.m_image.image = gpu::Image(m_ctx, desc);
    std::vector<VkBufferImageCopy> regions(levels);
    for (uint32_t i = 0; i < levels; ++i) {
        regions[i].bufferOffset = pixels.m_offsets[i];
        regions[i].imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, i, 0, 1};
        regions[i].imageExtent = {pixels.level(i).width, pixels.level(i).height, 1};
    }
    pano.m_upload.submission = std::make_shared<gpu::Submission>(m_ctx, [&](VkCommandBuffer cmd) {
        gpu::image_barrier(cmd, {pano.image(), VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                 VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COPY_BIT,
                                 VK_ACCESS_2_TRANSFER_WRITE_BIT, 0, levels});
        vkCmdCopyBufferToImage(cmd, pixels.m_staging.get(), pano.image(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, levels,
                               regions.data());
        gpu::image_barrier(cmd, {pano.image(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                 VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT,
                                 VK_ACCESS_2_TRANSFER_WRITE_BIT, k_panorama_readers,
                                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, 0, levels});
    });
    m_pending.push_back({std::move(pixels.m_staging), pano.m_upload.submission});
}

void PanoramaLoader::collect() {
    std::erase_if(m_pending, [&](Pending& p) {
        if (!p.copy->done()) return false;
        if (p.staging.get() != VK_NULL_HANDLE) m_store->give_back(std::move(p.staging));
        return true;
    });
}

Panorama PanoramaLoader::make_cube(const Panorama& equirect, PanoramaTimings* timings) {
    core::Stopwatch clock;
    const Coverage& coverage = equirect.coverage();
    // A partial panorama of width w covering haov degrees is as detailed as a full one of w * 360 / haov.
    const double full_width = equirect.width() * 360.0 / std::clamp(coverage.haov, 1.0, 360.0);
    // Level 0 only: a compositor samples it (and filters) itself.
    Panorama pano = make_cube(
        cube_face_size(uint32_t(std::min(full_width, 1e6)), m_ctx.properties().limits.maxImageDimensionCube), 1);
    convert(equirect.view(), equirect.layout(), m_equirect_sampler, pano, [&](VkCommandBuffer cmd) {
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_convert_pipeline.get());
        dispatch_bound(cmd, pano, coverage);
    });
    make_sampling_set(pano, VK_IMAGE_VIEW_TYPE_CUBE, m_cube_sampler);
    if (timings) timings->convert_ms = clock.lap_ms();
    return pano;
}

Panorama PanoramaLoader::make_cube(uint32_t face, uint32_t levels) {
    Panorama pano;
    pano.m_kind = Panorama::Kind::cube;
    gpu::ImageDesc desc;
    desc.format = VK_FORMAT_R8G8B8A8_UNORM;
    desc.extent = {face, face};
    desc.mip_levels = levels ? levels : full_mip_count(face);
    desc.layers = 6;
    desc.usage =
        VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT; // src: XR cube layer
    desc.flags = VK_IMAGE_CREATE_CUBE_COMPATIBLE_BIT | VK_IMAGE_CREATE_MUTABLE_FORMAT_BIT;
    desc.name = "panorama cube";
    pano.m_image.image = gpu::Image(m_ctx, desc);
    return pano;
}

void PanoramaLoader::convert(VkImageView source, VkImageLayout source_layout, VkSampler sampler, Panorama& pano,
                             const std::function<void(VkCommandBuffer)>& dispatch) {
    const uint32_t levels = pano.mip_levels();
    gpu::DescriptorPool pool = make_pool(m_ctx, levels, levels, levels);
    std::vector<gpu::ImageView> views;
    views.push_back(gpu::make_image_view(m_ctx, pano.m_image.image, VK_IMAGE_VIEW_TYPE_CUBE, VK_FORMAT_R8G8B8A8_UNORM,
                                         0, 1, VK_IMAGE_USAGE_STORAGE_BIT));
    const VkDescriptorSet set = write_compute_set(m_ctx, pool.get(), m_convert_layout.get(), sampler, source,
                                                  views.back().get(), source_layout);
    m_ctx.submit_and_wait([&](VkCommandBuffer cmd) {
        gpu::image_barrier(cmd, {pano.image(), VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_GENERAL,
                                 VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                                 VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT});
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_convert_pipeline_layout.get(), 0, 1, &set, 0,
                                nullptr);
        dispatch(cmd); // binds its pipeline and writes mip 0
        build_mips(cmd, pano, views, pool.get());
    });
}

// Side faces see the equirect at most 1.4x minified (cos 45 deg), so one tap is enough there. Near the poles the
// equirect's rows shrink to a point and one tap would alias: the +Y and -Y faces take 2x2 taps.
void PanoramaLoader::dispatch_bound(VkCommandBuffer cmd, const Panorama& pano, const Coverage& coverage) {
    for (int32_t first_face : {0, 2, 4}) {
        constexpr float k_rad = float(std::numbers::pi / 180.0);
        const ConvertPush push{
            int32_t(pano.face_size()),    first_face == 2 ? 2 : 1,      first_face,
            float(coverage.haov) * k_rad, float(coverage.vaov) * k_rad, float(coverage.voffset) * k_rad};
        vkCmdPushConstants(cmd, m_convert_pipeline_layout.get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(push), &push);
        vkCmdDispatch(cmd, groups(pano.face_size()), groups(pano.face_size()), 2);
    }
}

void PanoramaLoader::build_mips(VkCommandBuffer cmd, Panorama& pano, std::vector<gpu::ImageView>& views,
                                VkDescriptorPool pool) {
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_mip_pipeline.get());
    for (uint32_t level = 1; level < pano.mip_levels(); ++level) {
        // Level-1 becomes readable, level is written.
        gpu::image_barrier(cmd,
                           {pano.image(), VK_IMAGE_LAYOUT_GENERAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                            VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                            VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, level - 1, 1});
        views.push_back(gpu::make_image_view(m_ctx, pano.m_image.image, VK_IMAGE_VIEW_TYPE_2D_ARRAY,
                                             VK_FORMAT_R8G8B8A8_SRGB, level - 1, 1, VK_IMAGE_USAGE_SAMPLED_BIT));
        const VkImageView src = views.back().get();
        views.push_back(gpu::make_image_view(m_ctx, pano.m_image.image, VK_IMAGE_VIEW_TYPE_2D_ARRAY,
                                             VK_FORMAT_R8G8B8A8_UNORM, level, 1, VK_IMAGE_USAGE_STORAGE_BIT));
        const VkDescriptorSet set =
            write_compute_set(m_ctx, pool, m_convert_layout.get(), m_mip_sampler.get(), src, views.back().get());
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_convert_pipeline_layout.get(), 0, 1, &set, 0,
                                nullptr);
        const uint32_t size = std::max(1u, pano.face_size() >> level);
        const ConvertPush push{int32_t(size), 1, 0, 0, 0, 0};
        vkCmdPushConstants(cmd, m_convert_pipeline_layout.get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(push), &push);
        vkCmdDispatch(cmd, groups(size), groups(size), 6);
    }
    const uint32_t last = pano.mip_levels() - 1;
    gpu::image_barrier(cmd, {pano.image(), VK_IMAGE_LAYOUT_GENERAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                             VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                             VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, last, 1});
    if (last > 0)
        gpu::image_barrier(cmd, {pano.image(), VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                                 VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, 0, last});
}

void PanoramaLoader::make_sampling_set(Panorama& pano, VkImageViewType type, VkSampler sampler) {
    pano.m_sampled = gpu::make_image_view(m_ctx, pano.m_image.image, type, VK_FORMAT_R8G8B8A8_SRGB, 0,
                                          pano.mip_levels(), VK_IMAGE_USAGE_SAMPLED_BIT);
    pano.m_set = gpu::make_image_set(m_ctx, m_sampling_layout, sampler, pano.m_sampled.get(), pano.m_layout);
}

void PanoramaLoader::make_level_pair_sets(Panorama& pano) {
    const uint32_t levels = pano.mip_levels();
    for (uint32_t i = 0; i < levels; ++i)
        pano.m_level_views.push_back(gpu::make_image_view(m_ctx, pano.m_image.image, VK_IMAGE_VIEW_TYPE_2D,
                                                          VK_FORMAT_R8G8B8A8_SRGB, i, 1, VK_IMAGE_USAGE_SAMPLED_BIT));
    const VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 2 * levels};
    VkDescriptorPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pool_info.maxSets = levels;
    pool_info.poolSizeCount = 1;
    pool_info.pPoolSizes = &size;
    VkDescriptorPool pool;
    VK_CHECK(vkCreateDescriptorPool(m_ctx.device(), &pool_info, nullptr, &pool));
    pano.m_level_pool = gpu::DescriptorPool(m_ctx.device(), pool);
    const std::vector<VkDescriptorSetLayout> layouts(levels, m_pair_layout);
    pano.m_level_sets.resize(levels);
    VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    alloc.descriptorPool = pool;
    alloc.descriptorSetCount = levels;
    alloc.pSetLayouts = layouts.data();
    VK_CHECK(vkAllocateDescriptorSets(m_ctx.device(), &alloc, pano.m_level_sets.data()));
    for (uint32_t i = 0; i < levels; ++i) {
        const VkDescriptorImageInfo images[2] = {
            {m_equirect_sampler, pano.m_level_views[i].get(), pano.m_layout},
            {m_equirect_sampler, pano.m_level_views[std::min(i + 1, levels - 1)].get(), pano.m_layout}};
        VkWriteDescriptorSet write{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        write.dstSet = pano.m_level_sets[i];
        write.dstBinding = 0;
        write.descriptorCount = 2;
        write.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
        write.pImageInfo = images;
        vkUpdateDescriptorSets(m_ctx.device(), 1, &write, 0, nullptr);
    }
}

} // namespace vrex::render
