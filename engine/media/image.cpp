#include "media/image.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <spdlog/spdlog.h>
#include <turbojpeg.h>

#include "core/buffer_pool.hpp"
#include "core/file.hpp"
#include "media/jpeg_band.hpp"
#include "media/jpeg_dc.hpp"
#include "media/srgb.hpp"
#include "media/stb_decode.hpp"

namespace vrex::media {
namespace {

// Pictures shorter than this decode whole: two threads gain little on them.
constexpr uint32_t k_min_halves_height = 1024;

bool is_jpeg(std::span<const uint8_t> b) {
    return b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
}

// Size check shared by probe and decode: the limits are documented in image.hpp and README.
std::string size_problem(const std::string& name, uint32_t w, uint32_t h) {
    if (w == 0 || h == 0) return name + ": image has no pixels (" + std::to_string(w) + "x" + std::to_string(h) + ")";
    if (w > k_max_image_side || h > k_max_image_side || uint64_t(w) * h * 4 > k_max_image_bytes)
        return name + ": image is " + std::to_string(w) + "x" + std::to_string(h) + ", larger than vrex accepts (" +
               std::to_string(k_max_image_side) + " px on a side, 1 GiB decoded)";
    return {};
}

class TjHandle {
public:
    TjHandle() : m_handle(tjInitDecompress()) {}
    ~TjHandle() {
        if (m_handle) tjDestroy(m_handle);
    }
    TjHandle(const TjHandle&) = delete;
    TjHandle& operator=(const TjHandle&) = delete;
    tjhandle get() const { return m_handle; }

private:
    tjhandle m_handle;
};

core::Expected<ImageInfo, std::string> probe_jpeg(TjHandle& tj, std::span<const uint8_t> bytes,
                                                  const std::string& name) {
    int w = 0, h = 0, subsamp = 0, colorspace = 0;
    if (!tj.get()) return core::unexpected(name + ": cannot start the JPEG decoder");
    if (tjDecompressHeader3(tj.get(), bytes.data(), static_cast<unsigned long>(bytes.size()), &w, &h, &subsamp,
                            &colorspace) != 0)
        return core::unexpected(name + ": corrupt JPEG header (" + tjGetErrorStr2(tj.get()) + ")");
    return ImageInfo{static_cast<uint32_t>(w), static_cast<uint32_t>(h), "jpeg"};
}

core::Expected<ImageInfo, std::string> decode_jpeg_into(std::span<const uint8_t> bytes, const std::string& name,
                                                        const PixelAllocator& allocate) {
    TjHandle tj;
    auto info = probe_jpeg(tj, bytes, name);
    if (!info) return core::unexpected(info.error());
    if (auto p = size_problem(name, info->width, info->height); !p.empty()) return core::unexpected(p);
    auto target = allocate(info->width, info->height);
    if (!target) return core::unexpected(target.error());
    // On two threads where the preview's decode left a cut (the same picture; whole below, should that fail).
    if (auto cut = take_cut(bytes)) {
        const std::string e = decode_jpeg_halves(bytes, *cut, *target);
        if (e.empty()) return info;
        spdlog::debug("{}: decoded whole: {}", name, e);
    }
    // TJFLAG_STOPONWARNING: a truncated file is an error, not a half-grey picture.
    const int r =
        tjDecompress2(tj.get(), bytes.data(), static_cast<unsigned long>(bytes.size()), target->data, int(info->width),
                      int(target->row_pitch), int(info->height), TJPF_RGBA, TJFLAG_STOPONWARNING);
    if (r != 0) return core::unexpected(name + ": corrupt or truncated JPEG (" + tjGetErrorStr2(tj.get()) + ")");
    return info;
}

core::Expected<Image, std::string> decode_jpeg(std::span<const uint8_t> bytes, const std::string& name) {
    Image img;
    auto info = decode_jpeg_into(bytes, name, [&](uint32_t w, uint32_t h) -> core::Expected<PixelRows, std::string> {
        img = Image{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
        return PixelRows{img.rgba.data(), size_t(w) * 4, w, h};
    });
    if (!info) return core::unexpected(info.error());
    return img;
}

// The smallest of TurboJPEG's reducing scales (1/2, 1/4, 1/8) that keeps `width` at least `min_width`; 1/1 when none.
tjscalingfactor reducing_scale(uint32_t width, uint32_t min_width) {
    tjscalingfactor best{1, 1};
    for (const tjscalingfactor f : {tjscalingfactor{1, 2}, tjscalingfactor{1, 4}, tjscalingfactor{1, 8}})
        if (uint32_t(TJSCALED(int(width), f)) >= min_width) best = f;
    return best;
}

} // namespace

core::Expected<Image, std::string> decode_image_reduced_memory(std::span<const uint8_t> bytes, const std::string& name,
                                                               uint32_t min_width) {
    if (!is_jpeg(bytes)) return core::unexpected(name + ": not a JPEG (only a JPEG has a reduced decode)");
    TjHandle tj;
    auto info = probe_jpeg(tj, bytes, name);
    if (!info) return core::unexpected(info.error());
    if (auto p = size_problem(name, info->width, info->height); !p.empty()) return core::unexpected(p);
    const tjscalingfactor f = reducing_scale(info->width, std::max(min_width, 1u));
    if (f.denom == 1) return core::unexpected(name + ": too small to gain from a reduced decode");
    // At 1/8, the DC coefficients alone, the data split between threads (about half of TurboJPEG's time here); a
    // JPEG that decode does not take, or a corrupt one, goes to TurboJPEG, which says what is wrong.
    // Where its data can be cut is kept for the full decode that follows (two threads, jpeg_band.hpp).
    if (f.num == 1 && f.denom == 8) {
        JpegDcCut cut;
        if (auto dc = decode_jpeg_dc(bytes, name, {.cut = &cut}); dc) {
            if (cut.data && info->height >= k_min_halves_height) keep_cut(bytes, std::move(cut));
            return std::move(*dc);
        }
    }
    Image img{uint32_t(TJSCALED(int(info->width), f)), uint32_t(TJSCALED(int(info->height), f)), {}};
    img.rgba.resize(size_t(img.width) * img.height * 4);
    const int r = tjDecompress2(tj.get(), bytes.data(), static_cast<unsigned long>(bytes.size()), img.rgba.data(),
                                int(img.width), 0, int(img.height), TJPF_RGBA, TJFLAG_STOPONWARNING);
    if (r != 0) return core::unexpected(name + ": corrupt or truncated JPEG (" + tjGetErrorStr2(tj.get()) + ")");
    return img;
}

core::Expected<Image, std::string> decode_image_reduced(const std::filesystem::path& path, uint32_t min_width) {
    auto bytes = core::read_file_pooled(path, k_max_image_file_bytes); // a buffer used again from load to load
    if (!bytes) return core::unexpected(bytes.error());
    return decode_image_reduced_memory(bytes->span(), path.string(), min_width);
}

core::Expected<ImageInfo, std::string> probe_image_memory(std::span<const uint8_t> bytes, const std::string& name) {
    if (bytes.empty()) return core::unexpected(name + ": file is empty");
    if (is_jpeg(bytes)) {
        TjHandle tj;
        return probe_jpeg(tj, bytes, name);
    }
    return stb_probe(bytes, name);
}

core::Expected<ImageInfo, std::string> probe_image(const std::filesystem::path& path) {
    constexpr size_t k_head = 1 << 20;
    auto bytes = core::read_file_head(path, k_head);
    if (!bytes) return core::unexpected(bytes.error());
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > k_max_image_file_bytes)
        return core::unexpected(path.string() + ": the file is " + std::to_string(size >> 20) +
                                " MiB, larger than vrex reads (" + std::to_string(k_max_image_file_bytes >> 20) +
                                " MiB)");
    auto info = probe_image_memory(*bytes, path.string());
    // Metadata before the frame header: TurboJPEG answers 0x0 (not an error) for a header cut short.
    if ((!info || info->width == 0 || info->height == 0) && bytes->size() == k_head && is_jpeg(*bytes)) {
        bytes = core::read_file(path, k_max_image_file_bytes);
        if (!bytes) return core::unexpected(bytes.error());
        info = probe_image_memory(*bytes, path.string());
    }
    if (!info) return info;
    if (std::string p = size_problem(path.string(), info->width, info->height); !p.empty()) return core::unexpected(p);
    return info;
}

core::Expected<Image, std::string> decode_image_memory(std::span<const uint8_t> bytes, const std::string& name) {
    if (bytes.empty()) return core::unexpected(name + ": file is empty");
    if (is_jpeg(bytes)) return decode_jpeg(bytes, name);
    auto info = stb_probe(bytes, name);
    if (!info) return core::unexpected(info.error());
    if (auto p = size_problem(name, info->width, info->height); !p.empty()) return core::unexpected(p);
    return stb_decode(bytes, name);
}

core::Expected<ImageInfo, std::string> decode_image_into(std::span<const uint8_t> bytes, const std::string& name,
                                                         const PixelAllocator& allocate) {
    if (bytes.empty()) return core::unexpected(name + ": file is empty");
    if (is_jpeg(bytes)) return decode_jpeg_into(bytes, name, allocate);
    auto img = decode_image_memory(bytes, name);
    if (!img) return core::unexpected(img.error());
    auto target = allocate(img->width, img->height);
    if (!target) return core::unexpected(target.error());
    for (uint32_t y = 0; y < img->height; ++y)
        std::memcpy(target->row(y), &img->rgba[size_t(y) * img->width * 4], size_t(img->width) * 4);
    return ImageInfo{img->width, img->height, "image"};
}

core::Expected<Image, std::string> decode_image(const std::filesystem::path& path) {
    auto bytes = core::read_file(path, k_max_image_file_bytes);
    if (!bytes) return core::unexpected(bytes.error());
    return decode_image_memory(*bytes, path.string());
}

namespace {

// sRGB 8-bit -> linear 16-bit, and linear 16-bit -> sRGB 8-bit (rounded): 128 KiB of tables, built once.
struct SrgbTables {
    std::array<uint16_t, 256> to_linear{};
    std::array<uint8_t, 65536> to_srgb{};
    SrgbTables() {
        for (int i = 0; i < 256; ++i) to_linear[i] = uint16_t(std::lround(srgb_to_linear(uint8_t(i)) * 65535.0f));
        for (int i = 0; i < 65536; ++i) to_srgb[i] = linear_to_srgb(float(i) / 65535.0f);
    }
};

const SrgbTables& srgb_tables() {
    static const SrgbTables tables;
    return tables;
}

} // namespace

void downscale_half_rows(const PixelRows& src, const PixelRows& dst, uint32_t y_begin, uint32_t y_end) {
    const SrgbTables& t = srgb_tables();
    for (uint32_t y = y_begin; y < std::min(y_end, dst.height); ++y) {
        const uint8_t* r0 = src.row(std::min(2 * y, src.height - 1));
        const uint8_t* r1 = src.row(std::min(2 * y + 1, src.height - 1));
        uint8_t* out = dst.row(y);
        for (uint32_t x = 0; x < dst.width; ++x, out += 4) {
            const size_t x0 = size_t(std::min(2 * x, src.width - 1)) * 4;
            const size_t x1 = size_t(std::min(2 * x + 1, src.width - 1)) * 4;
            for (int c = 0; c < 3; ++c) {
                const uint32_t sum = uint32_t(t.to_linear[r0[x0 + c]]) + t.to_linear[r0[x1 + c]] +
                                     t.to_linear[r1[x0 + c]] + t.to_linear[r1[x1 + c]];
                out[c] = t.to_srgb[(sum + 2) >> 2];
            }
            out[3] = uint8_t((r0[x0 + 3] + r0[x1 + 3] + r1[x0 + 3] + r1[x1 + 3] + 2) / 4);
        }
    }
}

Image downscale_half(const Image& src) {
    Image dst{std::max(1u, src.width / 2), std::max(1u, src.height / 2), {}};
    dst.rgba.resize(size_t(dst.width) * dst.height * 4);
    const PixelRows from{const_cast<uint8_t*>(src.rgba.data()), size_t(src.width) * 4, src.width, src.height};
    downscale_half_rows(from, PixelRows{dst.rgba.data(), size_t(dst.width) * 4, dst.width, dst.height}, 0, dst.height);
    return dst;
}

} // namespace vrex::media
