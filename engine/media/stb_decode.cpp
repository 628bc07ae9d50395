#include "media/stb_decode.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <stb/stb_image.h>
#include <string>

namespace vrex::media {
namespace {

std::string format_of(std::span<const uint8_t> b) {
    auto starts = [&](const char* magic) {
        const size_t n = std::strlen(magic);
        return b.size() >= n && std::memcmp(b.data(), magic, n) == 0;
    };
    if (starts("\x89PNG")) return "png";
    if (starts("BM")) return "bmp";
    if (starts("#?RADIANCE") || starts("#?RGBE")) return "hdr";
    if (starts("GIF8")) return "gif";
    if (starts("8BPS")) return "psd";
    if (starts("P6") || starts("P5")) return "pnm";
    return "tga";
}

int stb_len(std::span<const uint8_t> bytes) {
    return static_cast<int>(std::min<size_t>(bytes.size(), INT_MAX));
}

uint32_t be32(const uint8_t* p) {
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

uint32_t le32(const uint8_t* p) {
    return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0];
}

// The bytes of a binary PNM's header: the magic, width, height and largest value (with whitespace and # comments
// between), and the one whitespace byte after them.
uint64_t pnm_header_bytes(std::span<const uint8_t> b) {
    size_t i = 2;
    for (int field = 0; field < 3; ++field) {
        while (i < b.size() && (std::isspace(b[i]) || b[i] == '#'))
            if (b[i] == '#')
                while (i < b.size() && b[i] != '\n') ++i;
            else
                ++i;
        while (i < b.size() && std::isdigit(b[i])) ++i;
    }
    return i + 1;
}

// The fewest bytes a w x h image holds in the formats stb_image reads without noticing a truncation, 0 for the
// others: an uncompressed TGA (types 1-3) or a run-length one (9-11), an uncompressed (BI_RGB) BMP, a binary PNM.
// stb_image reads past the end of such a file as zeros or leaves the rest unwritten, so a truncated one would decode to
// black or to stale memory.
uint64_t uncompressed_bytes(std::span<const uint8_t> b, uint64_t w, uint64_t h) {
    const std::string format = format_of(b);
    if (format == "pnm") // 16-bit samples when the largest value is over 255
        return pnm_header_bytes(b) +
               w * h * (b[1] == '6' ? 3 : 1) * (stbi_is_16_bit_from_memory(b.data(), stb_len(b)) ? 2 : 1);
    if (format == "tga" && b.size() >= 3 && b[2] >= 1 && b[2] <= 3) // a header cut short holds no pixel either
        return b.size() < 18 ? 18 + w * h : w * h * std::max(1, b[16] / 8);
    if (format == "tga" && b.size() >= 3 && b[2] >= 9 && b[2] <= 11) // run-length: a packet holds at most 128 pixels
        return 18 + (w * h + 127) / 128 * (1 + (b.size() < 18 ? 1 : std::max(1, b[16] / 8)));
    if (format == "bmp" && b.size() >= 34 && le32(b.data() + 30) == 0) {
        const uint64_t bits = uint64_t(b[28]) | uint64_t(b[29]) << 8;
        return h * ((w * bits + 31) / 32 * 4);
    }
    return 0;
}

// stb_image takes a file for a JPEG when 0xFF fill bytes come before its start marker (FF FF D8 ...); vrex's
// JPEG test wants FF D8 FF at the start. JPEGs are TurboJPEG's, so such a file never reaches stb's JPEG decoder,
// which left pixels of some corrupt files unwritten (libFuzzer: two decodes of one file differed).
bool jpeg_after_fill_bytes(std::span<const uint8_t> b) {
    size_t i = 0;
    while (i < b.size() && b[i] == 0xFF) ++i;
    return i > 0 && i < b.size() && b[i] == 0xD8;
}

// stb_image 2.27 turns a 16-bit PNM into 4 channels with its 8-bit converter, then reads twice the bytes that wrote:
// pixels from whatever lay beyond (libFuzzer: the same file decoded to other pixels each time). Refused.
bool pnm_16_bit(std::span<const uint8_t> bytes) {
    return format_of(bytes) == "pnm" && stbi_is_16_bit_from_memory(bytes.data(), stb_len(bytes));
}
const char* const k_pnm_16_bit = ": a PNM with 16 bits a sample (largest value over 255), which vrex does not read; "
                                 "save it with 8 bits a sample, or as PNG";

} // namespace

core::Expected<ImageInfo, std::string> stb_probe(std::span<const uint8_t> bytes, const std::string& name) {
    if (jpeg_after_fill_bytes(bytes))
        return core::unexpected(name + ": corrupt JPEG (bytes before its start-of-image marker)");
    if (pnm_16_bit(bytes)) return core::unexpected(name + k_pnm_16_bit);
    // stb_image's own header check refuses very large PNGs with a vague "unknown image type"; read the IHDR size
    // directly so that the caller can say how large the image claims to be.
    if (format_of(bytes) == "png" && bytes.size() >= 24 && std::memcmp(bytes.data() + 12, "IHDR", 4) == 0)
        return ImageInfo{be32(bytes.data() + 16), be32(bytes.data() + 20), "png"};
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(bytes.data(), stb_len(bytes), &w, &h, &comp))
        return core::unexpected(name + ": not an image vrex can read (" + stbi_failure_reason() + ")");
    return ImageInfo{static_cast<uint32_t>(w), static_cast<uint32_t>(h), format_of(bytes)};
}

core::Expected<Image, std::string> stb_decode(std::span<const uint8_t> bytes, const std::string& name) {
    if (jpeg_after_fill_bytes(bytes))
        return core::unexpected(name + ": corrupt JPEG (bytes before its start-of-image marker)");
    int w = 0, h = 0, comp = 0;
    // libFuzzer: a 60-byte TGA claiming 6168x6168 pixels decoded to 152 MB of zeros (seconds of work per try); PNMs
    // cut short decoded differently each time (tests/fuzz/README.md).
    if (stbi_info_from_memory(bytes.data(), stb_len(bytes), &w, &h, &comp) &&
        bytes.size() < uncompressed_bytes(bytes, uint64_t(w), uint64_t(h)))
        return core::unexpected(name + ": truncated image (" + std::to_string(bytes.size()) + " bytes cannot hold " +
                                std::to_string(w) + "x" + std::to_string(h) + " uncompressed pixels)");
    if (pnm_16_bit(bytes)) return core::unexpected(name + k_pnm_16_bit);
    stbi_uc* pixels = stbi_load_from_memory(bytes.data(), stb_len(bytes), &w, &h, &comp, 4);
    if (!pixels) return core::unexpected(name + ": corrupt or truncated image (" + stbi_failure_reason() + ")");
    Image img{static_cast<uint32_t>(w), static_cast<uint32_t>(h), {}};
    img.rgba.assign(pixels, pixels + size_t(w) * size_t(h) * 4);
    stbi_image_free(pixels);
    return img;
}

} // namespace vrex::media
