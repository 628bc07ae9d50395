#pragma once
// Internal to `vrex tile` (tile_writer.cpp): the source panorama held in memory, sampled by direction in linear
// light, and vrex's cube face geometry (shaders/faces_to_cube.comp).
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "media/tiles.hpp"

namespace vrex::media::detail {

struct Vec3 {
    double x = 0, y = 0, z = 0;
};

// The direction through (u, v) of vrex's face (u right, v down, 0..1; world -Z front, +X right, +Y up).
Vec3 face_direction(CubeFace face, double u, double v);

// sRGB byte -> linear, and linear -> sRGB byte (a 4096-entry table, rounded).
float to_linear(uint8_t v);
uint8_t to_srgb(float linear);

// An equirect or six faces, decoded (sRGB bytes, `channels` 3 or 4 per pixel).
struct SourcePixels {
    uint32_t width = 0, height = 0;
    int channels = 4;
    std::vector<uint8_t> pixels;
    const uint8_t* at(uint32_t x, uint32_t y) const { return &pixels[(size_t(y) * width + x) * size_t(channels)]; }
};

class PanoramaSource {
public:
    // One equirect (JPEG up to 32768 x 16384 decoded whole; other formats through decode_image), or six square faces.
    static core::Expected<PanoramaSource, std::string> load(const std::vector<std::filesystem::path>& files);

    bool is_faces() const { return m_faces; }
    // The finest face size the source calls for: the faces' own size, or tile_face_size of the equirect.
    int finest_face_size() const;
    uint32_t width() const { return m_images.front().width; }
    uint32_t height() const { return m_images.front().height; }
    const SourcePixels& face(CubeFace f) const { return m_images[size_t(f)]; }
    // Bilinear, in linear light, RGB.
    std::array<float, 3> sample(const Vec3& dir) const;

private:
    std::vector<SourcePixels> m_images; // one equirect, or six faces in vrex order
    bool m_faces = false;
};

} // namespace vrex::media::detail
