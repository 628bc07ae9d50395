#pragma once
// Turns a decoded equirectangular image into a Panorama: upload, then a compute pass to a cubemap, then a compute
// pass per mip level (box filter in linear light). No vkCmdBlitImage: DESIGN.md §4 measured it too slow on lavapipe.
#include <functional>
#include <span>
#include <vulkan/vulkan.h>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"
#include "media/image.hpp"
#include "render/panorama.hpp"

namespace vrex::render {

// What part of the sphere an equirect image covers, degrees (a full panorama is 360 x 180, offset 0).
// Partial panoramas are centred on yaw 0; `voffset` moves the centre up. The rest of the sphere is black.
struct Coverage {
    double haov = 360;
    double vaov = 180;
    double voffset = 0;
};

struct PanoramaTimings {
    double upload_ms = 0;
    double convert_ms = 0; // cube faces and mip chain
};

class PanoramaLoader {
public:
    // `sampling_layout`: binding 0 = combined image sampler (fragment), as the renderer's panorama pipeline wants.
    PanoramaLoader(gpu::Context& ctx, VkDescriptorSetLayout sampling_layout, VkSampler cube_sampler);

    // Images wider than the GPU allows are halved on the CPU first. Throws core::Error only on GPU failure.
    Panorama load_equirect(const media::Image& equirect, const Coverage& coverage = {},
                           PanoramaTimings* timings = nullptr);
    // Six square faces of one size, in the order front, right, back, left, up, down (Pannellum's, and most skybox
    // tools'). Throws core::Error when there are not six equal square faces (the caller checks that first).
    Panorama load_faces(std::span<const media::Image> faces, PanoramaTimings* timings = nullptr);

private:
    struct Upload;
    Upload upload(const media::Image& equirect);
    Panorama make_cube(uint32_t face_size);
    // Binds `source` (binding 0, with `sampler`) and mip 0 of the cube (binding 1), runs `dispatch`, builds mips.
    void convert(VkImageView source, VkSampler sampler, Panorama& pano,
                 const std::function<void(VkCommandBuffer)>& dispatch);
    void dispatch_bound(VkCommandBuffer cmd, const Panorama& pano, const Coverage& coverage);
    void build_mips(VkCommandBuffer cmd, Panorama& pano, std::vector<gpu::ImageView>& views, VkDescriptorPool pool);
    void make_sampling_set(Panorama& pano);

    gpu::Context& m_ctx;
    VkDescriptorSetLayout m_sampling_layout;
    VkSampler m_cube_sampler;
    gpu::Sampler m_equirect_sampler;
    gpu::Sampler m_mip_sampler;
    gpu::DescriptorSetLayout m_convert_layout;
    gpu::PipelineLayout m_convert_pipeline_layout;
    gpu::Pipeline m_convert_pipeline;
    gpu::PipelineLayout m_mip_pipeline_layout;
    gpu::Pipeline m_mip_pipeline;
    gpu::Pipeline m_faces_pipeline;
};

} // namespace vrex::render
