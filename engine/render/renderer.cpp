#include "render/renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <glm/gtc/matrix_inverse.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/mutation.hpp"
#include "gpu/pipeline.hpp"
#include "render/mesh_pass.hpp"

namespace vrex::render {
namespace {
// The panorama passes: the vertex shader's ray map, then (equirect) the coverage in radians and the gradient scale.
struct PanoramaPush {
    glm::mat4 ndc_to_world_ray;
    glm::vec4 coverage; // haov, vaov, voffset (radians), gradient scale (the level pair pass: its blend weight)
    glm::vec4 poles;    // x: 1 scales u's gradient by cos(pitch) (no anisotropy), 0 leaves it to the sampler
};
constexpr VkShaderStageFlags k_panorama_stages = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;

// Texel footprints are scaled by this before the mip level is chosen: 2^-0.5, half a level sharper than trilinear's
// choice, so that a view near 1:1 samples the full-resolution level (as sharp as the source) and minification still
// filters from 1.4x on (no shimmer).
constexpr float k_gradient_scale = 0.70710678f;

struct QuadPush {
    glm::mat4 view_proj;
    glm::vec4 centre, right, up, tint;
};
static_assert(sizeof(QuadPush) == 128, "the minimum maxPushConstantsSize");

// A tile of a tiled panorama (shaders/tile.vert): its quad's corners on its face and in its slot (widened by a texel
// of its level on every side), the uv range of its outer texels' centres, the slot's layer and the face.
struct TilePush {
    glm::mat4 view_proj;
    glm::vec4 rect, uv_rect, clamp_uv, slot;
};
static_assert(sizeof(TilePush) <= 128, "the minimum maxPushConstantsSize");

// The level pair an equirect is drawn with when the level of detail is one per view: texels per pixel at the view's
// centre, where a pinhole's pixels span the widest angle (P00 * width/2 pixels per radian across, P11 * height/2
// down), times the gradient scale; within a third of a level of either level the nearer alone (one fetch, not two: a
// CPU rasteriser's frame), blended across the middle third ("sharp trilinear"). A headset's eye (1832x1920 at 100
// degrees over an 8192-wide panorama) sits 0.26 past level 0: with a quarter level, two fetches for a weight of 0.03
// took its frame to 1.5-1.6x the flat pass (vrex bench frame, stereo), with a third one fetch.
struct LevelPair {
    uint32_t level = 0;
    float weight = 0; // of level + 1
};
LevelPair view_level_pair(const Panorama& pano, const gpu::View& view, double haov, double vaov) {
    const VkExtent2D size = view.target.extent;
    const double pixels_per_radian = std::min(std::abs(view.projection[0][0]) * size.width / 2.0,
                                              std::abs(view.projection[1][1]) * size.height / 2.0);
    const double texels_per_radian = std::max(pano.width() / haov, pano.height() / vaov);
    const double lod = std::log2(texels_per_radian / std::max(pixels_per_radian, 1e-9) * k_gradient_scale);
    LevelPair pair;
    if (lod <= 0) return pair;
    // Mips still being built (a zero-copy load shows level 0 at once): level 0 alone until they are in.
    const uint32_t last = pano.mips_ready() ? pano.mip_levels() - 1 : 0;
    pair.level = std::min(uint32_t(lod), last);
    const double f = lod - std::floor(lod);
    pair.weight = pair.level < last ? float(std::clamp((f - 1.0 / 3.0) * 3.0, 0.0, 1.0)) : 0.0f;
    return pair;
}
} // namespace

glm::mat4 ndc_to_world_ray(const gpu::View& view) {
    // For a pinhole projection P, the view-space ray through NDC (x, y) is P^-1 * (x, y, 1, 1) up to scale; with
    // the infinite far plane of math::projection_from_fov, depth 0 (infinitely far) gives w = 0 and the pure
    // direction. Build the affine map x, y -> ray from three such points.
    const glm::mat4 inv = glm::inverse(view.projection);
    auto ray = [&](float x, float y) {
        const glm::vec4 p = inv * glm::vec4(x, y, 0.0f, 1.0f);
        glm::vec3 dir = glm::vec3(p) / -p.z; // normalise to z = -1 so the map is affine in x, y
        return glm::vec3(view.world_from_view * glm::vec4(dir, 0.0f));
    };
    const glm::vec3 centre = ray(0, 0);
    glm::mat4 m(0.0f);
    m[0] = glm::vec4(ray(1, 0) - centre, 0.0f);
    m[1] = glm::vec4(ray(0, 1) - centre, 0.0f);
    m[2] = glm::vec4(centre, 0.0f);
    return m;
}

Renderer::Renderer(gpu::Context& ctx, RendererOptions options)
    : m_ctx(ctx), m_anisotropy(options.anisotropy > 1.0f ? std::min(options.anisotropy, ctx.max_anisotropy()) : 0.0f) {
    if (options.anisotropy > 1.0f && m_anisotropy <= 1.0f)
        spdlog::warn("anisotropic filtering asked for, but {} has none", ctx.device_name());
    m_lod_per_pixel = options.lod_per_pixel.value_or(ctx.properties().deviceType != VK_PHYSICAL_DEVICE_TYPE_CPU);
    if (const char* e = std::getenv("VREX_PANORAMA_LOD")) m_lod_per_pixel = std::string(e) == "pixel";
    m_lod_per_pixel = m_lod_per_pixel || m_anisotropy > 1.0f;
    // Trilinear, no anisotropy: 8x anisotropy costs about 4x on lavapipe (DESIGN.md §4).
    m_cube_sampler = gpu::make_sampler(ctx, VK_FILTER_LINEAR, VK_SAMPLER_MIPMAP_MODE_LINEAR,
                                       VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE, VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE);
    const VkDescriptorSetLayoutBinding binding{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1,
                                               VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
    m_panorama_set_layout = gpu::make_set_layout(ctx, {&binding, 1});
    const VkDescriptorSetLayout set = m_panorama_set_layout.get();
    m_panorama_layout = gpu::make_pipeline_layout(ctx, {&set, 1}, sizeof(PanoramaPush), k_panorama_stages);
    const VkDescriptorSetLayoutBinding pair[] = {
        {0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {1, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
    };
    m_pair_set_layout = gpu::make_set_layout(ctx, pair);
    const VkDescriptorSetLayout pair_set = m_pair_set_layout.get();
    m_pair_layout = gpu::make_pipeline_layout(ctx, {&pair_set, 1}, sizeof(PanoramaPush), k_panorama_stages);
    // Repeat across the yaw seam, clamp at the poles; trilinear (the shader gives the gradients).
    m_equirect_sampler =
        gpu::make_sampler(ctx, VK_FILTER_LINEAR, VK_SAMPLER_MIPMAP_MODE_LINEAR, VK_SAMPLER_ADDRESS_MODE_REPEAT,
                          VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE, m_anisotropy);
    m_loader = std::make_unique<PanoramaLoader>(ctx, m_panorama_set_layout.get(), m_pair_set_layout.get(),
                                                m_cube_sampler.get(), m_equirect_sampler.get());
    // One level per view can draw level 0 alone while the mips are built (view_level_pair).
    m_loader->store()->allow_deferred_mips(!m_lod_per_pixel);
    m_texture_sampler = gpu::make_sampler(ctx, VK_FILTER_LINEAR, VK_SAMPLER_MIPMAP_MODE_NEAREST,
                                          VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE, VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE);
    m_tile_sampler = gpu::make_sampler(ctx, VK_FILTER_LINEAR, VK_SAMPLER_MIPMAP_MODE_NEAREST,
                                       VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE, VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE);
    m_tile_layout = gpu::make_pipeline_layout(ctx, {&set, 1}, sizeof(TilePush), k_panorama_stages);
    m_quad_layout = gpu::make_pipeline_layout(ctx, {&set, 1}, sizeof(QuadPush),
                                              VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT);
    m_white = load_texture(media::Image{1, 1, {255, 255, 255, 255}}, "white");
    m_models = std::make_unique<ModelLoader>(ctx);
    const VkDescriptorSetLayout material = m_models->material_layout();
    m_mesh_layout = gpu::make_pipeline_layout(ctx, {&material, 1}, 2 * sizeof(glm::mat4), VK_SHADER_STAGE_VERTEX_BIT);
}

Texture Renderer::load_texture(const media::Image& image, const char* name) {
    Texture t;
    t.m_image = gpu::upload_rgba8(m_ctx, image.width, image.height, image.rgba, VK_FORMAT_R8G8B8A8_SRGB,
                                  VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, name);
    t.m_view = gpu::make_image_view(m_ctx, t.m_image, VK_IMAGE_VIEW_TYPE_2D, VK_FORMAT_R8G8B8A8_SRGB, 0, 1);
    t.m_set = gpu::make_image_set(m_ctx, m_panorama_set_layout.get(), m_texture_sampler.get(), t.m_view.get());
    return t;
}

void Renderer::draw_quad(VkCommandBuffer cmd, const Quad& quad, const glm::mat4& view_proj,
                         const gpu::RenderTarget& target) {
    const bool tested = quad.depth_test && !quad.screen_space && target.depth_view != VK_NULL_HANDLE;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS,
                      pipeline(tested ? PipelineKind::quad_depth_tested : PipelineKind::quad, target));
    const VkDescriptorSet set = (quad.texture ? *quad.texture : m_white).descriptor_set();
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_quad_layout.get(), 0, 1, &set, 0, nullptr);
    const QuadPush push{quad.screen_space ? glm::mat4(1.0f) : view_proj, glm::vec4(quad.centre, 1.0f),
                        glm::vec4(quad.right, 0.0f), glm::vec4(quad.up, 0.0f), quad.tint};
    vkCmdPushConstants(cmd, m_quad_layout.get(), VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                       sizeof(push), &push);
    vkCmdDraw(cmd, 4, 1, 0, 0);
}

Panorama Renderer::load_panorama(const media::Image& equirect, const Coverage& coverage, PanoramaTimings* timings) {
    core::Stopwatch clock;
    PanoramaPixels pixels = m_loader->store()->from_image(equirect);
    const double mips_ms = clock.lap_ms();
    Panorama pano = m_loader->load_pixels(std::move(pixels), coverage, timings);
    if (timings) timings->mips_ms = mips_ms;
    return pano;
}

VkPipeline Renderer::pipeline(PipelineKind kind, const gpu::RenderTarget& target) {
    const auto key = std::make_tuple(kind, target.format, target.depth_format);
    auto it = m_pipelines.find(key);
    if (it != m_pipelines.end()) return it->second.get();
    const bool baked = kind >= PipelineKind::mesh_baked_opaque;
    const bool mesh = kind >= PipelineKind::mesh_opaque && kind != PipelineKind::tile;
    // The baked kinds mirror the lit ones, four places further on.
    const auto lit =
        baked ? PipelineKind(int(kind) - int(PipelineKind::mesh_baked_opaque) + int(PipelineKind::mesh_opaque)) : kind;
    gpu::GraphicsPipelineDesc desc;
    desc.color_format = target.format;
    desc.depth_format = target.depth_format;
    VkPipelineLayout layout = m_quad_layout.get();
    if (kind <= PipelineKind::panorama_equirect_pixel) {
        desc.vertex_shader = "fullscreen.vert";
        desc.fragment_shader = kind == PipelineKind::panorama                  ? "panorama.frag"
                               : kind == PipelineKind::panorama_equirect       ? "panorama_equirect.frag"
                               : kind == PipelineKind::panorama_equirect_blend ? "panorama_equirect_blend.frag"
                                                                               : "panorama_equirect_pixel.frag";
        // no depth test: the panorama is infinitely far, behind everything
        const bool pair = kind == PipelineKind::panorama_equirect || kind == PipelineKind::panorama_equirect_blend;
        layout = pair ? m_pair_layout.get() : m_panorama_layout.get();
    } else if (kind == PipelineKind::tile) {
        desc.vertex_shader = "tile.vert";
        desc.fragment_shader = "tile.frag";
        desc.name = "panorama tiles";
        desc.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP;
        layout = m_tile_layout.get();
    } else if (!mesh) {
        desc.vertex_shader = "quad.vert";
        desc.fragment_shader = "quad.frag";
        desc.name = kind == PipelineKind::quad ? "quad" : "quad (depth-tested)";
        desc.alpha_blend = true;
        desc.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP;
        desc.depth_test = kind == PipelineKind::quad_depth_tested;
    } else {
        desc.vertex_shader = baked ? "mesh_baked.vert" : "mesh.vert";
        desc.fragment_shader = baked ? "mesh_baked.frag" : "mesh.frag";
        const bool blend = lit == PipelineKind::mesh_blend || lit == PipelineKind::mesh_blend_double_sided;
        const bool double_sided =
            lit == PipelineKind::mesh_opaque_double_sided || lit == PipelineKind::mesh_blend_double_sided;
        desc.name = baked ? (blend ? "baked mesh (blended)" : "baked mesh (opaque)")
                          : (blend ? "mesh (blended)" : "mesh (opaque)");
        desc.alpha_blend = blend;
        desc.depth_test = true;
        desc.depth_write = !blend; // blended parts are sorted instead
        desc.cull_mode = double_sided ? VK_CULL_MODE_NONE : VK_CULL_MODE_BACK_BIT;
        desc.vertex_bindings = baked ? mesh_baked_vertex_bindings() : mesh_vertex_bindings();
        desc.vertex_attributes = baked ? mesh_baked_vertex_attributes() : mesh_vertex_attributes();
        layout = m_mesh_layout.get();
    }
    return m_pipelines.emplace(key, gpu::make_graphics_pipeline(m_ctx, layout, desc)).first->second.get();
}

void Renderer::begin_rendering(VkCommandBuffer cmd, const RenderScene& scene, const gpu::RenderTarget& target) {
    VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    color.imageView = target.view;
    color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    // The panorama pass covers every pixel, so nothing needs clearing or loading then.
    const bool covered = scene.panorama || (scene.tiled && scene.tiled->base_resident());
    color.loadOp = covered ? VK_ATTACHMENT_LOAD_OP_DONT_CARE : VK_ATTACHMENT_LOAD_OP_CLEAR;
    color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    color.clearValue.color = {{scene.background.r, scene.background.g, scene.background.b, scene.background.a}};
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depth.imageView = target.depth_view;
    depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    // Nothing reads depth after the frame, unless the presenter hands it to a compositor.
    depth.storeOp = target.keep_depth ? VK_ATTACHMENT_STORE_OP_STORE : VK_ATTACHMENT_STORE_OP_DONT_CARE;
    depth.clearValue.depthStencil = {0.0f, 0}; // reversed-Z: infinitely far
    VkRenderingInfo info{VK_STRUCTURE_TYPE_RENDERING_INFO};
    info.renderArea = {{0, 0}, target.extent};
    info.layerCount = 1;
    info.colorAttachmentCount = 1;
    info.pColorAttachments = &color;
    info.pDepthAttachment = target.depth_view ? &depth : nullptr;
    vkCmdBeginRendering(cmd, &info);
}

void Renderer::draw_panorama(VkCommandBuffer cmd, const Panorama& pano, const gpu::View& view,
                             const gpu::RenderTarget& target) {
    constexpr double k_rad = 3.14159265358979323846 / 180.0;
    const Coverage& c = pano.coverage();
    const double haov = std::clamp(c.haov, 1.0, 360.0) * k_rad, vaov = std::clamp(c.vaov, 1.0, 180.0) * k_rad;
    PanoramaPush push{ndc_to_world_ray(view),
                      glm::vec4(float(haov), float(vaov), float(c.voffset * k_rad), k_gradient_scale),
                      glm::vec4(m_anisotropy > 1.0f ? 0.0f : 1.0f, 0.0f, 0.0f, 0.0f)};
    PipelineKind kind = PipelineKind::panorama;
    VkPipelineLayout layout = m_panorama_layout.get();
    VkDescriptorSet set = pano.descriptor_set();
    if (pano.kind() == Panorama::Kind::equirect && m_lod_per_pixel) {
        kind = PipelineKind::panorama_equirect_pixel;
    } else if (pano.kind() == Panorama::Kind::equirect) {
        const LevelPair pair = view_level_pair(pano, view, haov, vaov);
        kind = pair.weight > 0 ? PipelineKind::panorama_equirect_blend : PipelineKind::panorama_equirect;
        layout = m_pair_layout.get();
        set = pano.level_pair_set(pair.level);
        push.coverage.w = pair.weight;
    }
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(kind, target));
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, layout, 0, 1, &set, 0, nullptr);
    vkCmdPushConstants(cmd, layout, k_panorama_stages, 0, sizeof(push), &push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
}

void Renderer::draw_tiled(VkCommandBuffer cmd, const TiledPanorama& tiled, const gpu::View& view,
                          const gpu::RenderTarget& target) {
    const std::vector<TileDraw> tiles = tiled.draw_list(view);
    if (tiles.empty()) return;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(PipelineKind::tile, target));
    const VkDescriptorSet set = tiled.descriptor_set();
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_tile_layout.get(), 0, 1, &set, 0, nullptr);
    const float size = float(tiled.tile_size());
    TilePush push{view_rate(view).view_proj, {}, {}, {}, {}};
    for (const TileDraw& t : tiles) {
        const float u = float(t.slot.width) / size, v = float(t.slot.height) / size;
        // Half a texel of the tile's level, on the face (plane units) and in the slot.
        const float da = 0.5f * (t.rect.a1 - t.rect.a0) / float(t.slot.width),
                    db = 0.5f * (t.rect.b1 - t.rect.b0) / float(t.slot.height);
        push.rect = glm::vec4(t.rect.a0 - da, t.rect.b0 - db, t.rect.a1 + da, t.rect.b1 + db);
        push.uv_rect = glm::vec4(-0.5f / size, -0.5f / size, u + 0.5f / size, v + 0.5f / size);
        push.clamp_uv = glm::vec4(0.5f / size, 0.5f / size, u - 0.5f / size, v - 0.5f / size);
        push.slot = glm::vec4(float(t.slot.layer), float(int(t.key.face)), 0.0f, 0.0f);
        vkCmdPushConstants(cmd, m_tile_layout.get(), k_panorama_stages, 0, sizeof(push), &push);
        vkCmdDraw(cmd, 4, 1, 0, 0);
    }
}

// A frame without a panorama is most often the one before a panorama's first (the viewer starts, or a scene is being
// loaded): the equirect pipelines for this target are made now, while the panorama decodes, rather than in its first
// frame (on lavapipe about 10 ms each, an LLVM compile).
void Renderer::prepare_panorama(const gpu::RenderTarget& target) {
    if (m_lod_per_pixel) {
        pipeline(PipelineKind::panorama_equirect_pixel, target);
        return;
    }
    pipeline(PipelineKind::panorama_equirect, target);
    pipeline(PipelineKind::panorama_equirect_blend, target);
}

void Renderer::draw(VkCommandBuffer cmd, const RenderScene& scene, const gpu::View& view) {
    if (view.target.depth_view == VK_NULL_HANDLE) throw core::Error("Renderer::draw: the target has no depth image");
    // Without models every depth test passes (quads never write depth), so the pass leaves depth out: clearing it
    // would cost a panorama-only frame about 10% on lavapipe (BM_RenderView, 1080p). A compositor that reads depth
    // gets it cleared (all infinitely far) instead.
    gpu::RenderTarget target = view.target;
    if (scene.models.empty() && !target.keep_depth) {
        target.depth_view = VK_NULL_HANDLE;
        target.depth_format = VK_FORMAT_UNDEFINED;
    }
    if (!scene.panorama && !scene.tiled) warm_up(cmd, target);
    begin_rendering(cmd, scene, target);
    const VkExtent2D extent = target.extent;
    const VkViewport viewport{0, 0, float(extent.width), float(extent.height), 0, 1};
    const VkRect2D scissor{{0, 0}, extent};
    vkCmdSetViewport(cmd, 0, 1, &viewport);
    vkCmdSetScissor(cmd, 0, 1, &scissor);
    if (scene.panorama)
        draw_panorama(cmd, view.eye == 1 && scene.panorama_right ? *scene.panorama_right : *scene.panorama, view,
                      target);
    else if (scene.tiled)
        draw_tiled(cmd, *scene.tiled, view, target);
    else
        prepare_panorama(target);
    if (!core::mutated(core::Mutation::no_models)) draw_models(cmd, scene, view, target);
    const glm::mat4 view_proj = view.projection * glm::inverse(view.world_from_view);
    for (const Quad& quad : scene.quads)
        if (quad.depth_test && !quad.screen_space) draw_quad(cmd, quad, view_proj, target);
    for (const Quad& quad : scene.quads)
        if (!quad.depth_test || quad.screen_space) draw_quad(cmd, quad, view_proj, target);
    if (scene.fade > 0.0f) {
        Quad black;
        black.centre = glm::vec3(0.0f, 0.0f, 0.5f);
        black.right = glm::vec3(1.0f, 0.0f, 0.0f);
        black.up = glm::vec3(0.0f, 1.0f, 0.0f);
        black.tint = glm::vec4(0.0f, 0.0f, 0.0f, std::min(scene.fade, 1.0f));
        black.screen_space = true;
        draw_quad(cmd, black, view_proj, target);
    }
    vkCmdEndRendering(cmd);
}

} // namespace vrex::render
