#pragma once
// Internal to engine/text: text -> font runs -> HarfBuzz glyphs.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "text/fonts.hpp"

namespace vrex::text::detail {

struct ShapedGlyph {
    uint32_t font = 0, glyph_id = 0;
    uint32_t cluster = 0;             // byte offset in the text
    float advance = 0;                // pixels
    float x_offset = 0, y_offset = 0; // pixels, y up (HarfBuzz)
};

struct ShapedText {
    std::vector<ShapedGlyph> glyphs;    // runs in logical order, each run in HarfBuzz's (visual) order
    std::vector<float> advance_by_byte; // one per byte: advances of glyphs whose cluster starts there
    std::vector<uint8_t> cluster_start; // one per byte: a cluster starts there
    uint32_t primary_font = 0;          // the language's own font (line metrics come from it)
};

// Splits valid UTF-8 into runs by font (the first font of the language's chain that has the character; spaces and
// punctuation stay with their neighbours) and by script, and shapes each run. Fails when the language has no font,
// or when the text has CJK characters and no CJK font is installed.
core::Expected<ShapedText, std::string> shape_text(Fonts& fonts, std::string_view utf8, const std::string& language,
                                                   float size_px, bool bold);

} // namespace vrex::text::detail
