#pragma once
// Where visitors looked, as an equirectangular density (DESIGN §2: texel (x, y) of a W x H grid looks at
// yaw = ((x + 0.5) / W - 0.5) * 360, pitch = (0.5 - (y + 0.5) / H) * 180). Each view sample adds a Gaussian of the
// angle on the sphere between its direction and a texel's, so a splat is round on the sphere: as wide in yaw as the
// latitude needs (whole rows near a pole) and continuous across yaw ±180.
#include <cstdint>
#include <vector>

#include "math/angles.hpp"
#include "media/image.hpp"

namespace vrex::stats {

class HeatGrid {
public:
    HeatGrid(uint32_t width, uint32_t height);
    uint32_t width() const { return m_width; }
    uint32_t height() const { return m_height; }
    float at(uint32_t x, uint32_t y) const { return m_values[std::size_t(y) * m_width + x]; }

    // Adds weight * exp(-angle^2 / (2 sigma^2)) to every texel within 3 sigma of (yaw, pitch), degrees.
    void splat(double yaw, double pitch, double sigma_deg, float weight = 1.0f);
    float max() const;
    // The centre of the brightest texel (the first in row order among equals); (0, 0) for an empty grid.
    math::YawPitch peak() const;
    // The direction of texel (x, y)'s centre.
    math::YawPitch texel_direction(uint32_t x, uint32_t y) const;

private:
    uint32_t m_width, m_height;
    std::vector<float> m_values;
};

// The density as grey (0 = never looked at, 255 = the grid's maximum), for scripts and tests.
media::Image density_image(const HeatGrid& grid);
// The density coloured (transparent → blue → green → yellow → red, by the square root of its share of the grid's
// maximum) over `backdrop` (the panorama, already the grid's size; dimmed so that the colours read), or dark grey.
media::Image heat_overlay(const HeatGrid& grid, const media::Image* backdrop);
// `image` resampled to width x height (the mean of the texels each covers when shrinking, the nearest when growing;
// on the sRGB values, which is good enough for a dimmed backdrop).
media::Image resample(const media::Image& image, uint32_t width, uint32_t height);

} // namespace vrex::stats
