// Renderer: the mesh pass. Opaque and masked parts in scene order (depth test and write), then blended parts sorted
// back to front by the view depth of their mesh's centre (depth test, no write).
#include "render/mesh_pass.hpp"

#include <algorithm>
#include <cstddef>
#include <glm/geometric.hpp>
#include <glm/gtc/matrix_inverse.hpp>

#include "media/model.hpp"
#include "render/renderer.hpp"

namespace vrex::render {
namespace {

struct MeshPush {
    glm::mat4 clip_from_model;
    glm::mat4 rig_from_model;
};
static_assert(sizeof(MeshPush) == 128, "the minimum maxPushConstantsSize");

constexpr VkVertexInputBindingDescription k_bindings[] = {{0, sizeof(media::Vertex), VK_VERTEX_INPUT_RATE_VERTEX}};
constexpr VkVertexInputAttributeDescription k_attributes[] = {
    {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(media::Vertex, position)},
    {1, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(media::Vertex, normal)},
    {2, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(media::Vertex, uv)},
    {3, 0, VK_FORMAT_R32G32B32A32_SFLOAT, offsetof(media::Vertex, tangent)},
};
// The baked variant: the same vertices, and a vec4 of light per vertex from a second buffer
// (ModelInstance::vertex_light).
constexpr VkVertexInputBindingDescription k_baked_bindings[] = {{0, sizeof(media::Vertex), VK_VERTEX_INPUT_RATE_VERTEX},
                                                                {1, sizeof(float) * 4, VK_VERTEX_INPUT_RATE_VERTEX}};
// The baked shaders read no normal or tangent (the light was computed from them).
constexpr VkVertexInputAttributeDescription k_baked_attributes[] = {
    {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(media::Vertex, position)},
    {2, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(media::Vertex, uv)},
    {4, 1, VK_FORMAT_R32G32B32A32_SFLOAT, 0},
};

// A part waiting to be blended, with what it is drawn with.
struct BlendedPart {
    const ModelInstance* instance;
    const GpuModel::Part* part;
    MeshPush push;
    float depth; // along the view axis, metres
};

glm::vec3 centre_of(const media::Bounds& b) {
    return (b.min + b.max) * 0.5f;
}

} // namespace

std::span<const VkVertexInputBindingDescription> mesh_vertex_bindings() {
    return k_bindings;
}

std::span<const VkVertexInputAttributeDescription> mesh_vertex_attributes() {
    return k_attributes;
}

std::span<const VkVertexInputBindingDescription> mesh_baked_vertex_bindings() {
    return k_baked_bindings;
}

std::span<const VkVertexInputAttributeDescription> mesh_baked_vertex_attributes() {
    return k_baked_attributes;
}

glm::mat4 rig_from_world(const glm::vec3& centre) {
    const float distance = glm::length(centre);
    const glm::vec3 forward = distance > 1e-4f ? centre / distance : glm::vec3(0.0f, 0.0f, -1.0f);
    glm::vec3 right = glm::cross(forward, glm::vec3(0.0f, 1.0f, 0.0f));
    // Straight above or below the visitor: keep the world's x as right.
    right = glm::length(right) > 1e-4f ? glm::normalize(right) : glm::vec3(1.0f, 0.0f, 0.0f);
    const glm::vec3 up = glm::cross(right, forward);
    glm::mat4 world_from_rig(1.0f);
    world_from_rig[0] = glm::vec4(right, 0.0f);
    world_from_rig[1] = glm::vec4(up, 0.0f);
    world_from_rig[2] = glm::vec4(-forward, 0.0f);
    return glm::transpose(world_from_rig); // a rotation: its inverse
}

void Renderer::draw_models(VkCommandBuffer cmd, const RenderScene& scene, const gpu::View& view,
                           const gpu::RenderTarget& target) {
    const glm::mat4 view_from_world = glm::inverse(view.world_from_view);
    const glm::mat4 clip_from_world = view.projection * view_from_world;
    std::vector<BlendedPart> blended;
    VkPipeline bound = VK_NULL_HANDLE;
    auto bind = [&](VkPipeline p) {
        if (p != bound) vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p);
        bound = p;
    };
    auto bind_model = [&](const ModelInstance& instance, const MeshPush& push) {
        const GpuModel& model = *instance.model;
        const VkBuffer vertices[2] = {model.vertex_buffer(), instance.vertex_light};
        const VkDeviceSize offsets[2] = {0, 0};
        vkCmdBindVertexBuffers(cmd, 0, instance.vertex_light ? 2 : 1, vertices, offsets);
        vkCmdBindIndexBuffer(cmd, model.index_buffer(), 0, VK_INDEX_TYPE_UINT32);
        vkCmdPushConstants(cmd, m_mesh_layout.get(), VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(push), &push);
    };
    // `single`: the lit kind for one-sided materials (the next kind is its double-sided one); the baked kinds mirror
    // the lit ones.
    auto draw_part = [&](const ModelInstance& instance, const GpuModel::Part& part, PipelineKind single) {
        const GpuModel& model = *instance.model;
        const GpuModel::Material& material = model.material(part.material);
        int kind = int(single) + (material.double_sided ? 1 : 0);
        if (instance.vertex_light) kind += int(PipelineKind::mesh_baked_opaque) - int(PipelineKind::mesh_opaque);
        bind(pipeline(PipelineKind(kind), target));
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_mesh_layout.get(), 0, 1, &material.set, 0,
                                nullptr);
        vkCmdDrawIndexed(cmd, part.index_count, 1, part.first_index, part.vertex_offset, 0);
    };
    for (const ModelInstance& instance : scene.models) {
        if (!instance.model || instance.model->parts().empty()) continue;
        const GpuModel& model = *instance.model;
        const glm::vec3 centre = glm::vec3(instance.world_from_model * glm::vec4(centre_of(model.bounds()), 1.0f));
        const MeshPush push{clip_from_world * instance.world_from_model,
                            rig_from_world(centre) * instance.world_from_model};
        bool bound_model = false;
        for (const GpuModel::Part& part : model.parts()) {
            if (model.material(part.material).alpha_mode == media::AlphaMode::blend) {
                const glm::vec4 at = view_from_world * instance.world_from_model * glm::vec4(part.centre, 1.0f);
                blended.push_back({&instance, &part, push, -at.z});
                continue;
            }
            if (!bound_model) bind_model(instance, push);
            bound_model = true;
            draw_part(instance, part, PipelineKind::mesh_opaque);
        }
    }
    std::stable_sort(blended.begin(), blended.end(),
                     [](const BlendedPart& a, const BlendedPart& b) { return a.depth > b.depth; });
    for (const BlendedPart& b : blended) {
        bind_model(*b.instance, b.push);
        draw_part(*b.instance, *b.part, PipelineKind::mesh_blend);
    }
}

} // namespace vrex::render
