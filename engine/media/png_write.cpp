#include "media/png_write.hpp"

#include <csetjmp>
#include <png.h>
#include <vector>

#include "core/file.hpp"

namespace vrex::media {
namespace {

void append(png_structp png, png_bytep data, png_size_t size) {
    auto* out = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(png));
    out->insert(out->end(), data, data + size);
}

void no_flush(png_structp) {}

// libpng reports errors by longjmp; nothing with a destructor may live between setjmp and the calls.
bool encode(const Image& image, std::vector<uint8_t>& out) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    std::vector<png_bytep> rows(image.height);
    for (uint32_t y = 0; y < image.height; ++y)
        rows[y] = const_cast<png_bytep>(image.rgba.data() + size_t(y) * image.width * 4);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_set_write_fn(png, &out, append, no_flush);
    // Level 3 with the default adaptive filters: about 3x faster than stb_image_write at level 8 for photos, and
    // files of about the same size.
    png_set_compression_level(png, 3);
    png_set_IHDR(png, info, image.width, image.height, 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_sRGB(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
    png_set_rows(png, info, rows.data());
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

} // namespace

core::Expected<bool, std::string> write_png(const std::filesystem::path& path, const Image& image) {
    std::vector<uint8_t> png;
    if (image.width == 0 || image.height == 0 || !encode(image, png))
        return core::unexpected("cannot encode " + path.string() + " as PNG");
    return core::write_file_atomic(path, png.data(), png.size());
}

} // namespace vrex::media
