// Panels are laid out by text::layout_text in Chinese (Noto Sans CJK SC, whose Latin letters serve the English
// lines too) and composited over the background; sizes shrink by 15% a try until the text fits.
#include "textures.hpp"

#include <algorithm>
#include <cmath>

#include <glm/common.hpp>

#include "text/text.hpp"

namespace vrex::roomgen {
namespace {

std::array<uint8_t, 4> rgba(glm::vec3 srgb, uint8_t alpha = 255) {
    return {uint8_t(std::lround(srgb.r * 255)), uint8_t(std::lround(srgb.g * 255)), uint8_t(std::lround(srgb.b * 255)),
            alpha};
}

media::Image canvas(glm::ivec2 pixels, glm::vec3 srgb) {
    media::Image image{uint32_t(pixels.x), uint32_t(pixels.y), {}};
    image.rgba.resize(size_t(pixels.x) * pixels.y * 4);
    const auto c = rgba(srgb);
    for (size_t i = 0; i < image.rgba.size(); i += 4) std::copy(c.begin(), c.end(), image.rgba.begin() + i);
    return image;
}

// Straight-alpha `src` over opaque `dst` at (x, y), clipped.
void blit(media::Image& dst, const media::Image& src, int x0, int y0) {
    for (uint32_t y = 0; y < src.height; ++y) {
        const int dy = y0 + int(y);
        if (dy < 0 || dy >= int(dst.height)) continue;
        for (uint32_t x = 0; x < src.width; ++x) {
            const int dx = x0 + int(x);
            if (dx < 0 || dx >= int(dst.width)) continue;
            const uint8_t* s = &src.rgba[(size_t(y) * src.width + x) * 4];
            uint8_t* d = &dst.rgba[(size_t(dy) * dst.width + dx) * 4];
            for (int c = 0; c < 3; ++c) d[c] = uint8_t((s[c] * s[3] + d[c] * (255 - s[3]) + 127) / 255);
        }
    }
}

std::vector<text::Block> blocks(const Lettering& l, float scale, int height) {
    const bool sign = l.lines.empty();
    const float title = scale * height * (sign ? 0.34f : 0.075f);
    const float body = scale * height * 0.042f;
    auto block = [&](const std::string& s, float size, uint8_t alpha, bool bold, float after, bool centre) {
        text::Block b{s, {}};
        b.style.size_px = std::clamp(size, text::k_min_size_px, text::k_max_size_px);
        b.style.colour = rgba(l.ink, alpha);
        b.style.bold = bold;
        b.style.line_spacing = 1.25f;
        b.style.space_after = after;
        b.style.align = centre ? text::Align::centre : text::Align::left;
        return b;
    };
    std::vector<text::Block> out;
    if (!l.title.empty()) {
        out.push_back(block(l.title.zh, title, 255, true, 0.15f, true));
        out.push_back(block(l.title.en, title * 0.5f, 230, false, sign ? 0.0f : 1.0f, true));
    }
    for (const auto& line : l.lines) {
        out.push_back(block(line.zh, body, 255, false, 0.1f, sign));
        out.push_back(block(line.en, body * 0.8f, 215, false, 0.7f, sign));
    }
    return out;
}

} // namespace

glm::ivec2 panel_pixels(glm::vec2 metres) {
    const float scale = std::min(320.0f, 2048.0f / std::max(metres.x, metres.y));
    return glm::max(glm::ivec2(glm::round(metres * scale)), glm::ivec2(16));
}

core::Expected<media::Image, std::string> letter(text::FontLibrary& fonts, const Lettering& lettering,
                                                 glm::ivec2 pixels) {
    media::Image image = canvas(pixels, lettering.background);
    if (lettering.title.empty() && lettering.lines.empty()) return image;
    const int margin = std::max(4, int(std::min(pixels.x, pixels.y) * 0.07f));
    text::LayoutOptions options;
    options.language = "zh";
    options.padding_px = 0;
    options.max_width_px = std::max(8, pixels.x - 2 * margin);
    float scale = 2.4f; // as large as fits: 2.4, 2.04, 1.73, ... times the sizes in blocks()
    for (int attempt = 0;; ++attempt, scale *= 0.85f) {
        const auto b = blocks(lettering, scale, pixels.y);
        auto layout = text::layout_text(fonts, b, options);
        if (!layout) return core::unexpected(layout.error());
        if (layout->height > pixels.y - 2 * margin && attempt < 12) continue;
        const media::Image words = text::rasterise(fonts, *layout);
        const int y = lettering.lines.empty() ? (pixels.y - int(words.height)) / 2 : margin;
        blit(image, words, margin, y);
        return image;
    }
}

media::Image floor_tile(glm::vec3 srgb) {
    media::Image image = canvas({256, 256}, srgb);
    const auto joint = rgba(srgb * 0.8f);
    for (uint32_t i = 0; i < 256; ++i)
        for (uint32_t t = 0; t < 3; ++t) {
            std::copy(joint.begin(), joint.end(), image.rgba.begin() + (size_t(t) * 256 + i) * 4);
            std::copy(joint.begin(), joint.end(), image.rgba.begin() + (size_t(i) * 256 + t) * 4);
        }
    return image;
}

} // namespace vrex::roomgen
