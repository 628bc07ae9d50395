#pragma once
// Text for info panels: blocks of UTF-8 text laid out top to bottom, wrapped to a width (UAX #14 line breaking, so
// Chinese breaks between ideographs and never before `，` or `。`), rasterised into an RGBA8 image.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "media/image.hpp"
#include "text/font_library.hpp"

namespace vrex::text {

// Accepted ranges; values outside are reported as errors, never clamped silently.
inline constexpr float k_min_size_px = 4.0f;
inline constexpr float k_max_size_px = 512.0f;
inline constexpr int k_max_width_px = 8192;
inline constexpr int k_max_padding_px = 1024;
inline constexpr size_t k_max_text_bytes = 1 << 20;

enum class Align { left, centre, right };

struct TextStyle {
    float size_px = 32.0f;                             // em size in image pixels: pass the size it is displayed at
    std::array<uint8_t, 4> colour{255, 255, 255, 255}; // sRGB-encoded, straight alpha
    float line_spacing = 1.3f;                         // baseline to baseline, in multiples of size_px [0.8, 4]
    float space_after = 0.5f;                          // gap below the block, in multiples of size_px [0, 10]
    bool bold = false;
    Align align = Align::left;
};

// One paragraph group (a title, a body). `\n` inside starts a new paragraph; "\n\n" leaves an empty line.
struct Block {
    std::string utf8;
    TextStyle style;
};

struct LayoutOptions {
    int max_width_px = 800;                        // width available to text; the image is this + 2 * padding wide
    std::string language = "en";                   // picks the font and line-breaking rules: "zh", "zh-TW", "en", ...
    int padding_px = 24;                           // on all four sides
    std::array<uint8_t, 4> background{0, 0, 0, 0}; // sRGB, straight alpha
    bool shrink_to_fit = false;                    // image width = widest line + 2 * padding instead
};

struct PositionedGlyph {
    uint32_t font = 0;     // FontLibrary::font_name(font)
    uint32_t glyph_id = 0; // 0 is the font's .notdef ("tofu"): the character has no glyph in any font tried
    uint32_t cluster = 0;  // byte offset of its first character in Layout::texts[block]
    float x = 0, y = 0;    // pen position on the baseline, image pixels (y down)
};

struct Line {
    size_t block = 0;
    size_t begin = 0, end = 0; // byte range in Layout::texts[block], without trailing spaces and line feed
    float x = 0;               // left edge of the line's ink box, image pixels
    float baseline_y = 0;
    float width_px = 0; // advance width of [begin, end)
    std::vector<PositionedGlyph> glyphs;
};

struct Layout {
    int width = 0, height = 0;      // image size
    std::vector<std::string> texts; // each block's text after UTF-8 repair (byte ranges refer to these)
    std::vector<TextStyle> styles;  // each block's style
    std::array<uint8_t, 4> background{};
    std::vector<Line> lines;     // top to bottom
    size_t replaced_invalid = 0; // invalid UTF-8 sequences replaced by U+FFFD
    size_t missing_glyphs = 0;   // glyphs with id 0 on the lines
};

// Shapes and breaks the blocks. Errors: out-of-range style or options, text over k_max_text_bytes, a layout larger
// than media's image limits, no font for the language ("install fonts-noto-cjk"). Invalid UTF-8 is not an error: it
// is replaced by U+FFFD and counted. Empty text gives a layout with no lines (a padding-only image).
core::Expected<Layout, std::string> layout_text(FontLibrary& fonts, std::span<const Block> blocks,
                                                const LayoutOptions& options);

// Draws a layout: FreeType's anti-aliased coverage, composited over the background in linear light, written as
// sRGB-encoded straight-alpha RGBA8. Glyph bitmaps are cached per (font, size, glyph, quarter-pixel x offset).
media::Image rasterise(FontLibrary& fonts, const Layout& layout);

// layout_text + rasterise.
core::Expected<media::Image, std::string> render_text(FontLibrary& fonts, std::span<const Block> blocks,
                                                      const LayoutOptions& options);

} // namespace vrex::text
