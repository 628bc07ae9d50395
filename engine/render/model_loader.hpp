#pragma once
// Turns a media::Model into a GpuModel: vertex and index buffers, the textures its materials use (uploaded as sRGB
// or UNORM per ModelTexture::srgb, with a mip chain built by a compute pass per level, not vkCmdBlitImage, DESIGN.md
// §4), and one descriptor set per material. A material without a texture samples a 1x1 white (base colour) or a
// flat normal (normal map) default.
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"
#include "gpu/resources.hpp"
#include "media/model.hpp"
#include "render/model.hpp"

namespace vrex::render {

// A model on its way to the GPU (ModelLoader::begin, then ModelLoader::step until it returns true). Its vertex and
// index buffers are filled a slice at a time, so that a frame loop can upload a big model over several frames instead
// of stalling one; the textures and material sets come with the last step. Move-only; nothing of it is in use by the
// GPU between steps (each step waits for its copy).
class ModelUpload {
public:
    bool done() const { return m_done; }
    // The finished model (after the step that returned true).
    GpuModel take() && { return std::move(m_model); }

private:
    friend class ModelLoader;
    struct Segment {     // one mesh's vertices or indices
        size_t mesh = 0; // index into media::Model::meshes
        bool indices = false;
        VkDeviceSize destination = 0; // offset in the vertex or index buffer
        VkDeviceSize bytes = 0;
    };
    GpuModel m_model;
    std::string m_name;
    std::vector<Segment> m_segments;
    size_t m_next = 0;         // the segment being copied
    VkDeviceSize m_copied = 0; // bytes of it copied so far
    bool m_done = false;
};

class ModelLoader {
public:
    explicit ModelLoader(gpu::Context& ctx);

    // Material sets: binding 0 base colour, 1 normal map (combined image samplers), 2 factors (uniform buffer).
    VkDescriptorSetLayout material_layout() const { return m_material_layout.get(); }

    // Uploads and waits (begin, then steps without a budget). `name` labels the Vulkan objects. Out-of-range
    // material or texture indices fall back to material 0 and the default textures. Throws core::Error only on GPU
    // failure.
    GpuModel load(const media::Model& model, const char* name);

    // Starts an upload: creates the buffers and lays out the parts; copies nothing yet.
    ModelUpload begin(const media::Model& model, const char* name);
    // Copies up to `budget` bytes of vertices and indices (at most k_slice_bytes per submission) and waits for them;
    // once all are there, uploads the textures and writes the material sets. Returns true when the model is done.
    // `model` must be the one given to begin, unchanged.
    bool step(ModelUpload& upload, const media::Model& model, VkDeviceSize budget);

    static constexpr VkDeviceSize k_slice_bytes = 8ull << 20; // the reused staging buffer's size

private:
    struct Staging; // what one upload keeps alive until the GPU is done
    // Lays out one vertex and one index buffer for all meshes (each mesh a Part) and creates them.
    void lay_out(const media::Model& model, ModelUpload& upload);
    // Copies the next slice of at most k_slice_bytes into the buffers.
    void copy_slice(ModelUpload& upload, const media::Model& model, VkDeviceSize budget);
    // The material factors, the buffers made visible to drawing, the textures, the material sets.
    void finish(ModelUpload& upload, const media::Model& model);
    void upload_factors(VkCommandBuffer cmd, const media::Model& model, GpuModel& out, Staging& staging,
                        const std::string& name);
    // Creates texture `index` of `model`, records its upload and mip chain into `cmd`.
    void record_texture(VkCommandBuffer cmd, const media::ModelTexture& texture, GpuModel& out, Staging& staging,
                        const std::string& name);
    void record_mips(VkCommandBuffer cmd, const gpu::Image& image, bool srgb, Staging& staging);
    void write_material_sets(const media::Model& model, GpuModel& out, const std::vector<int>& texture_slot);

    gpu::Context& m_ctx;
    gpu::Sampler m_sampler;     // trilinear, repeat (glTF's default), no anisotropy (DESIGN.md §4)
    gpu::Sampler m_mip_sampler; // bilinear, clamp: building mips
    gpu::DescriptorSetLayout m_material_layout;
    gpu::DescriptorSetLayout m_mip_layout;
    gpu::PipelineLayout m_mip_pipeline_layout;
    gpu::Pipeline m_mip_pipeline;
    gpu::Image m_white; // 1x1 sRGB white: a material without a base colour texture
    gpu::ImageView m_white_view;
    gpu::Image m_flat_normal; // 1x1 UNORM (0.5, 0.5, 1): a material without a normal map
    gpu::ImageView m_flat_normal_view;
    gpu::Buffer m_slice_staging; // k_slice_bytes, host-visible, made on first use and reused (fresh memory is slow)
};

} // namespace vrex::render
