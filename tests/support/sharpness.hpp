#pragma once
// An independent CPU reference for panorama views, and the picture metrics the sharpness test compares with.
//
// The reference projects like vrex (DESIGN §2: yaw turns right, pitch looks up, the viewer looks along -Z at yaw 0,
// u = 0.5 + yaw/360°, v = 0.5 - pitch/180°; a pinhole view with square pixels and a horizontal fov), but is written
// from those conventions in double precision, not from vrex's math, and samples the equirect directly: one bilinear
// sample in linear light per point, wrapping across yaw ±180°. Nothing here touches the GPU.
#include <cstdint>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "media/image.hpp"

namespace vrex::test {

// A pinhole view as vrex draws it: centred on (yaw, pitch), `hfov` degrees across `width` pixels, square pixels.
struct PinholeView {
    double yaw = 0, pitch = 0, hfov = 90; // degrees
    uint32_t width = 256, height = 192;
};

// Unit world direction through image point (x, y) in pixels: (0, 0) is the top-left corner, pixel (i, j) has its
// centre at (i + 0.5, j + 0.5), y grows downwards.
glm::dvec3 pinhole_direction(const PinholeView& view, double x, double y);

// The hfov (degrees) at which a view `width` pixels wide has `pixels_per_radian` at its centre. Near 1:1 for a
// W-wide equirect is W / 2π pixels per radian.
double hfov_for_scale(uint32_t width, double pixels_per_radian);

// An equirect decoded to linear light (RGB floats), sampled as a GPU would with a linear filter, no mips.
class LinearEquirect {
public:
    explicit LinearEquirect(const media::Image& srgb);

    uint32_t width() const { return m_width; }
    uint32_t height() const { return m_height; }
    // One bilinear sample at (u, v) in [0,1]², texel centres at ((i + 0.5) / W, (j + 0.5) / H). u wraps around
    // (yaw ±180° is no seam); v clamps to the first and last rows (as CLAMP_TO_EDGE).
    glm::vec3 sample(glm::dvec2 uv) const;

private:
    glm::vec3 texel(uint32_t x, uint32_t y) const;

    uint32_t m_width = 0, m_height = 0;
    std::vector<float> m_rgb; // 3 per texel, rows top to bottom
};

// Equirect (u, v) of a world direction (DESIGN §2), u in [0, 1).
glm::dvec2 equirect_uv(const glm::dvec3& direction);

// The reference picture of `view`: each output pixel averages `samples_per_axis`² bilinear samples at evenly spaced
// points of the pixel (1: its centre only, a direct sample of the source), in linear light, encoded back to sRGB.
// More samples per axis make a box-filtered reference for a minified view.
media::Image reference_view(const LinearEquirect& equirect, const PinholeView& view, int samples_per_axis = 1);

// Luma of an 8-bit sRGB image, on the encoded values with Rec. 601 weights (as OpenCV's greyscale), 0..255.
std::vector<double> luma(const media::Image& image);

// Variance of the Laplacian of luma (3x3 kernel 0 1 0 / 1 -4 1 / 0 1 0) over the interior pixels: the
// high-frequency energy of a picture. 0 for a flat or linear-ramp image.
double laplacian_variance(const media::Image& image);

// PSNR in dB between two images of the same size over R, G and B (alpha ignored), peak 255; +infinity when they are
// identical. Throws std::invalid_argument when the sizes differ.
double psnr(const media::Image& a, const media::Image& b);

// The sub-pixel translation d (pixels, x right, y down) by which `image` shows the content of `reference` moved:
// image(p) ≈ reference(p - d). Iterated Lucas-Kanade on luma over the whole picture, margins left out; meaningful for
// shifts under about a pixel between pictures of the same content.
glm::dvec2 estimate_shift(const media::Image& reference, const media::Image& image);

} // namespace vrex::test
