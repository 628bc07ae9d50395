#include "media/stb_decode.hpp"

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

// Formats whose pixels are stored as they are, at least a bit each: an uncompressed TGA, an uncompressed (BI_RGB) BMP,
// PNM. stb_image reads past the end of such a file as zeros, so a truncated one would decode to black.
bool uncompressed(std::span<const uint8_t> b) {
    const std::string format = format_of(b);
    if (format == "pnm") return true;
    if (format == "tga") return b.size() >= 3 && b[2] >= 1 && b[2] <= 3;
    if (format == "bmp") return b.size() >= 34 && le32(b.data() + 30) == 0;
    return false;
}

} // namespace

core::Expected<ImageInfo, std::string> stb_probe(std::span<const uint8_t> bytes, const std::string& name) {
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
    int w = 0, h = 0, comp = 0;
    // libFuzzer: a 60-byte TGA claiming 6168x6168 pixels decoded to 152 MB of zeros (seconds of work per try).
    if (uncompressed(bytes) && stbi_info_from_memory(bytes.data(), stb_len(bytes), &w, &h, &comp) &&
        bytes.size() < uint64_t(w) * uint64_t(h) / 8)
        return core::unexpected(name + ": truncated image (" + std::to_string(bytes.size()) + " bytes cannot hold " +
                                std::to_string(w) + "x" + std::to_string(h) + " uncompressed pixels)");
    stbi_uc* pixels = stbi_load_from_memory(bytes.data(), stb_len(bytes), &w, &h, &comp, 4);
    if (!pixels) return core::unexpected(name + ": corrupt or truncated image (" + stbi_failure_reason() + ")");
    Image img{static_cast<uint32_t>(w), static_cast<uint32_t>(h), {}};
    img.rgba.assign(pixels, pixels + size_t(w) * size_t(h) * 4);
    stbi_image_free(pixels);
    return img;
}

} // namespace vrex::media
