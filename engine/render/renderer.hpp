#pragma once
// The one renderer behind every output (window, headset, PNG). It knows nothing of presenters: it draws a
// RenderScene into whatever View it is given.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include "gpu/context.hpp"
#include "gpu/frame.hpp"
#include "gpu/handle.hpp"
#include "media/image.hpp"
#include "media/model.hpp"
#include "render/model.hpp"
#include "render/model_loader.hpp"
#include "render/panorama.hpp"
#include "render/panorama_loader.hpp"
#include "render/texture.hpp"
#include "render/tiled_panorama.hpp"

namespace vrex::render {

// A textured rectangle, drawn after the panorama and the models with alpha blending, in the order given: first the
// depth-tested ones, then the others. World units are metres; the panorama is at infinity, so a marker at 8 m in a
// hotspot's direction sits "on" the panorama. Quads test depth but never write it.
struct Quad {
    const Texture* texture = nullptr; // nullptr: plain `tint`
    glm::vec3 centre{0.0f, 0.0f, -1.0f};
    glm::vec3 right{0.5f, 0.0f, 0.0f}; // half width
    glm::vec3 up{0.0f, 0.5f, 0.0f};    // half height; the texture's top row is at centre + up
    glm::vec4 tint{1.0f};              // linear colour multiplier, alpha included
    bool screen_space = false; // centre/right/up in NDC (x right, y down), ignoring the view; never depth-tested
    // true: hidden where a model is in front (markers, labels in the world). false: drawn over everything, after the
    // depth-tested quads (panels, the pointer), so they stay readable.
    bool depth_test = true;
};

struct RenderScene {
    const Panorama* panorama = nullptr;       // nullptr: clear to `background`
    const Panorama* panorama_right = nullptr; // a stereo panorama's right eye (views with eye 1); else `panorama`
    // A tiled panorama, drawn where `panorama` would be when that is nullptr (its update() called for the frame).
    const TiledPanorama* tiled = nullptr;
    glm::vec4 background{0.05f, 0.05f, 0.06f, 1.0f};
    std::vector<ModelInstance> models; // lit meshes inside the panorama: opaque and masked first, then blended ones
    std::vector<Quad> quads;
    float fade = 0; // 0..1: black over everything (scene changes)
};

struct RendererOptions {
    // Anisotropic filtering of equirect panoramas (> 1, capped by the device; 0 or 1: none). With it the sampler
    // filters along the rows near the poles itself instead of the shader taking them at the vertical footprint:
    // slightly softer and alias-free there, and about 4x the cost of a frame on a CPU rasteriser (DESIGN.md §4).
    float anisotropy = 0;
    // The equirect's level of detail per pixel (textureGrad: exact everywhere, the seam and poles corrected), or one
    // per view (the two levels around the texels per pixel at the view's centre, bilinear, blended only beyond a
    // quarter level: about half the frame on a CPU rasteriser, and a view's edges a little softer when zoomed out).
    // Unset: per pixel, except on a CPU device; VREX_PANORAMA_LOD=pixel or =view overrides (tests).
    std::optional<bool> lod_per_pixel;
};

class Renderer {
public:
    explicit Renderer(gpu::Context& ctx, RendererOptions options = {});
    float anisotropy() const { return m_anisotropy; } // what the sampler got (0: none)
    bool lod_per_pixel() const { return m_lod_per_pixel; }

    // An equirect decoded into memory the GPU reads, mips built (see PanoramaLoader). The frame loop does not wait.
    Panorama load_panorama(PanoramaPixels&& pixels, const Coverage& coverage = {}, PanoramaTimings* timings = nullptr) {
        return m_loader->load_pixels(std::move(pixels), coverage, timings);
    }
    // The same from a decoded image (copied, halved beyond the GPU's limit, mips built here).
    Panorama load_panorama(const media::Image& equirect, const Coverage& coverage = {},
                           PanoramaTimings* timings = nullptr);
    // Where worker threads decode panoramas to (thread-safe).
    const std::shared_ptr<PanoramaStore>& panorama_store() const { return m_loader->store(); }
    // A cube of an equirect panorama for compositors that take cubes (the headset's cube layer). Waits for the GPU.
    Panorama make_cube(const Panorama& equirect, PanoramaTimings* timings = nullptr) {
        return m_loader->make_cube(equirect, timings);
    }
    // Returns the staging memory of finished uploads for reuse; once a frame.
    void collect() { m_loader->collect(); }

    // Six cube faces, front, right, back, left, up, down (see PanoramaLoader::load_faces).
    Panorama load_panorama_faces(std::span<const media::Image> faces, PanoramaTimings* timings = nullptr) {
        return m_loader->load_faces(faces, timings);
    }

    // A tiled cube panorama streamed by view (see TiledPanorama); it must not outlive the Renderer.
    std::unique_ptr<TiledPanorama> make_tiled(media::TilePyramid pyramid, TiledOptions options = {}) {
        return std::make_unique<TiledPanorama>(m_ctx, std::move(pyramid), m_panorama_set_layout.get(),
                                               m_tile_sampler.get(), std::move(options));
    }

    // Uploads a picture (RGBA8, sRGB, straight alpha). Throws core::Error only on GPU failure.
    Texture load_texture(const media::Image& image, const char* name = "texture");

    // Uploads a model (see ModelLoader) and waits. The GpuModel must not outlive the Renderer (its materials use the
    // renderer's default textures and sampler). Throws core::Error only on GPU failure.
    GpuModel load_model(const media::Model& model, const char* name = "model") { return m_models->load(model, name); }
    // The same a slice at a time (see ModelUpload): begin, then continue until it returns true; `model` stays alive
    // and unchanged until then.
    ModelUpload begin_model_upload(const media::Model& model, const char* name = "model") {
        return m_models->begin(model, name);
    }
    bool continue_model_upload(ModelUpload& upload, const media::Model& model, VkDeviceSize budget) {
        return m_models->step(upload, model, budget);
    }

    // Records the scene as seen from `view` into `cmd`: the panorama (no depth), opaque and masked meshes, blended
    // meshes back to front, depth-tested quads, the other quads, the fade. The target must be in
    // COLOR_ATTACHMENT_OPTIMAL and have a depth image in DEPTH_ATTACHMENT_OPTIMAL (cleared here); both stay so.
    void draw(VkCommandBuffer cmd, const RenderScene& scene, const gpu::View& view);

private:
    enum class PipelineKind {
        panorama,
        panorama_equirect,       // one level per view (panorama_equirect.frag)
        panorama_equirect_blend, // two levels per view, blended
        panorama_equirect_pixel, // a level per pixel (a real GPU; an anisotropic sampler)
        quad,
        quad_depth_tested,
        mesh_opaque,
        mesh_opaque_double_sided,
        mesh_blend,
        mesh_blend_double_sided,
        tile, // a tiled panorama's tile quads (tile.vert, tile.frag)
        // ModelInstance::vertex_light set (mesh_baked.vert, mesh_baked.frag), in the order of the mesh kinds above
        mesh_baked_opaque,
        mesh_baked_opaque_double_sided,
        mesh_baked_blend,
        mesh_baked_blend_double_sided,
    };
    // One pipeline per kind and target formats, made on first use.
    VkPipeline pipeline(PipelineKind kind, const gpu::RenderTarget& target);
    void draw_quad(VkCommandBuffer cmd, const Quad& quad, const glm::mat4& view_proj, const gpu::RenderTarget& target);
    // Colour cleared or not (a panorama covers it), depth cleared when `target` has it.
    void begin_rendering(VkCommandBuffer cmd, const RenderScene& scene, const gpu::RenderTarget& target);
    // The full-screen panorama pass: a cube, or an equirect with its level of detail per pixel or per view.
    void draw_panorama(VkCommandBuffer cmd, const Panorama& pano, const gpu::View& view,
                       const gpu::RenderTarget& target);
    // A tiled panorama's tiles, coarse first (TiledPanorama::draw_list).
    void draw_tiled(VkCommandBuffer cmd, const TiledPanorama& tiled, const gpu::View& view,
                    const gpu::RenderTarget& target);
    // Makes the equirect panorama pipelines for `target` ahead of the first panorama.
    void prepare_panorama(const gpu::RenderTarget& target);
    // Once per target format on a CPU device: a tiny panorama drawn into a 1x1 image, outside the frame's pass, so
    // that the driver compiles the shader's sampling code now rather than in the first panorama frame
    // (renderer_warmup.cpp). Call before the frame's pass begins.
    void warm_up(VkCommandBuffer cmd, const gpu::RenderTarget& target);
    // Opaque and masked parts, then blended ones sorted back to front (mesh_pass.cpp).
    void draw_models(VkCommandBuffer cmd, const RenderScene& scene, const gpu::View& view,
                     const gpu::RenderTarget& target);

    gpu::Context& m_ctx;
    gpu::Sampler m_cube_sampler;
    gpu::Sampler m_equirect_sampler;
    float m_anisotropy = 0;
    bool m_lod_per_pixel = false;
    gpu::DescriptorSetLayout m_panorama_set_layout;
    gpu::PipelineLayout m_panorama_layout;
    gpu::DescriptorSetLayout m_pair_set_layout; // an equirect's level pair (two samplers)
    gpu::PipelineLayout m_pair_layout;
    gpu::Sampler m_texture_sampler;
    gpu::Sampler m_tile_sampler; // bilinear, clamped, one level
    gpu::PipelineLayout m_tile_layout;
    gpu::PipelineLayout m_quad_layout;
    Texture m_white; // for untextured quads
    std::unique_ptr<PanoramaLoader> m_loader;
    std::unique_ptr<ModelLoader> m_models;
    gpu::PipelineLayout m_mesh_layout;
    std::map<std::tuple<PipelineKind, VkFormat, VkFormat>, gpu::Pipeline> m_pipelines; // kind, colour, depth
    // warm_up's panorama and 1x1 targets (kept: a frame in flight may still draw into them), and the formats done.
    struct WarmupTarget {
        gpu::Image image;
        gpu::ImageView view;
    };
    std::optional<Panorama> m_warmup_panorama;
    std::vector<WarmupTarget> m_warmup_targets;
    std::set<VkFormat> m_warmed_formats;
};

// Affine map from NDC to the world-space view ray for the full-screen pass (see shaders/fullscreen.vert).
glm::mat4 ndc_to_world_ray(const gpu::View& view);

} // namespace vrex::render
