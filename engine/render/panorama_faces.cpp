// PanoramaLoader for six cube-face images (Pannellum's `cubeMap`, skybox tools).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "gpu/upload.hpp"
#include "render/panorama_detail.hpp"
#include "render/panorama_loader.hpp"

namespace vrex::render {

Panorama PanoramaLoader::load_faces(std::span<const media::Image> faces, PanoramaTimings* timings) {
    if (faces.size() != 6) throw core::Error("a cube panorama needs 6 faces");
    const uint32_t size = faces[0].width;
    for (const media::Image& f : faces)
        if (f.width != size || f.height != size) throw core::Error("cube faces must be square and of one size");
    if (size > m_ctx.properties().limits.maxImageDimension2D)
        throw core::Error("cube faces of " + std::to_string(size) + " px are larger than the GPU allows");
    core::Stopwatch clock;
    std::vector<uint8_t> layers;
    layers.reserve(size_t(size) * size * 4 * 6);
    for (const media::Image& f : faces) layers.insert(layers.end(), f.rgba.begin(), f.rgba.end());
    const gpu::Image source = gpu::upload_rgba8(m_ctx, size, size, layers, VK_FORMAT_R8G8B8A8_SRGB,
                                                VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, "cube faces", 6);
    const gpu::ImageView view =
        gpu::make_image_view(m_ctx, source, VK_IMAGE_VIEW_TYPE_2D_ARRAY, VK_FORMAT_R8G8B8A8_SRGB, 0, 1);
    if (timings) timings->upload_ms = clock.lap_ms();

    // The source's own resolution, to the nearest power of two (the mip chain wants one).
    const uint32_t face =
        std::min(1u << uint32_t(std::lround(std::log2(double(size)))), m_ctx.properties().limits.maxImageDimensionCube);
    Panorama pano = make_cube(face);
    convert(view.get(), VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, m_mip_sampler.get(), pano, [&](VkCommandBuffer cmd) {
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_faces_pipeline.get());
        const int32_t push[6] = {int32_t(face), 0, 0, 0, 0, 0};
        vkCmdPushConstants(cmd, m_convert_pipeline_layout.get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(push), push);
        vkCmdDispatch(cmd, groups(face), groups(face), 6);
    });
    make_sampling_set(pano, VK_IMAGE_VIEW_TYPE_CUBE, m_cube_sampler);
    if (timings) timings->convert_ms = clock.lap_ms();
    return pano;
}

} // namespace vrex::render
