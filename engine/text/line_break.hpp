#pragma once
// Greedy line filling over UAX #14 break opportunities (libunibreak). Pure: widths come in, byte ranges go out.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vrex::text {

struct LineRange {
    size_t begin = 0, end = 0; // bytes of the line's text, without trailing white space and line feed
    float width = 0;           // advance width of [begin, end)
};

// Break classes after each byte of valid UTF-8 text, as libunibreak reports them for `language`:
// LINEBREAK_MUSTBREAK (0), ALLOWBREAK (1), NOBREAK (2), INSIDEACHAR (3).
std::vector<char> break_opportunities(std::string_view utf8, const std::string& language);

// Fills lines up to max_width. advance[i] is the advance of the glyphs whose cluster starts at byte i (0 elsewhere);
// cluster_start[i] is non-zero where a glyph cluster starts. Breaks only where UAX #14 allows, and forced at line
// feeds; a single unbreakable piece wider than max_width is split between clusters. An empty paragraph ("\n\n")
// gives an empty line; empty text gives no lines.
std::vector<LineRange> break_lines(std::string_view utf8, std::span<const float> advance,
                                   std::span<const uint8_t> cluster_start, float max_width,
                                   const std::string& language);

} // namespace vrex::text
