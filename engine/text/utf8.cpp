#include "text/utf8.hpp"

#include <cstdint>

namespace vrex::text {

namespace {

// Length of the valid sequence starting at bytes[pos], or 0 with `bad` = length of the maximal invalid subpart.
size_t valid_length(std::string_view bytes, size_t pos, size_t& bad) {
    const auto at = [&](size_t i) { return pos + i < bytes.size() ? uint8_t(bytes[pos + i]) : uint8_t(0); };
    const uint8_t lead = at(0);
    size_t length = 0;
    uint8_t lo = 0x80, hi = 0xBF; // allowed range of the second byte (excludes overlongs, surrogates, > U+10FFFF)
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
        length = 3, lo = lead == 0xE0 ? 0xA0 : 0x80, hi = lead == 0xED ? 0x9F : 0xBF;
    else if (lead >= 0xF0 && lead <= 0xF4)
        length = 4, lo = lead == 0xF0 ? 0x90 : 0x80, hi = lead == 0xF4 ? 0x8F : 0xBF;
    bad = 1;
    if (length == 0) return 0;
    for (size_t i = 1; i < length; ++i) {
        const uint8_t b = at(i);
        const bool ok = pos + i < bytes.size() && (i == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF));
        if (!ok) return 0;
        bad = i + 1;
    }
    return length;
}

} // namespace

RepairedText repair_utf8(std::string_view bytes) {
    RepairedText out;
    out.utf8.reserve(bytes.size());
    size_t pos = 0;
    while (pos < bytes.size()) {
        size_t bad = 0;
        const size_t length = valid_length(bytes, pos, bad);
        if (length == 0) {
            out.utf8 += "\xEF\xBF\xBD";
            ++out.replaced;
            pos += bad;
            continue;
        }
        const char c = bytes[pos];
        if (length > 1)
            out.utf8.append(bytes.substr(pos, length));
        else if (c == '\r')
            out.utf8 += (pos + 1 < bytes.size() && bytes[pos + 1] == '\n') ? "" : "\n";
        else if (c == '\t')
            out.utf8 += ' ';
        else if (c == '\n' || (uint8_t(c) >= 0x20 && c != 0x7F))
            out.utf8 += c;
        pos += length;
    }
    return out;
}

char32_t next_code_point(std::string_view utf8, size_t& pos) {
    const auto byte = [&](size_t i) { return char32_t(uint8_t(utf8[pos + i])); };
    const char32_t lead = byte(0);
    char32_t cp = 0;
    size_t length = 1;
    if (lead < 0x80)
        cp = lead;
    else if (lead < 0xE0)
        cp = lead & 0x1F, length = 2;
    else if (lead < 0xF0)
        cp = lead & 0x0F, length = 3;
    else
        cp = lead & 0x07, length = 4;
    if (pos + length > utf8.size()) {
        pos = utf8.size();
        return 0xFFFD;
    }
    for (size_t i = 1; i < length; ++i) cp = (cp << 6) | (byte(i) & 0x3F);
    pos += length;
    return cp;
}

} // namespace vrex::text
