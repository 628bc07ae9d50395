#include <algorithm>
#include <cstring>
#include <glm/common.hpp>
#include <string>

#include "core/vk_check.hpp"
#include "gpu/pipeline.hpp"
#include "gpu/upload.hpp"
#include "render/model_detail.hpp"
#include "render/model_loader.hpp"

namespace vrex::render {
namespace {

static_assert(sizeof(media::Vertex) == 48, "media::Vertex is uploaded as it is (see mesh_pass.cpp)");

// The uniform block of shaders/mesh.frag.
struct MaterialFactors {
    glm::vec4 base_colour;
    float alpha_cutoff;
    float blend;
    float normal_map;
    float pad;
};

VkDeviceSize align_up(VkDeviceSize v, VkDeviceSize a) {
    return a ? (v + a - 1) / a * a : v;
}

MaterialFactors factors_of(const media::Material& m, bool has_normal_map) {
    MaterialFactors f{};
    f.base_colour = m.base_colour;
    f.alpha_cutoff = m.alpha_mode == media::AlphaMode::mask ? m.alpha_cutoff : -1.0f;
    f.blend = m.alpha_mode == media::AlphaMode::blend ? 1.0f : 0.0f;
    f.normal_map = has_normal_map ? 1.0f : 0.0f;
    return f;
}

bool valid_texture(const media::Model& model, int index) {
    return index >= 0 && size_t(index) < model.textures.size() && model.textures[size_t(index)].image.width > 0 &&
           model.textures[size_t(index)].image.height > 0;
}

gpu::Image upload_pixel(gpu::Context& ctx, const uint8_t (&rgba)[4], VkFormat format, const char* name) {
    return gpu::upload_rgba8(ctx, 1, 1, {rgba, 4}, format, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, name);
}

// A device-local buffer holding `bytes`, copied from a staging buffer when `cmd` runs.
gpu::Buffer device_buffer(gpu::Context& ctx, VkCommandBuffer cmd, std::span<const uint8_t> bytes,
                          VkBufferUsageFlags usage, std::vector<gpu::Buffer>& staging, const char* name) {
    staging.push_back(gpu::make_staging_buffer(ctx, bytes.size(), VK_BUFFER_USAGE_TRANSFER_SRC_BIT, name));
    std::memcpy(staging.back().mapped(), bytes.data(), bytes.size());
    gpu::Buffer buffer(ctx, bytes.size(), usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT,
                       name);
    const VkBufferCopy region{0, 0, bytes.size()};
    vkCmdCopyBuffer(cmd, staging.back().get(), buffer.get(), 1, &region);
    return buffer;
}

gpu::DescriptorPool make_mip_pool(gpu::Context& ctx, uint32_t sets) {
    if (sets == 0) return {};
    const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, sets},
                                          {VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, sets}};
    VkDescriptorPoolCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    info.maxSets = sets;
    info.poolSizeCount = 2;
    info.pPoolSizes = sizes;
    VkDescriptorPool pool;
    VK_CHECK(vkCreateDescriptorPool(ctx.device(), &info, nullptr, &pool));
    return gpu::DescriptorPool(ctx.device(), pool);
}

} // namespace

ModelLoader::ModelLoader(gpu::Context& ctx) : m_ctx(ctx) {
    m_sampler = gpu::make_sampler(ctx, VK_FILTER_LINEAR, VK_SAMPLER_MIPMAP_MODE_LINEAR, VK_SAMPLER_ADDRESS_MODE_REPEAT,
                                  VK_SAMPLER_ADDRESS_MODE_REPEAT);
    m_mip_sampler = gpu::make_sampler(ctx, VK_FILTER_LINEAR, VK_SAMPLER_MIPMAP_MODE_NEAREST,
                                      VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE, VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE);
    const VkDescriptorSetLayoutBinding material[] = {
        {0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {1, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {2, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
    };
    m_material_layout = gpu::make_set_layout(ctx, material);
    const VkDescriptorSetLayoutBinding mip[] = {
        {0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
        {1, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
    };
    m_mip_layout = gpu::make_set_layout(ctx, mip);
    const VkDescriptorSetLayout mip_set = m_mip_layout.get();
    m_mip_pipeline_layout =
        gpu::make_pipeline_layout(ctx, {&mip_set, 1}, 3 * sizeof(int32_t), VK_SHADER_STAGE_COMPUTE_BIT);
    m_mip_pipeline = gpu::make_compute_pipeline(ctx, m_mip_pipeline_layout.get(), "texture_mip.comp");
    const uint8_t white[4] = {255, 255, 255, 255};
    const uint8_t flat[4] = {128, 128, 255, 255};
    m_white = upload_pixel(ctx, white, VK_FORMAT_R8G8B8A8_SRGB, "model default base colour");
    m_white_view = gpu::make_image_view(ctx, m_white, VK_IMAGE_VIEW_TYPE_2D, VK_FORMAT_R8G8B8A8_SRGB, 0, 1);
    m_flat_normal = upload_pixel(ctx, flat, VK_FORMAT_R8G8B8A8_UNORM, "model default normal");
    m_flat_normal_view =
        gpu::make_image_view(ctx, m_flat_normal, VK_IMAGE_VIEW_TYPE_2D, VK_FORMAT_R8G8B8A8_UNORM, 0, 1);
}

GpuModel ModelLoader::load(const media::Model& model, const char* name) {
    ModelUpload upload = begin(model, name);
    while (!step(upload, model, ~VkDeviceSize(0))) {
    }
    return std::move(upload).take();
}

ModelUpload ModelLoader::begin(const media::Model& model, const char* name) {
    ModelUpload upload;
    upload.m_name = name;
    upload.m_model.m_bounds = model.bounds;
    lay_out(model, upload);
    return upload;
}

bool ModelLoader::step(ModelUpload& upload, const media::Model& model, VkDeviceSize budget) {
    if (upload.m_done) return true;
    while (budget > 0 && upload.m_next < upload.m_segments.size()) {
        const VkDeviceSize slice = std::min(budget, k_slice_bytes);
        copy_slice(upload, model, slice);
        budget -= slice;
    }
    if (upload.m_next < upload.m_segments.size()) return false;
    finish(upload, model);
    upload.m_done = true;
    return true;
}

// One vertex and one index buffer for all meshes; each mesh a Part, and a segment of each buffer to copy.
void ModelLoader::lay_out(const media::Model& model, ModelUpload& upload) {
    GpuModel& out = upload.m_model;
    VkDeviceSize vertex_bytes = 0, index_bytes = 0;
    uint32_t vertex_count = 0, index_count = 0;
    for (size_t i = 0; i < model.meshes.size(); ++i) {
        const media::Mesh& mesh = model.meshes[i];
        if (mesh.vertices.empty() || mesh.indices.size() < 3) continue;
        GpuModel::Part part;
        part.first_index = index_count;
        part.index_count = uint32_t(mesh.indices.size() / 3 * 3);
        part.vertex_offset = int32_t(vertex_count);
        part.material = mesh.material >= 0 && size_t(mesh.material) < model.materials.size() ? mesh.material : 0;
        glm::vec3 lo = mesh.vertices[0].position, hi = lo;
        for (const media::Vertex& v : mesh.vertices) {
            lo = glm::min(lo, v.position);
            hi = glm::max(hi, v.position);
        }
        part.centre = (lo + hi) * 0.5f;
        out.m_parts.push_back(part);
        const VkDeviceSize vbytes = mesh.vertices.size() * sizeof(media::Vertex);
        const VkDeviceSize ibytes = VkDeviceSize(part.index_count) * sizeof(uint32_t);
        upload.m_segments.push_back({i, false, vertex_bytes, vbytes});
        upload.m_segments.push_back({i, true, index_bytes, ibytes});
        vertex_bytes += vbytes;
        index_bytes += ibytes;
        vertex_count += uint32_t(mesh.vertices.size());
        index_count += part.index_count;
    }
    if (vertex_bytes == 0) return;
    const std::string& name = upload.m_name;
    out.m_vertices =
        gpu::Buffer(m_ctx, vertex_bytes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                    VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, (name + " vertices").c_str());
    out.m_indices = gpu::Buffer(m_ctx, index_bytes, VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, (name + " indices").c_str());
}

// Fills the staging buffer from the segments in order, then copies it into the buffers and waits.
void ModelLoader::copy_slice(ModelUpload& upload, const media::Model& model, VkDeviceSize budget) {
    if (!m_slice_staging.get())
        m_slice_staging =
            gpu::make_staging_buffer(m_ctx, k_slice_bytes, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "model upload staging");
    struct Copy {
        VkBuffer buffer;
        VkBufferCopy region;
    };
    std::vector<Copy> copies;
    VkDeviceSize used = 0;
    const VkDeviceSize limit = std::min(budget, k_slice_bytes);
    while (used < limit && upload.m_next < upload.m_segments.size()) {
        const ModelUpload::Segment& seg = upload.m_segments[upload.m_next];
        const media::Mesh& mesh = model.meshes[seg.mesh];
        const uint8_t* source = seg.indices ? reinterpret_cast<const uint8_t*>(mesh.indices.data())
                                            : reinterpret_cast<const uint8_t*>(mesh.vertices.data());
        const VkDeviceSize n = std::min(limit - used, seg.bytes - upload.m_copied);
        std::memcpy(static_cast<uint8_t*>(m_slice_staging.mapped()) + used, source + upload.m_copied, n);
        const VkBuffer target = seg.indices ? upload.m_model.m_indices.get() : upload.m_model.m_vertices.get();
        copies.push_back({target, {used, seg.destination + upload.m_copied, n}});
        used += n;
        upload.m_copied += n;
        if (upload.m_copied == seg.bytes) {
            ++upload.m_next;
            upload.m_copied = 0;
        }
    }
    if (copies.empty()) return;
    m_ctx.submit_and_wait([&](VkCommandBuffer cmd) {
        for (const Copy& c : copies) vkCmdCopyBuffer(cmd, m_slice_staging.get(), c.buffer, 1, &c.region);
    });
}

void ModelLoader::finish(ModelUpload& upload, const media::Model& model) {
    GpuModel& out = upload.m_model;
    const std::string& label = upload.m_name;
    // Only the textures a material uses are uploaded; texture_slot maps a model texture to its GPU image (-1: none).
    std::vector<int> texture_slot(model.textures.size(), -1);
    std::vector<size_t> used;
    uint32_t mip_sets = 0;
    for (const media::Material& m : model.materials)
        for (int t : {m.base_colour_texture, m.normal_texture})
            if (valid_texture(model, t) && texture_slot[size_t(t)] < 0) {
                texture_slot[size_t(t)] = int(used.size());
                used.push_back(size_t(t));
                const media::Image& image = model.textures[size_t(t)].image;
                mip_sets += mip_count(image.width, image.height) - 1;
            }
    Staging staging;
    staging.mip_pool = make_mip_pool(m_ctx, mip_sets);
    m_ctx.submit_and_wait([&](VkCommandBuffer cmd) {
        upload_factors(cmd, model, out, staging, label);
        for (size_t t : used) record_texture(cmd, model.textures[t], out, staging, label);
    });
    write_material_sets(model, out, texture_slot);
}

// The material factors; and the vertex and index copies of the earlier slices (earlier in submission order, so in
// this barrier's first scope) made visible to drawing.
void ModelLoader::upload_factors(VkCommandBuffer cmd, const media::Model& model, GpuModel& out, Staging& staging,
                                 const std::string& name) {
    const VkDeviceSize stride =
        align_up(sizeof(MaterialFactors), m_ctx.properties().limits.minUniformBufferOffsetAlignment);
    std::vector<uint8_t> factors(stride * std::max<size_t>(1, model.materials.size()));
    for (size_t i = 0; i < model.materials.size(); ++i) {
        const MaterialFactors f =
            factors_of(model.materials[i], valid_texture(model, model.materials[i].normal_texture));
        std::memcpy(&factors[i * stride], &f, sizeof(f));
    }
    out.m_factors = device_buffer(m_ctx, cmd, factors, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, staging.buffers,
                                  (name + " materials").c_str());
    VkMemoryBarrier2 barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER_2};
    barrier.srcStageMask = VK_PIPELINE_STAGE_2_COPY_BIT;
    barrier.srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT;
    barrier.dstStageMask = VK_PIPELINE_STAGE_2_VERTEX_ATTRIBUTE_INPUT_BIT | VK_PIPELINE_STAGE_2_INDEX_INPUT_BIT |
                           VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
    barrier.dstAccessMask =
        VK_ACCESS_2_VERTEX_ATTRIBUTE_READ_BIT | VK_ACCESS_2_INDEX_READ_BIT | VK_ACCESS_2_UNIFORM_READ_BIT;
    VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dep.memoryBarrierCount = 1;
    dep.pMemoryBarriers = &barrier;
    vkCmdPipelineBarrier2(cmd, &dep);
}

void ModelLoader::write_material_sets(const media::Model& model, GpuModel& out, const std::vector<int>& texture_slot) {
    const uint32_t count = uint32_t(std::max<size_t>(1, model.materials.size()));
    const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 2 * count},
                                          {VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, count}};
    VkDescriptorPoolCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    info.maxSets = count;
    info.poolSizeCount = 2;
    info.pPoolSizes = sizes;
    VkDescriptorPool pool;
    VK_CHECK(vkCreateDescriptorPool(m_ctx.device(), &info, nullptr, &pool));
    out.m_pool = gpu::DescriptorPool(m_ctx.device(), pool);
    const VkDeviceSize stride =
        align_up(sizeof(MaterialFactors), m_ctx.properties().limits.minUniformBufferOffsetAlignment);
    const media::Material fallback;
    for (uint32_t i = 0; i < count; ++i) {
        const media::Material& m = i < model.materials.size() ? model.materials[i] : fallback;
        GpuModel::Material gm{VK_NULL_HANDLE, m.alpha_mode, m.double_sided};
        const VkDescriptorSetLayout layout = m_material_layout.get();
        VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        alloc.descriptorPool = pool;
        alloc.descriptorSetCount = 1;
        alloc.pSetLayouts = &layout;
        VK_CHECK(vkAllocateDescriptorSets(m_ctx.device(), &alloc, &gm.set));
        auto view_of = [&](int texture, VkImageView fallback_view) {
            return valid_texture(model, texture) ? out.m_views[size_t(texture_slot[size_t(texture)])].get()
                                                 : fallback_view;
        };
        const VkDescriptorImageInfo images[2] = {{m_sampler.get(), view_of(m.base_colour_texture, m_white_view.get()),
                                                  VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL},
                                                 {m_sampler.get(), view_of(m.normal_texture, m_flat_normal_view.get()),
                                                  VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL}};
        const VkDescriptorBufferInfo factors{out.m_factors.get(), i * stride, sizeof(MaterialFactors)};
        VkWriteDescriptorSet writes[2]{{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET},
                                       {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET}};
        writes[0].dstSet = gm.set;
        writes[0].dstBinding = 0;
        writes[0].descriptorCount = 2; // bindings 0 and 1
        writes[0].descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
        writes[0].pImageInfo = images;
        writes[1].dstSet = gm.set;
        writes[1].dstBinding = 2;
        writes[1].descriptorCount = 1;
        writes[1].descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER;
        writes[1].pBufferInfo = &factors;
        vkUpdateDescriptorSets(m_ctx.device(), 2, writes, 0, nullptr);
        out.m_materials.push_back(gm);
    }
}

} // namespace vrex::render
