#pragma once
// Makes Panoramas. An equirect arrives as PanoramaPixels (decoded and mip-mapped on a worker thread into memory the
// GPU reads) and is sampled as it is: no conversion. On a CPU device the pixels are the image already; elsewhere one
// copy is recorded and submitted without waiting (the frame loop goes on; the staging buffer returns to the store when
// the GPU is done). Cubes (six-face panoramas, the headset's cube layer) are made by compute passes, a mip level per
// pass (box filter in linear light); no vkCmdBlitImage: DESIGN.md §4 measured it too slow on lavapipe.
#include <functional>
#include <memory>
#include <span>
#include <vulkan/vulkan.h>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"
#include "gpu/submission.hpp"
#include "media/image.hpp"
#include "render/panorama.hpp"
#include "render/panorama_pixels.hpp"

namespace vrex::render {

struct PanoramaTimings {
    double mips_ms = 0;    // an equirect's mip chain on the CPU (where the caller builds it, e.g. load_panorama(Image))
    double upload_ms = 0;  // the frame loop's share: recording and submitting the copy, or the layout change
    double convert_ms = 0; // a cube's faces and mip chain (six-face panoramas, the cube layer)
};

class PanoramaLoader {
public:
    // `sampling_layout`: binding 0 = combined image sampler (fragment), as the renderer's panorama pipelines want.
    // `equirect_sampler` repeats across the yaw seam and clamps at the poles.
    // `pair_layout`: bindings 0 and 1 = combined image samplers (fragment), for an equirect's level pairs.
    PanoramaLoader(gpu::Context& ctx, VkDescriptorSetLayout sampling_layout, VkDescriptorSetLayout pair_layout,
                   VkSampler cube_sampler, VkSampler equirect_sampler);

    // The pixels' mips must be built. Throws core::Error only on GPU failure.
    Panorama load_pixels(PanoramaPixels&& pixels, const Coverage& coverage, PanoramaTimings* timings = nullptr);
    // A cube of the equirect (face size cube_face_size), for compositors that take a cube. Waits for the GPU.
    Panorama make_cube(const Panorama& equirect, PanoramaTimings* timings = nullptr);
    // Six square faces of one size, in the order front, right, back, left, up, down (Pannellum's, and most skybox
    // tools'). Throws core::Error when there are not six equal square faces (the caller checks that first).
    Panorama load_faces(std::span<const media::Image> faces, PanoramaTimings* timings = nullptr);

    // Hands staging buffers of finished copies back to the store (called by the renderer once a frame).
    void collect();
    const std::shared_ptr<PanoramaStore>& store() const { return m_store; }

private:
    // load_pixels' two ways to the GPU: zero copy (a layout change; deferred mips started), or a staging copy.
    void hand_over_in_place(Panorama& pano, PanoramaPixels& pixels);
    void copy_from_staging(Panorama& pano, PanoramaPixels& pixels);
    Panorama make_cube(uint32_t face_size, uint32_t levels = 0); // 0: a full mip chain
    // Binds `source` (binding 0, with `sampler`) and mip 0 of the cube (binding 1), runs `dispatch`, builds mips.
    void convert(VkImageView source, VkImageLayout source_layout, VkSampler sampler, Panorama& pano,
                 const std::function<void(VkCommandBuffer)>& dispatch);
    void dispatch_bound(VkCommandBuffer cmd, const Panorama& pano, const Coverage& coverage);
    void make_sampling_set(Panorama& pano, VkImageViewType type, VkSampler sampler);
    void make_level_pair_sets(Panorama& pano);
    void build_mips(VkCommandBuffer cmd, Panorama& pano, std::vector<gpu::ImageView>& views, VkDescriptorPool pool);

    gpu::Context& m_ctx;
    VkDescriptorSetLayout m_sampling_layout;
    VkDescriptorSetLayout m_pair_layout;
    VkSampler m_cube_sampler;
    VkSampler m_equirect_sampler;
    std::shared_ptr<PanoramaStore> m_store;
    struct Pending {
        gpu::Buffer staging;
        std::shared_ptr<gpu::Submission> copy; // destroyed (waited for) before the buffer
    };
    std::vector<Pending> m_pending;
    gpu::Sampler m_mip_sampler;
    gpu::DescriptorSetLayout m_convert_layout;
    gpu::PipelineLayout m_convert_pipeline_layout;
    gpu::Pipeline m_convert_pipeline;
    gpu::PipelineLayout m_mip_pipeline_layout;
    gpu::Pipeline m_mip_pipeline;
    gpu::Pipeline m_faces_pipeline;
};

} // namespace vrex::render
