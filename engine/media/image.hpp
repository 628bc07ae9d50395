#pragma once
// Decoded images on the CPU. JPEG through TurboJPEG, PNG/BMP/TGA/HDR/... through stb_image.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace vrex::media {

// Largest image vrex decodes: 32768 px on a side and 1 GiB of decoded RGBA8 (e.g. 16384 x 16384).
inline constexpr uint32_t k_max_image_side = 32768;
inline constexpr uint64_t k_max_image_bytes = 1ull << 30;
// Largest image file vrex reads (a 16384 x 16384 PNG of noise is under 1 GiB); a larger file is refused unread.
inline constexpr uint64_t k_max_image_file_bytes = 1ull << 30;

// 8-bit RGBA, sRGB-encoded, rows top to bottom.
struct Image {
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint8_t> rgba;

    size_t byte_size() const { return rgba.size(); }
};

struct ImageInfo {
    uint32_t width = 0;
    uint32_t height = 0;
    std::string format; // "jpeg", "png", "hdr", ...
};

// Reads only the header (the file's first MiB; all of it, up to k_max_image_file_bytes, only when a JPEG's frame
// header lies further in), and refuses what the decoders would: sizes over the limits above, files over
// k_max_image_file_bytes, anything but a plain file (a FIFO is not opened for long). The error names the file:
// "x.jpg: not an image (or a format vrex cannot read)". probe_image_memory reads the size alone, whatever it is.
core::Expected<ImageInfo, std::string> probe_image(const std::filesystem::path& path);
core::Expected<ImageInfo, std::string> probe_image_memory(std::span<const uint8_t> bytes, const std::string& name);

// Decodes to RGBA8. Refuses images over the limits above before allocating, and corrupt or truncated files.
// HDR images are tone-mapped to 8 bits (gamma 2.2, exposure 1) until HDR rendering exists.
core::Expected<Image, std::string> decode_image(const std::filesystem::path& path);
core::Expected<Image, std::string> decode_image_memory(std::span<const uint8_t> bytes, const std::string& name);

// A quick, reduced decode for a first picture: a JPEG decoded at 1/2, 1/4 or 1/8 of its size by TurboJPEG's DCT
// scaling (the smallest of those still at least `min_width` pixels wide), in a fraction of a full decode's time, with
// the colours of the full decode, only coarser; at 1/8 a baseline JPEG is decoded from its DC coefficients on
// several threads (decode_jpeg_dc, jpeg_dc.hpp: the same luma, chroma a little softer where it is subsampled). The
// limits above hold for the full size. Other formats have no such decode, and a JPEG no wider than 2 * min_width gains
// nothing from one: both are errors that say so (decode in full).
core::Expected<Image, std::string> decode_image_reduced(const std::filesystem::path& path, uint32_t min_width);
core::Expected<Image, std::string> decode_image_reduced_memory(std::span<const uint8_t> bytes, const std::string& name,
                                                               uint32_t min_width);

// Rows of RGBA8 texels somewhere in memory, `row_pitch` bytes apart (a decode target, a mip level).
struct PixelRows {
    uint8_t* data = nullptr;
    size_t row_pitch = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    uint8_t* row(uint32_t y) const { return data + size_t(y) * row_pitch; }
};
// Called once the size is known and checked against the limits; says where the decode writes (e.g. mapped GPU
// memory), or why it cannot (the error is passed on).
using PixelAllocator = std::function<core::Expected<PixelRows, std::string>(uint32_t width, uint32_t height)>;

// decode_image_memory into memory the caller provides: a JPEG is decoded straight into it (no copy, no fresh pages),
// other formats are decoded and then copied. Same limits and errors; returns the image's size.
core::Expected<ImageInfo, std::string> decode_image_into(std::span<const uint8_t> bytes, const std::string& name,
                                                         const PixelAllocator& allocate);

// Halves both sides with a 2x2 box filter in linear light (for images larger than the GPU allows).
Image downscale_half(const Image& image);
// The same from `src` into `dst` (max(1, w/2) x max(1, h/2)), rows [y_begin, y_end) of dst only, so that threads can
// share the work. An odd last row or column is averaged with itself. Table-driven: about 5 ns a texel.
void downscale_half_rows(const PixelRows& src, const PixelRows& dst, uint32_t y_begin, uint32_t y_end);

} // namespace vrex::media
