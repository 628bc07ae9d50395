#pragma once
// Turns a media::Model into a GpuModel: vertex and index buffers, the textures its materials use (uploaded as sRGB
// or UNORM per ModelTexture::srgb, with a mip chain built by a compute pass per level, not vkCmdBlitImage, DESIGN.md
// §4), and one descriptor set per material. A material without a texture samples a 1x1 white (base colour) or a
// flat normal (normal map) default.
#include <vector>
#include <vulkan/vulkan.h>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"
#include "gpu/resources.hpp"
#include "media/model.hpp"
#include "render/model.hpp"

namespace vrex::render {

class ModelLoader {
public:
    explicit ModelLoader(gpu::Context& ctx);

    // Material sets: binding 0 base colour, 1 normal map (combined image samplers), 2 factors (uniform buffer).
    VkDescriptorSetLayout material_layout() const { return m_material_layout.get(); }

    // Uploads and waits. `name` labels the Vulkan objects. Out-of-range material or texture indices fall back to
    // material 0 and the default textures. Throws core::Error only on GPU failure.
    GpuModel load(const media::Model& model, const char* name);

private:
    struct Staging; // what one upload keeps alive until the GPU is done
    void pack_buffers(VkCommandBuffer cmd, const media::Model& model, GpuModel& out, Staging& staging,
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
};

} // namespace vrex::render
