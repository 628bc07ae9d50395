// Blocks -> shaped, broken, positioned lines.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "text/line_break.hpp"
#include "text/shape.hpp"
#include "text/text.hpp"
#include "text/utf8.hpp"

namespace vrex::text {

namespace {

using Error = core::Unexpected<std::string>;

std::string range_error(const std::string& what, double value, double lo, double hi) {
    char text[160];
    std::snprintf(text, sizeof text, "%s %g is outside [%g, %g]", what.c_str(), value, lo, hi);
    return text;
}

bool within(double v, double lo, double hi) {
    return std::isfinite(v) && v >= lo && v <= hi;
}

std::string check_options(const LayoutOptions& options) {
    if (options.max_width_px < 1 || options.max_width_px > k_max_width_px)
        return range_error("max_width_px", options.max_width_px, 1, k_max_width_px);
    if (options.padding_px < 0 || options.padding_px > k_max_padding_px)
        return range_error("padding_px", options.padding_px, 0, k_max_padding_px);
    return {};
}

std::string check_block(const Block& block, size_t index) {
    const std::string where = "block " + std::to_string(index) + ": ";
    const TextStyle& s = block.style;
    if (!within(s.size_px, k_min_size_px, k_max_size_px))
        return where + range_error("text size (px)", s.size_px, k_min_size_px, k_max_size_px);
    if (!within(s.line_spacing, 0.8, 4.0)) return where + range_error("line_spacing", s.line_spacing, 0.8, 4.0);
    if (!within(s.space_after, 0.0, 10.0)) return where + range_error("space_after", s.space_after, 0.0, 10.0);
    if (block.utf8.size() > k_max_text_bytes)
        return where + range_error("text length (bytes)", double(block.utf8.size()), 0, double(k_max_text_bytes));
    return {};
}

// Places the glyphs of each line on its baseline, pen starting at 0 (the line's x is added once widths are known).
void place_glyphs(const detail::ShapedText& shaped, std::vector<Line>& lines, size_t first_line) {
    std::vector<float> pen(lines.size() - first_line, 0.0f);
    for (const detail::ShapedGlyph& g : shaped.glyphs) {
        const auto after = std::upper_bound(lines.begin() + first_line, lines.end(), g.cluster,
                                            [](uint32_t c, const Line& l) { return c < l.begin; });
        if (after == lines.begin() + first_line) continue;
        Line& line = *(after - 1);
        if (g.cluster >= line.end) continue; // trailing space or line feed
        float& x = pen[size_t(after - 1 - lines.begin()) - first_line];
        line.glyphs.push_back({g.font, g.glyph_id, g.cluster, x + g.x_offset, line.baseline_y - g.y_offset});
        x += g.advance;
    }
}

// Lays out one non-empty block from `top`; returns the y below its last line.
core::Expected<float, std::string> layout_block(detail::Fonts& fonts, Layout& layout, size_t block, float top,
                                                const LayoutOptions& options) {
    const std::string& text = layout.texts[block];
    const TextStyle& style = layout.styles[block];
    auto shaped = detail::shape_text(fonts, text, options.language, style.size_px, style.bold);
    if (!shaped) return core::unexpected(shaped.error());
    const std::vector<LineRange> ranges = break_lines(text, shaped->advance_by_byte, shaped->cluster_start,
                                                      float(options.max_width_px), options.language);
    const detail::Face& face = fonts.face(shaped->primary_font);
    const float line_height = style.size_px * style.line_spacing;
    // Half-leading above and below the em box given by the font's typographic ascent and descent.
    const float half_leading = (line_height - (face.ascent + face.descent) * style.size_px) / 2;
    const size_t first_line = layout.lines.size();
    float y = top;
    for (const LineRange& r : ranges) {
        Line line;
        line.block = block;
        line.begin = r.begin;
        line.end = r.end;
        line.width_px = r.width;
        line.baseline_y = std::round(y + half_leading + face.ascent * style.size_px);
        layout.lines.push_back(std::move(line));
        y += line_height;
    }
    place_glyphs(*shaped, layout.lines, first_line);
    return y;
}

// Image size and each line's x from the alignment; glyph x become image coordinates.
std::string finish(Layout& layout, const LayoutOptions& options, float bottom) {
    float widest = 0;
    for (const Line& line : layout.lines) widest = std::max(widest, line.width_px);
    const float available = options.shrink_to_fit ? std::ceil(widest) : float(options.max_width_px);
    const double width = std::max(1.0, double(available) + 2.0 * options.padding_px);
    const double height = std::max(1.0, std::ceil(double(bottom) + options.padding_px));
    if (width > media::k_max_image_side || height > media::k_max_image_side ||
        width * height * 4 > double(media::k_max_image_bytes))
        return "the text needs a " + std::to_string(int64_t(width)) + " x " + std::to_string(int64_t(height)) +
               " px image, over the image size limit (" + std::to_string(media::k_max_image_side) + " px a side)";
    layout.width = int(width);
    layout.height = int(height);
    for (Line& line : layout.lines) {
        const Align align = layout.styles[line.block].align;
        const float slack = available - line.width_px;
        const float shift = align == Align::left ? 0.0f : align == Align::centre ? std::round(slack / 2) : slack;
        line.x = float(options.padding_px) + shift;
        for (PositionedGlyph& g : line.glyphs) g.x += line.x;
        for (const PositionedGlyph& g : line.glyphs) layout.missing_glyphs += g.glyph_id == 0;
    }
    return {};
}

} // namespace

core::Expected<Layout, std::string> layout_text(FontLibrary& fonts, std::span<const Block> blocks,
                                                const LayoutOptions& options) {
    if (std::string e = check_options(options); !e.empty()) return Error{e};
    Layout layout;
    layout.background = options.background;
    float y = float(options.padding_px);
    float gap = 0; // space_after of the previous non-empty block, added only when another block follows
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (std::string e = check_block(blocks[i], i); !e.empty()) return Error{e};
        RepairedText repaired = repair_utf8(blocks[i].utf8);
        layout.replaced_invalid += repaired.replaced;
        layout.texts.push_back(std::move(repaired.utf8));
        layout.styles.push_back(blocks[i].style);
        if (layout.texts.back().empty()) continue;
        auto bottom = layout_block(fonts.fonts(), layout, i, y + gap, options);
        if (!bottom) return Error{bottom.error()};
        y = *bottom;
        gap = blocks[i].style.space_after * blocks[i].style.size_px;
    }
    if (std::string e = finish(layout, options, y); !e.empty()) return Error{e};
    return layout;
}

} // namespace vrex::text
