// JPEG markers up to the first scan (ITU T.81 annex B), for the DC decode: frame, tables, scan.
#include <algorithm>
#include <cstring>

#include "media/jpeg_dc_detail.hpp"

namespace vrex::media::jpeg_dc {
namespace {

using Bytes = std::span<const uint8_t>;

uint16_t be16(Bytes b, size_t at) {
    return uint16_t(b[at] << 8 | b[at + 1]);
}

core::Unexpected<std::string> fail(std::string why) {
    return core::unexpected(std::move(why));
}

std::string read_sof(Bytes s, Frame& f) {
    if (s.size() < 6) return "short frame header";
    if (s[0] != 8) return "not an 8-bit JPEG";
    f.height = be16(s, 1);
    f.width = be16(s, 3);
    const size_t n = s[5];
    if (f.width == 0 || f.height == 0) return "no size in the frame header";
    if ((n != 1 && n != 3) || s.size() < 6 + 3 * n) return "neither greyscale nor three components";
    f.components.clear();
    for (size_t i = 0; i < n; ++i) {
        Component c;
        c.id = s[6 + 3 * i];
        c.h = s[7 + 3 * i] >> 4;
        c.v = s[7 + 3 * i] & 15;
        c.quant = s[8 + 3 * i];
        if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.quant > 3) return "bad component";
        f.components.push_back(c);
    }
    return {};
}

std::string read_dht(Bytes s, Frame& f) {
    size_t at = 0;
    while (at < s.size()) {
        if (at + 17 > s.size()) return "short Huffman table";
        const uint8_t tc = s[at] >> 4, th = s[at] & 15;
        if (tc > 1 || th > 3) return "bad Huffman table id";
        HuffmanSpec spec;
        size_t total = 0;
        for (int l = 1; l <= 16; ++l) total += spec.counts[l] = s[at + l];
        at += 17;
        if (total > 256 || at + total > s.size()) return "bad Huffman table";
        spec.symbols.assign(s.begin() + at, s.begin() + at + total);
        spec.defined = true;
        at += total;
        (tc == 0 ? f.dc : f.ac)[th] = std::move(spec);
    }
    return {};
}

std::string read_dqt(Bytes s, Frame& f) {
    size_t at = 0;
    while (at < s.size()) {
        const uint8_t pq = s[at] >> 4, tq = s[at] & 15;
        const size_t size = pq == 0 ? 64 : 128;
        if (pq > 1 || tq > 3 || at + 1 + size > s.size()) return "bad quantisation table";
        f.dc_quant[tq] = pq == 0 ? s[at + 1] : be16(s, at + 1);
        at += 1 + size;
    }
    return {};
}

// Puts the scan's components in scan order; checks tables and the spectral range of a sequential scan.
std::string read_sos(Bytes s, Frame& f) {
    if (s.empty() || s[0] != f.components.size() || s.size() < 4 + 2 * size_t(s[0])) return "not one scan of all";
    std::vector<Component> ordered;
    for (size_t i = 0; i < s[0]; ++i) {
        const uint8_t id = s[1 + 2 * i], tables = s[2 + 2 * i];
        auto it =
            std::find_if(f.components.begin(), f.components.end(), [&](const Component& c) { return c.id == id; });
        if (it == f.components.end()) return "scan names an unknown component";
        Component c = *it;
        c.dc_table = tables >> 4;
        c.ac_table = tables & 15;
        if (c.dc_table > 3 || c.ac_table > 3 || !f.dc[c.dc_table].defined || !f.ac[c.ac_table].defined)
            return "scan uses an undefined Huffman table";
        if (f.dc_quant[c.quant] == 0) return "scan uses an undefined quantisation table";
        ordered.push_back(c);
    }
    const size_t tail = 1 + 2 * size_t(s[0]);
    if (s[tail] != 0 || s[tail + 1] != 63 || s[tail + 2] != 0) return "not a sequential scan";
    f.components = std::move(ordered);
    return {};
}

// The entropy-coded data runs to the first 0xFF not followed by a stuffed 0x00 (or to the end of a truncated file,
// less a last 0xFF).
Bytes entropy_from(Bytes b, size_t at) {
    size_t end = at;
    while (end < b.size()) {
        const void* ff = std::memchr(b.data() + end, 0xFF, b.size() - end);
        if (!ff) return b.subspan(at);
        end = size_t(static_cast<const uint8_t*>(ff) - b.data());
        if (end + 1 == b.size() || b[end + 1] != 0x00) return b.subspan(at, end - at);
        end += 2;
    }
    return b.subspan(at, std::min(end, b.size()) - at);
}

} // namespace

core::Expected<Frame, std::string> parse(Bytes b) {
    Frame f;
    bool have_frame = false, adobe_transform_0 = false;
    size_t at = 2;
    while (true) {
        if (at >= b.size() || b[at] != 0xFF) return fail("no marker where one should be");
        while (at < b.size() && b[at] == 0xFF) ++at;
        if (at >= b.size()) return fail("ends before its scan");
        const uint8_t m = b[at++];
        if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;
        if (m == 0xD9) return fail("no scan");
        if (at + 2 > b.size() || be16(b, at) < 2 || at + be16(b, at) > b.size()) return fail("truncated header");
        const Bytes s = b.subspan(at + 2, be16(b, at) - 2u);
        at += be16(b, at);
        std::string problem;
        if (m == 0xC0 || m == 0xC1) {
            problem = read_sof(s, f);
            have_frame = true;
        } else if ((m >= 0xC2 && m <= 0xCF) && m != 0xC4 && m != 0xC8) {
            problem = "not baseline (progressive, lossless or arithmetic)";
        } else if (m == 0xC4) {
            problem = read_dht(s, f);
        } else if (m == 0xDB) {
            problem = read_dqt(s, f);
        } else if (m == 0xDD) {
            if (s.size() < 2 || be16(s, 0) != 0) problem = "restart markers";
        } else if (m == 0xEE && s.size() >= 12 && std::memcmp(s.data(), "Adobe", 5) == 0) {
            adobe_transform_0 = s[11] == 0;
        } else if (m == 0xDA) {
            if (!have_frame) return fail("scan before the frame header");
            if (adobe_transform_0 && f.components.size() == 3) return fail("RGB, not YCbCr");
            if (problem = read_sos(s, f); !problem.empty()) return fail(problem);
            f.entropy = entropy_from(b, at);
            return f;
        }
        if (!problem.empty()) return fail(problem);
    }
}

size_t stuffed_count(Bytes part) {
    size_t count = 0;
    for (size_t at = 0; at < part.size();) {
        const void* ff = std::memchr(part.data() + at, 0xFF, part.size() - at);
        if (!ff) break;
        ++count;
        at = size_t(static_cast<const uint8_t*>(ff) - part.data()) + 2;
    }
    return count;
}

size_t unstuff(Bytes part, uint8_t* out) {
    uint8_t* o = out;
    for (size_t at = 0; at < part.size();) {
        const void* ff = std::memchr(part.data() + at, 0xFF, part.size() - at);
        const size_t end = ff ? size_t(static_cast<const uint8_t*>(ff) - part.data()) : part.size();
        std::memcpy(o, part.data() + at, end - at);
        o += end - at;
        if (!ff) break;
        *o++ = 0xFF;
        at = end + 2;
    }
    return size_t(o - out);
}

} // namespace vrex::media::jpeg_dc
