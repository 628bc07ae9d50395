#include "bake/cube_capture.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "bake/srgb_table.hpp"
#include "core/mutation.hpp"
#include "math/camera.hpp"
#include "platform/offscreen_presenter.hpp"

namespace vrex::bake {
namespace {

constexpr uint32_t k_margin = 1;

struct FaceAngles {
    double yaw, pitch;
};
constexpr FaceAngles k_faces[k_face_count] = {{0, 0}, {90, 0}, {180, 0}, {-90, 0}, {0, 90}, {0, -90}};

// Box filter of `factor` x `factor` blocks, in linear light, rows shared among the hardware threads.
std::vector<uint8_t> box_down(const std::vector<uint8_t>& src, uint32_t src_size, uint32_t factor) {
    const uint32_t size = src_size / factor;
    std::vector<uint8_t> out(size_t(size) * size * 4);
    const float norm = 1.0f / float(factor * factor);
    const SrgbTables& srgb = srgb_tables();
    auto rows = [&](uint32_t y0, uint32_t y1) {
        for (uint32_t y = y0; y < y1; ++y)
            for (uint32_t x = 0; x < size; ++x) {
                float sum[3] = {0, 0, 0};
                for (uint32_t j = 0; j < factor; ++j) {
                    const uint8_t* row = &src[(size_t(y * factor + j) * src_size + size_t(x) * factor) * 4];
                    for (uint32_t i = 0; i < factor; ++i)
                        for (int c = 0; c < 3; ++c) sum[c] += srgb.to_linear(row[i * 4 + c]);
                }
                uint8_t* p = &out[(size_t(y) * size + x) * 4];
                for (int c = 0; c < 3; ++c) p[c] = srgb.to_srgb(sum[c] * norm);
                p[3] = 255;
            }
    };
    const uint32_t threads = std::clamp(std::thread::hardware_concurrency(), 1u, 16u);
    const uint32_t chunk = (size + threads - 1) / threads;
    std::vector<std::thread> pool;
    for (uint32_t t = 0; t < threads; ++t)
        if (t * chunk < size) pool.emplace_back(rows, t * chunk, std::min(size, (t + 1) * chunk));
    for (std::thread& th : pool) th.join();
    return out;
}

} // namespace

glm::mat3 face_rotation(int face) {
    const double sign = core::mutated(core::Mutation::bake_flip_yaw) ? -1.0 : 1.0;
    return glm::mat3(math::orientation_from_yaw_pitch(sign * k_faces[face].yaw, k_faces[face].pitch));
}

uint32_t max_face_inner(const gpu::Context& ctx, uint32_t supersample) {
    const uint32_t max = ctx.properties().limits.maxImageDimension2D;
    return max / std::max(1u, supersample) - 2 * k_margin;
}

CubeFaces capture_cube(gpu::Context& ctx, render::Renderer& renderer, const render::RenderScene& scene,
                       const CaptureOptions& o) {
    CubeFaces faces;
    faces.inner = o.inner;
    faces.size = o.inner + 2 * k_margin;
    const uint32_t factor = std::max(1u, o.supersample);
    const uint32_t extent = faces.size * factor;
    platform::OffscreenPresenter presenter(ctx, {extent, extent});
    // The face's 90 degrees span `inner` pixels; the margin widens the view to match.
    const float half = float(std::atan(double(faces.size) / double(faces.inner)));
    const glm::mat4 projection = math::projection_from_fov({-half, half, half, -half});
    for (int f = 0; f < k_face_count; ++f) {
        faces.world_from_face[size_t(f)] = face_rotation(f);
        glm::mat4 world_from_view(faces.world_from_face[size_t(f)]);
        const glm::vec3 right = faces.world_from_face[size_t(f)][0];
        const bool side = f < 4;
        world_from_view[3] = glm::vec4(o.eye + (side ? right * o.side_offset : glm::vec3(0.0f)), 1.0f);
        gpu::Frame& frame = presenter.begin_frame();
        gpu::View& view = frame.views.at(0);
        view.world_from_view = world_from_view;
        view.projection = projection;
        renderer.draw(frame.cmd, scene, view);
        presenter.end_frame(frame);
        platform::Pixels pixels = presenter.read_pixels(0);
        faces.rgba[size_t(f)] = factor == 1 ? std::move(pixels.rgba) : box_down(pixels.rgba, extent, factor);
    }
    return faces;
}

} // namespace vrex::bake
