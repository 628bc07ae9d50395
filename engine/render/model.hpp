#pragma once
// A 3D model on the GPU (from a media::Model): one vertex and one index buffer, its textures (sRGB or UNORM as the
// model says, with mip chains made by compute), and a descriptor set per material. Drawn through RenderScene::models.
#include <cstdint>
#include <span>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "gpu/handle.hpp"
#include "gpu/resources.hpp"
#include "media/model.hpp"

namespace vrex::render {

class GpuModel {
public:
    // One media::Mesh: a range of the index buffer, drawn with one material.
    struct Part {
        uint32_t first_index = 0;
        uint32_t index_count = 0;
        int32_t vertex_offset = 0;
        uint32_t material = 0;
        glm::vec3 centre{0.0f}; // of the mesh's bounds, model space (blended parts are sorted by it)
    };
    struct Material {
        VkDescriptorSet set = VK_NULL_HANDLE; // base colour, normal map, factors (see shaders/mesh.frag)
        media::AlphaMode alpha_mode = media::AlphaMode::opaque;
        bool double_sided = false;
    };

    std::span<const Part> parts() const { return m_parts; }
    const Material& material(uint32_t index) const { return m_materials.at(index); }
    const media::Bounds& bounds() const { return m_bounds; }
    VkBuffer vertex_buffer() const { return m_vertices.get(); }
    VkBuffer index_buffer() const { return m_indices.get(); }
    size_t texture_count() const { return m_images.size(); } // textures uploaded (the used ones)

private:
    friend class ModelLoader;
    gpu::Buffer m_vertices; // media::Vertex, all meshes one after the other
    gpu::Buffer m_indices;  // uint32
    gpu::Buffer m_factors;  // one MaterialFactors block per material (uniform buffer)
    std::vector<gpu::Image> m_images;
    std::vector<gpu::ImageView> m_views; // sampled views of m_images (sRGB or UNORM), all mips
    gpu::DescriptorPool m_pool;          // the material sets; destroyed before the views they name
    std::vector<Material> m_materials;
    std::vector<Part> m_parts;
    media::Bounds m_bounds;
};

// A model placed in the world (metres; the visitor stands at the origin). The model must outlive the frame.
struct ModelInstance {
    const GpuModel* model = nullptr;
    glm::mat4 world_from_model{1.0f};
    // Light computed ahead for each vertex (`vrex bake`): one vec4 (linear RGB, w unused) per vertex of the model's
    // vertex buffer, in its order. Set: drawn with shaders/mesh_baked.frag (base colour times this light) instead of
    // the viewer's light rig. The buffer must outlive the frame.
    VkBuffer vertex_light = VK_NULL_HANDLE;
};

} // namespace vrex::render
