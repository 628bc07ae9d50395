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
#include "render/texture.hpp"

namespace vrex::render {

// A textured rectangle, drawn after the panorama with alpha blending, in the order given. World units are metres;
// the panorama is at infinity, so a marker at 8 m in a hotspot's direction sits "on" the panorama.
struct Quad {
    const Texture* texture = nullptr; // nullptr: plain `tint`
    glm::vec3 centre{0.0f, 0.0f, -1.0f};
    glm::vec3 right{0.5f, 0.0f, 0.0f}; // half width
    glm::vec3 up{0.0f, 0.5f, 0.0f};    // half height; the texture's top row is at centre + up
    glm::vec4 tint{1.0f};              // linear colour multiplier, alpha included
    bool screen_space = false;         // centre/right/up in NDC (x right, y down), ignoring the view
};

struct RenderScene {
    const Panorama* panorama = nullptr;       // nullptr: clear to `background`
    const Panorama* panorama_right = nullptr; // a stereo panorama's right eye (views with eye 1); else `panorama`
    glm::vec4 background{0.05f, 0.05f, 0.06f, 1.0f};
    std::vector<Quad> quads;
    float fade = 0; // 0..1: black over everything (scene changes)
};

class Renderer {
public:
    explicit Renderer(gpu::Context& ctx);

    // Uploads and converts an equirectangular image (see PanoramaLoader).
    Panorama load_panorama(const media::Image& equirect, const Coverage& coverage = {},
                           PanoramaTimings* timings = nullptr);

    // Six cube faces, front, right, back, left, up, down (see PanoramaLoader::load_faces).
    Panorama load_panorama_faces(std::span<const media::Image> faces, PanoramaTimings* timings = nullptr) {
        return m_loader->load_faces(faces, timings);
    }

    // Uploads a picture (RGBA8, sRGB, straight alpha). Throws core::Error only on GPU failure.
    Texture load_texture(const media::Image& image, const char* name = "texture");

    // Records the scene as seen from `view` into `cmd`. The target must be in COLOR_ATTACHMENT_OPTIMAL; it stays so.
    void draw(VkCommandBuffer cmd, const RenderScene& scene, const gpu::View& view);

private:
    VkPipeline panorama_pipeline(VkFormat format);
    VkPipeline quad_pipeline(VkFormat format);
    void draw_quad(VkCommandBuffer cmd, const Quad& quad, const glm::mat4& view_proj, VkFormat format);

    gpu::Context& m_ctx;
    gpu::Sampler m_cube_sampler;
    gpu::DescriptorSetLayout m_panorama_set_layout;
    gpu::PipelineLayout m_panorama_layout;
    std::map<VkFormat, gpu::Pipeline> m_panorama_pipelines; // one per target format
    gpu::Sampler m_texture_sampler;
    gpu::PipelineLayout m_quad_layout;
    std::map<VkFormat, gpu::Pipeline> m_quad_pipelines;
    Texture m_white; // for untextured quads
    std::unique_ptr<PanoramaLoader> m_loader;
};

// Affine map from NDC to the world-space view ray for the full-screen pass (see shaders/fullscreen.vert).
glm::mat4 ndc_to_world_ray(const gpu::View& view);

} // namespace vrex::render
