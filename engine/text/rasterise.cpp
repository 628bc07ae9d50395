// Layout -> RGBA8 image. Coverage from FreeType is the fraction of a pixel the glyph covers, which is linear, so
// text is composited over the background in linear light and only the result is encoded to sRGB.
#include <algorithm>
#include <array>
#include <cmath>

#include "core/mutation.hpp"
#include "media/srgb.hpp"
#include "text/fonts.hpp"
#include "text/text.hpp"

namespace vrex::text {

namespace {

using Lut = std::array<std::array<uint8_t, 4>, 256>;

// `colour` at `coverage` over `background`, both sRGB straight alpha: the Porter-Duff "over" in linear light.
std::array<uint8_t, 4> over(const std::array<uint8_t, 4>& colour, const std::array<uint8_t, 4>& background,
                            float coverage) {
    const float a = coverage * float(colour[3]) / 255.0f;
    const float b = float(background[3]) / 255.0f * (1.0f - a);
    const float out_a = a + b;
    std::array<uint8_t, 4> out{0, 0, 0, uint8_t(std::lround(out_a * 255.0f))};
    if (out_a <= 0.0f) return out;
    for (int c = 0; c < 3; ++c) {
        const float linear = media::srgb_to_linear(colour[c]) * a + media::srgb_to_linear(background[c]) * b;
        out[c] = media::linear_to_srgb(linear / out_a);
    }
    return out;
}

Lut make_lut(const std::array<uint8_t, 4>& colour, const std::array<uint8_t, 4>& background) {
    Lut lut{};
    for (int i = 0; i < 256; ++i) lut[i] = over(colour, background, float(i) / 255.0f);
    return lut;
}

// Text coverage (summed where glyphs overlap) and, per pixel, the block whose colour it takes.
struct CoverageImage {
    int width = 0, height = 0;
    std::vector<uint8_t> coverage;
    std::vector<uint32_t> block;

    void add(const detail::GlyphBitmap& g, int x0, int y0, uint32_t block_index) {
        const int left = std::max(0, -x0), top = std::max(0, -y0);
        const int right = std::min(g.width, width - x0), bottom = std::min(g.height, height - y0);
        for (int row = top; row < bottom; ++row) {
            const size_t dst = size_t(y0 + row) * width + x0;
            const uint8_t* src = &g.coverage[size_t(row) * g.width];
            for (int col = left; col < right; ++col) {
                if (!src[col]) continue;
                coverage[dst + col] = uint8_t(std::min(255, coverage[dst + col] + src[col]));
                block[dst + col] = block_index;
            }
        }
    }
};

void draw_line(detail::Fonts& fonts, const Layout& layout, const Line& line, CoverageImage& target) {
    const float size = layout.styles[line.block].size_px;
    const bool drop = &line == &layout.lines.front() && core::mutated(core::Mutation::drop_glyph);
    for (const PositionedGlyph& g : line.glyphs) {
        if (drop && &g == &line.glyphs[std::min<size_t>(1, line.glyphs.size() - 1)]) continue;
        // Quarter-pixel horizontal positions keep Latin spacing even; the baseline is already on a pixel row.
        const float quarters = std::round(g.x * 4.0f);
        const int x = int(std::floor(quarters / 4.0f));
        const int phase = int(quarters) - x * 4;
        const detail::GlyphBitmap& bitmap = fonts.glyph(g.font, size, g.glyph_id, phase);
        if (bitmap.coverage.empty()) continue;
        target.add(bitmap, x + bitmap.left, int(std::lround(g.y)) - bitmap.top, uint32_t(line.block));
    }
}

} // namespace

media::Image rasterise(FontLibrary& fonts, const Layout& layout) {
    media::Image image;
    if (layout.width <= 0 || layout.height <= 0) return image;
    image.width = uint32_t(layout.width);
    image.height = uint32_t(layout.height);
    const size_t pixels = size_t(layout.width) * layout.height;
    CoverageImage target{layout.width, layout.height, std::vector<uint8_t>(pixels), std::vector<uint32_t>(pixels)};
    for (const Line& line : layout.lines) draw_line(fonts.fonts(), layout, line, target);

    // Every pixel's colour depends only on its block and coverage: one table per block, built when first needed.
    std::vector<std::unique_ptr<Lut>> luts(layout.styles.size());
    image.rgba.resize(pixels * 4);
    for (size_t i = 0; i < pixels; ++i) {
        const uint8_t c = target.coverage[i];
        const std::array<uint8_t, 4>* px = &layout.background;
        if (c) {
            auto& lut = luts[target.block[i]];
            if (!lut) lut = std::make_unique<Lut>(make_lut(layout.styles[target.block[i]].colour, layout.background));
            px = &(*lut)[c];
        }
        std::copy(px->begin(), px->end(), &image.rgba[i * 4]);
    }
    return image;
}

core::Expected<media::Image, std::string> render_text(FontLibrary& fonts, std::span<const Block> blocks,
                                                      const LayoutOptions& options) {
    auto layout = layout_text(fonts, blocks, options);
    if (!layout) return core::unexpected(layout.error());
    return rasterise(fonts, *layout);
}

} // namespace vrex::text
