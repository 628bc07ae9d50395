#pragma once
// The one renderer behind every output (window, headset, PNG). It knows nothing of presenters: it draws a
// RenderScene into whatever View it is given.
#include <map>
#include <memory>

#include "gpu/context.hpp"
#include "gpu/frame.hpp"
#include "gpu/handle.hpp"
#include "media/image.hpp"
#include "render/panorama.hpp"
#include "render/panorama_loader.hpp"

namespace vrex::render {

struct RenderScene {
    const Panorama* panorama = nullptr; // nullptr: clear to `background`
    glm::vec4 background{0.05f, 0.05f, 0.06f, 1.0f};
};

class Renderer {
public:
    explicit Renderer(gpu::Context& ctx);

    // Uploads and converts an equirectangular image (see PanoramaLoader).
    Panorama load_panorama(const media::Image& equirect, const Coverage& coverage = {},
                           PanoramaTimings* timings = nullptr);

    // Records the scene as seen from `view` into `cmd`. The target must be in COLOR_ATTACHMENT_OPTIMAL; it stays so.
    void draw(VkCommandBuffer cmd, const RenderScene& scene, const gpu::View& view);

private:
    VkPipeline panorama_pipeline(VkFormat format);

    gpu::Context& m_ctx;
    gpu::Sampler m_cube_sampler;
    gpu::DescriptorSetLayout m_panorama_set_layout;
    gpu::PipelineLayout m_panorama_layout;
    std::map<VkFormat, gpu::Pipeline> m_panorama_pipelines; // one per target format
    std::unique_ptr<PanoramaLoader> m_loader;
};

// Affine map from NDC to the world-space view ray for the full-screen pass (see shaders/fullscreen.vert).
glm::mat4 ndc_to_world_ray(const gpu::View& view);

} // namespace vrex::render
