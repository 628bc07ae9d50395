#include "bake/equirect.hpp"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <numbers>
#include <thread>

#include "bake/cube_capture.hpp"
#include "bake/srgb_table.hpp"

namespace vrex::bake {
namespace {

// The face whose centre is nearest `d` (faces in k_face_count's order), by its major axis.
int face_of(const glm::vec3& d) {
    const glm::vec3 a = glm::abs(d);
    if (a.y >= a.x && a.y >= a.z) return d.y > 0 ? 4 : 5;
    if (a.x >= a.z) return d.x > 0 ? 1 : 3;
    return d.z < 0 ? 0 : 2;
}

struct Sampler {
    const CubeFaces& faces;
    const SrgbTables& srgb = srgb_tables();
    std::array<glm::mat3, k_face_count> face_from_world;

    explicit Sampler(const CubeFaces& f) : faces(f) {
        for (int i = 0; i < k_face_count; ++i)
            face_from_world[size_t(i)] = glm::transpose(f.world_from_face[size_t(i)]);
    }

    // Bilinear in linear light, written as sRGB bytes to `out`.
    void sample(const glm::vec3& d, uint8_t* out) const {
        const int f = face_of(d);
        const glm::vec3 v = face_from_world[size_t(f)] * d;
        const float x = v.x / -v.z, y = v.y / -v.z; // -1..1 across the face's 90 degrees
        const float half = float(faces.inner) * 0.5f, centre = float(faces.size) * 0.5f - 0.5f;
        const float px = std::clamp(x * half + centre, 0.0f, float(faces.size) - 1.001f);
        const float py = std::clamp(-y * half + centre, 0.0f, float(faces.size) - 1.001f);
        const uint32_t x0 = uint32_t(px), y0 = uint32_t(py);
        const float fx = px - float(x0), fy = py - float(y0);
        const uint8_t* row0 = &faces.rgba[size_t(f)][(size_t(y0) * faces.size + x0) * 4];
        const uint8_t* row1 = row0 + size_t(faces.size) * 4;
        for (int c = 0; c < 3; ++c) {
            const float top = srgb.to_linear(row0[c]) * (1 - fx) + srgb.to_linear(row0[4 + c]) * fx;
            const float bottom = srgb.to_linear(row1[c]) * (1 - fx) + srgb.to_linear(row1[4 + c]) * fx;
            out[c] = srgb.to_srgb(top * (1 - fy) + bottom * fy);
        }
    }
};

} // namespace

void faces_to_equirect(const CubeFaces& faces, uint32_t width, uint32_t height, double yaw_deg,
                       std::vector<uint8_t>& rgb, uint32_t row_offset) {
    const size_t needed = (size_t(row_offset) + height) * width * 3;
    if (rgb.size() < needed) rgb.resize(needed);
    const Sampler sampler(faces);
    std::vector<float> sin_yaw(width), cos_yaw(width);
    for (uint32_t x = 0; x < width; ++x) {
        const double yaw = ((x + 0.5) / width - 0.5) * 2 * std::numbers::pi + yaw_deg * std::numbers::pi / 180;
        sin_yaw[x] = float(std::sin(yaw));
        cos_yaw[x] = float(std::cos(yaw));
    }
    auto rows = [&](uint32_t y0, uint32_t y1) {
        for (uint32_t y = y0; y < y1; ++y) {
            const double pitch = (0.5 - (y + 0.5) / height) * std::numbers::pi;
            const float sp = float(std::sin(pitch)), cp = float(std::cos(pitch));
            uint8_t* out = &rgb[(size_t(row_offset) + y) * width * 3];
            for (uint32_t x = 0; x < width; ++x)
                sampler.sample({sin_yaw[x] * cp, sp, -cos_yaw[x] * cp}, out + size_t(x) * 3);
        }
    };
    const uint32_t threads = std::clamp(std::thread::hardware_concurrency(), 1u, 16u);
    std::vector<std::thread> pool;
    const uint32_t chunk = (height + threads - 1) / threads;
    for (uint32_t t = 0; t < threads; ++t) {
        const uint32_t y0 = t * chunk, y1 = std::min(height, y0 + chunk);
        if (y0 < y1) pool.emplace_back(rows, y0, y1);
    }
    for (std::thread& th : pool) th.join();
}

} // namespace vrex::bake
