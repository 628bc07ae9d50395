// Splatting view samples on the sphere, and drawing the density over the panorama.
#include "stats/heatmap.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace vrex::stats {
namespace {

constexpr double k_pi = std::numbers::pi;
constexpr double k_deg = k_pi / 180.0;

double row_pitch(uint32_t y, uint32_t height) {
    return (0.5 - (y + 0.5) / height) * k_pi;
}

double column_yaw(long x, uint32_t width) {
    return ((x + 0.5) / width - 0.5) * 2.0 * k_pi;
}

// Colour stops of the overlay: blue, cyan, green, yellow, red (sRGB).
glm::vec3 heat_colour(float t) {
    static const glm::vec3 k_stops[] = {{0, 0, 255}, {0, 200, 255}, {0, 220, 0}, {255, 230, 0}, {255, 0, 0}};
    const float s = std::clamp(t, 0.0f, 1.0f) * 4.0f;
    const int i = std::min(int(s), 3);
    const float f = s - float(i);
    return k_stops[i] * (1.0f - f) + k_stops[i + 1] * f;
}

} // namespace

HeatGrid::HeatGrid(uint32_t width, uint32_t height)
    : m_width(std::max(1u, width)), m_height(std::max(1u, height)), m_values(std::size_t(m_width) * m_height, 0.0f) {}

void HeatGrid::splat(double yaw, double pitch, double sigma_deg, float weight) {
    const double s = std::max(sigma_deg, 0.01) * k_deg, reach = 3.0 * s;
    const double y0 = yaw * k_deg, p0 = std::clamp(pitch, -90.0, 90.0) * k_deg;
    const double sin0 = std::sin(p0), cos0 = std::cos(p0);
    // Rows whose pitch is within `reach` of the sample's (a texel's pitch is its row's centre).
    const double top = (0.5 - (p0 + reach) / k_pi) * m_height - 0.5,
                 bottom = (0.5 - (p0 - reach) / k_pi) * m_height - 0.5;
    const long y_begin = std::max(0L, long(std::floor(top))),
               y_end = std::min(long(m_height) - 1, long(std::ceil(bottom)));
    for (long y = y_begin; y <= y_end; ++y) {
        const double p = row_pitch(uint32_t(y), m_height), cos_p = std::cos(p);
        // The yaw half-width of the cap on this row: cos(reach) = sin p0 sin p + cos p0 cos p cos(dyaw).
        const double denominator = cos0 * cos_p;
        double half = k_pi; // the whole row (at a pole every yaw is as near)
        if (denominator > 1e-12) {
            const double c = (std::cos(reach) - sin0 * std::sin(p)) / denominator;
            if (c > 1.0) continue;
            if (c > -1.0) half = std::acos(c);
        }
        long x_begin = long(std::floor(((y0 - half) / (2 * k_pi) + 0.5) * m_width - 0.5));
        long x_end = long(std::ceil(((y0 + half) / (2 * k_pi) + 0.5) * m_width - 0.5));
        if (x_end - x_begin + 1 > long(m_width)) x_end = x_begin + long(m_width) - 1;
        float* row = &m_values[std::size_t(y) * m_width];
        for (long k = x_begin; k <= x_end; ++k) {
            const long x = ((k % long(m_width)) + long(m_width)) % long(m_width); // across the seam
            // Haversine: accurate for the small angles that matter most here.
            const double dy = column_yaw(x, m_width) - y0, dp = p - p0;
            const double h = std::pow(std::sin(dp / 2), 2) + cos0 * cos_p * std::pow(std::sin(dy / 2), 2);
            const double angle = 2.0 * std::asin(std::sqrt(std::clamp(h, 0.0, 1.0)));
            if (angle <= reach) row[x] += weight * float(std::exp(-angle * angle / (2 * s * s)));
        }
    }
}

float HeatGrid::max() const {
    return m_values.empty() ? 0.0f : *std::max_element(m_values.begin(), m_values.end());
}

math::YawPitch HeatGrid::texel_direction(uint32_t x, uint32_t y) const {
    return {column_yaw(x, m_width) / k_deg, row_pitch(y, m_height) / k_deg};
}

math::YawPitch HeatGrid::peak() const {
    const auto it = std::max_element(m_values.begin(), m_values.end());
    if (it == m_values.end() || *it <= 0.0f) return {0, 0};
    const auto i = std::size_t(it - m_values.begin());
    return texel_direction(uint32_t(i % m_width), uint32_t(i / m_width));
}

media::Image density_image(const HeatGrid& grid) {
    media::Image image{grid.width(), grid.height(),
                       std::vector<uint8_t>(std::size_t(grid.width()) * grid.height() * 4)};
    const float top = grid.max();
    for (uint32_t y = 0; y < grid.height(); ++y)
        for (uint32_t x = 0; x < grid.width(); ++x) {
            const float t = top > 0 ? grid.at(x, y) / top : 0.0f;
            uint8_t* px = &image.rgba[(std::size_t(y) * grid.width() + x) * 4];
            px[0] = px[1] = px[2] = uint8_t(std::lround(std::clamp(t, 0.0f, 1.0f) * 255.0f));
            px[3] = 255;
        }
    return image;
}

media::Image heat_overlay(const HeatGrid& grid, const media::Image* backdrop) {
    const uint32_t w = grid.width(), h = grid.height();
    media::Image image{w, h, std::vector<uint8_t>(std::size_t(w) * h * 4)};
    const bool usable = backdrop && backdrop->width == w && backdrop->height == h;
    const float top = grid.max();
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x) {
            const std::size_t i = (std::size_t(y) * w + x) * 4;
            glm::vec3 base(48.0f);
            if (usable) base = glm::vec3(backdrop->rgba[i], backdrop->rgba[i + 1], backdrop->rgba[i + 2]) * 0.6f;
            // The square root: a spot looked at a tenth as long as the hottest still shows (in blue).
            const float t = top > 0 ? std::sqrt(grid.at(x, y) / top) : 0.0f;
            const float alpha = std::clamp(t * 2.0f, 0.0f, 0.85f); // faint looks fade into the panorama
            const glm::vec3 c = base * (1.0f - alpha) + heat_colour(t) * alpha;
            for (int k = 0; k < 3; ++k) image.rgba[i + k] = uint8_t(std::lround(std::clamp(c[k], 0.0f, 255.0f)));
            image.rgba[i + 3] = 255;
        }
    return image;
}

media::Image resample(const media::Image& src, uint32_t width, uint32_t height) {
    media::Image out{width, height, std::vector<uint8_t>(std::size_t(width) * height * 4)};
    if (src.width == 0 || src.height == 0) return out;
    for (uint32_t y = 0; y < height; ++y) {
        const uint64_t y0 = uint64_t(y) * src.height / height;
        const uint64_t y1 = std::max(y0 + 1, uint64_t(y + 1) * src.height / height);
        for (uint32_t x = 0; x < width; ++x) {
            const uint64_t x0 = uint64_t(x) * src.width / width;
            const uint64_t x1 = std::max(x0 + 1, uint64_t(x + 1) * src.width / width);
            uint64_t sum[4] = {0, 0, 0, 0};
            for (uint64_t sy = y0; sy < y1; ++sy)
                for (uint64_t sx = x0; sx < x1; ++sx)
                    for (int k = 0; k < 4; ++k) sum[k] += src.rgba[(sy * src.width + sx) * 4 + k];
            const uint64_t n = (y1 - y0) * (x1 - x0);
            for (int k = 0; k < 4; ++k) out.rgba[(std::size_t(y) * width + x) * 4 + k] = uint8_t(sum[k] / n);
        }
    }
    return out;
}

} // namespace vrex::stats
