#include "sharpness.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "media/srgb.hpp"

namespace vrex::test {
namespace {

constexpr double k_pi = std::numbers::pi;
constexpr double k_deg = k_pi / 180.0;

// Bilinear read of a single-channel picture at (x, y) in pixel-centre coordinates, clamped to the edges.
double bilinear(const std::vector<double>& img, uint32_t w, uint32_t h, double x, double y) {
    x = std::clamp(x, 0.0, double(w - 1));
    y = std::clamp(y, 0.0, double(h - 1));
    const uint32_t x0 = std::min(uint32_t(x), w - 2), y0 = std::min(uint32_t(y), h - 2);
    const double fx = x - x0, fy = y - y0;
    const double* r0 = &img[size_t(y0) * w + x0];
    const double* r1 = r0 + w;
    return (r0[0] * (1 - fx) + r0[1] * fx) * (1 - fy) + (r1[0] * (1 - fx) + r1[1] * fx) * fy;
}

} // namespace

glm::dvec3 pinhole_direction(const PinholeView& view, double x, double y) {
    // View space: x right, y up, looking along -Z; the image plane at z = -1 spans tan(hfov/2) to either side, and
    // vertically as much as square pixels allow.
    const double tan_h = std::tan(view.hfov * k_deg * 0.5);
    const double tan_v = tan_h * view.height / view.width;
    const glm::dvec3 v{tan_h * (2.0 * x / view.width - 1.0), tan_v * (1.0 - 2.0 * y / view.height), -1.0};
    // Pitch up turns -Z towards +Y (about +X), then yaw right turns -Z towards +X (about -Y).
    const double cp = std::cos(view.pitch * k_deg), sp = std::sin(view.pitch * k_deg);
    const glm::dvec3 p{v.x, v.y * cp - v.z * sp, v.y * sp + v.z * cp};
    const double cy = std::cos(view.yaw * k_deg), sy = std::sin(view.yaw * k_deg);
    const glm::dvec3 d{p.x * cy - p.z * sy, p.y, p.x * sy + p.z * cy};
    return d / std::sqrt(d.x * d.x + d.y * d.y + d.z * d.z);
}

double hfov_for_scale(uint32_t width, double pixels_per_radian) {
    // At the centre of a pinhole view, focal length f pixels gives f pixels per radian; half the width is f tan(h/2).
    return 2.0 * std::atan(0.5 * width / pixels_per_radian) / k_deg;
}

glm::dvec2 equirect_uv(const glm::dvec3& d) {
    const double yaw = std::atan2(d.x, -d.z); // (-π, π], 0 at -Z, positive towards +X
    const double pitch = std::atan2(d.y, std::hypot(d.x, d.z));
    double u = 0.5 + yaw / (2.0 * k_pi);
    if (u >= 1.0) u -= 1.0;
    return {u, 0.5 - pitch / k_pi};
}

LinearEquirect::LinearEquirect(const media::Image& srgb)
    : m_width(srgb.width), m_height(srgb.height), m_rgb(size_t(srgb.width) * srgb.height * 3) {
    for (size_t i = 0, n = size_t(m_width) * m_height; i < n; ++i)
        for (int c = 0; c < 3; ++c) m_rgb[i * 3 + c] = media::srgb_to_linear(srgb.rgba[i * 4 + c]);
}

glm::vec3 LinearEquirect::texel(uint32_t x, uint32_t y) const {
    const float* p = &m_rgb[(size_t(y) * m_width + x) * 3];
    return {p[0], p[1], p[2]};
}

glm::vec3 LinearEquirect::sample(glm::dvec2 uv) const {
    const double s = uv.x * m_width - 0.5, t = uv.y * m_height - 0.5;
    const double sf = std::floor(s), tf = std::floor(t);
    const float fx = float(s - sf), fy = float(t - tf);
    const auto wrap = [&](double i) {
        const auto w = int64_t(m_width);
        return uint32_t(((int64_t(i) % w) + w) % w);
    };
    const auto clamp_row = [&](double j) { return uint32_t(std::clamp(j, 0.0, double(m_height - 1))); };
    const uint32_t x0 = wrap(sf), x1 = wrap(sf + 1), y0 = clamp_row(tf), y1 = clamp_row(tf + 1);
    const glm::vec3 top = texel(x0, y0) * (1 - fx) + texel(x1, y0) * fx;
    const glm::vec3 bottom = texel(x0, y1) * (1 - fx) + texel(x1, y1) * fx;
    return top * (1 - fy) + bottom * fy;
}

media::Image reference_view(const LinearEquirect& equirect, const PinholeView& view, int samples_per_axis) {
    const int n = std::max(samples_per_axis, 1);
    media::Image out{view.width, view.height, std::vector<uint8_t>(size_t(view.width) * view.height * 4)};
    for (uint32_t y = 0; y < view.height; ++y)
        for (uint32_t x = 0; x < view.width; ++x) {
            glm::vec3 sum(0.0f);
            for (int j = 0; j < n; ++j)
                for (int i = 0; i < n; ++i) {
                    const glm::dvec3 d = pinhole_direction(view, x + (i + 0.5) / n, y + (j + 0.5) / n);
                    sum += equirect.sample(equirect_uv(d));
                }
            sum /= float(n * n);
            uint8_t* p = &out.rgba[(size_t(y) * view.width + x) * 4];
            for (int c = 0; c < 3; ++c) p[c] = media::linear_to_srgb(sum[c]);
            p[3] = 255;
        }
    return out;
}

std::vector<double> luma(const media::Image& image) {
    std::vector<double> out(size_t(image.width) * image.height);
    for (size_t i = 0; i < out.size(); ++i) {
        const uint8_t* p = &image.rgba[i * 4];
        out[i] = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
    }
    return out;
}

double laplacian_variance(const media::Image& image) {
    if (image.width < 3 || image.height < 3) return 0.0;
    const std::vector<double> l = luma(image);
    const size_t w = image.width;
    double sum = 0, sum_sq = 0;
    size_t count = 0;
    for (size_t y = 1; y + 1 < image.height; ++y)
        for (size_t x = 1; x + 1 < w; ++x) {
            const size_t i = y * w + x;
            const double lap = l[i - 1] + l[i + 1] + l[i - w] + l[i + w] - 4.0 * l[i];
            sum += lap;
            sum_sq += lap * lap;
            ++count;
        }
    const double mean = sum / double(count);
    return std::max(0.0, sum_sq / double(count) - mean * mean);
}

double psnr(const media::Image& a, const media::Image& b) {
    if (a.width != b.width || a.height != b.height || a.rgba.size() != b.rgba.size())
        throw std::invalid_argument("psnr: images of different sizes");
    double sum_sq = 0;
    for (size_t i = 0; i < a.rgba.size(); i += 4)
        for (int c = 0; c < 3; ++c) {
            const double d = double(a.rgba[i + c]) - double(b.rgba[i + c]);
            sum_sq += d * d;
        }
    if (sum_sq == 0) return std::numeric_limits<double>::infinity();
    const double mse = sum_sq / (double(a.rgba.size() / 4) * 3.0);
    return 10.0 * std::log10(255.0 * 255.0 / mse);
}

glm::dvec2 estimate_shift(const media::Image& reference, const media::Image& image) {
    if (reference.width != image.width || reference.height != image.height)
        throw std::invalid_argument("estimate_shift: images of different sizes");
    const uint32_t w = image.width, h = image.height, margin = 8;
    if (w <= 2 * margin + 2 || h <= 2 * margin + 2) throw std::invalid_argument("estimate_shift: image too small");
    const std::vector<double> ref = luma(reference), img = luma(image);
    glm::dvec2 d(0.0);
    // Gauss-Newton on the shift: the reference moved by d, linearised around the current estimate.
    for (int iteration = 0; iteration < 8; ++iteration) {
        double gxx = 0, gxy = 0, gyy = 0, bx = 0, by = 0;
        for (uint32_t y = margin; y < h - margin; ++y)
            for (uint32_t x = margin; x < w - margin; ++x) {
                const double sx = x - d.x, sy = y - d.y;
                const double moved = bilinear(ref, w, h, sx, sy);
                const double gx = 0.5 * (bilinear(ref, w, h, sx + 1, sy) - bilinear(ref, w, h, sx - 1, sy));
                const double gy = 0.5 * (bilinear(ref, w, h, sx, sy + 1) - bilinear(ref, w, h, sx, sy - 1));
                const double e = img[size_t(y) * w + x] - moved;
                gxx += gx * gx;
                gxy += gx * gy;
                gyy += gy * gy;
                bx += gx * e;
                by += gy * e;
            }
        // image ≈ moved - δ·∇moved, so δ = -(ΣggT)^-1 Σ g e.
        const double det = gxx * gyy - gxy * gxy;
        if (det <= 0) break;
        const glm::dvec2 step{-(gyy * bx - gxy * by) / det, -(gxx * by - gxy * bx) / det};
        d += step;
        if (std::abs(step.x) + std::abs(step.y) < 1e-4) break;
    }
    return d;
}

} // namespace vrex::test
