// `vrex tile`: one face at a time (its finest level sampled, then halved level by level), each level's tiles
// encoded by all threads, so that memory holds the source, one face and its half.
#include "media/tile_writer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <numbers>
#include <thread>
#include <turbojpeg.h>

#include "media/tile_sample.hpp"

namespace vrex::media {
namespace {

using detail::PanoramaSource;

// Runs fn(begin, end) over [0, n) in `threads` contiguous parts, on threads of its own.
void parallel_for(int64_t n, int threads, const std::function<void(int64_t, int64_t)>& fn) {
    threads = int(std::clamp<int64_t>(threads, 1, std::max<int64_t>(1, n)));
    if (threads == 1) return fn(0, n);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back([&, t] { fn(n * t / threads, n * (t + 1) / threads); });
    for (auto& th : pool) th.join();
}

// A face texel of an equirect source: the mean of n x n bilinear samples across it, n the equirect texels its width
// spans along a row (one at a face's centre when the face is W/π; a row of the equirect shrinks by cos(pitch) towards
// the poles, so there a texel spans many, and one sample of them aliases: the lines of a grid near a pole broke up).
std::array<float, 3> face_texel(const PanoramaSource& src, CubeFace face, int size, int x, int y) {
    const double u = (x + 0.5) / size, v = (y + 0.5) / size;
    const detail::Vec3 d = detail::face_direction(face, u, v);
    if (src.is_faces()) return src.sample(d);
    const double a = 2 * u - 1, b = 2 * v - 1, r2 = 1 + a * a + b * b;
    const double texel_angle = (2.0 / size) / std::sqrt(r2); // radians, across the texel (the larger way)
    const double cos_pitch = std::sqrt(d.x * d.x + d.z * d.z) / std::sqrt(d.x * d.x + d.y * d.y + d.z * d.z);
    const double spans = texel_angle * src.width() / (2 * std::numbers::pi) / std::max(cos_pitch, 1e-3);
    const int n = std::clamp(int(std::ceil(spans - 0.25)), 1, 8);
    if (n == 1) return src.sample(d);
    std::array<float, 3> sum{};
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            const auto c =
                src.sample(detail::face_direction(face, (x + (i + 0.5) / n) / size, (y + (j + 0.5) / n) / size));
            for (size_t k = 0; k < 3; ++k) sum[k] += c[k] / float(n * n);
        }
    return sum;
}

Image sample_face(const PanoramaSource& src, CubeFace face, int size, int threads) {
    Image img{uint32_t(size), uint32_t(size), std::vector<uint8_t>(size_t(size) * size_t(size) * 4)};
    if (src.is_faces() && uint32_t(size) == src.width()) { // the faces are the finest level as they are
        const detail::SourcePixels& f = src.face(face);
        for (size_t i = 0; i < size_t(size) * size_t(size); ++i) {
            std::copy_n(&f.pixels[i * size_t(f.channels)], 3, &img.rgba[i * 4]);
            img.rgba[i * 4 + 3] = 255;
        }
        return img;
    }
    parallel_for(size, threads, [&](int64_t y0, int64_t y1) {
        for (int64_t y = y0; y < y1; ++y)
            for (int x = 0; x < size; ++x) {
                const auto c = face_texel(src, face, size, x, int(y));
                uint8_t* p = &img.rgba[(size_t(y) * size_t(size) + size_t(x)) * 4];
                p[0] = detail::to_srgb(c[0]), p[1] = detail::to_srgb(c[1]), p[2] = detail::to_srgb(c[2]), p[3] = 255;
            }
    });
    return img;
}

Image halve(const Image& src, int threads) {
    Image dst{std::max(1u, src.width / 2), std::max(1u, src.height / 2), {}};
    dst.rgba.resize(size_t(dst.width) * dst.height * 4);
    const PixelRows from{const_cast<uint8_t*>(src.rgba.data()), size_t(src.width) * 4, src.width, src.height};
    const PixelRows to{dst.rgba.data(), size_t(dst.width) * 4, dst.width, dst.height};
    parallel_for(dst.height, threads,
                 [&](int64_t y0, int64_t y1) { downscale_half_rows(from, to, uint32_t(y0), uint32_t(y1)); });
    return dst;
}

// JPEG of a w x h window of `rows` (RGBA, `pitch` bytes a row) written to `file`; "" or the error.
std::string write_jpeg(tjhandle tj, const uint8_t* rows, int w, int pitch, int h, int quality,
                       const std::filesystem::path& file) {
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    if (tjCompress2(tj, rows, w, pitch, h, TJPF_RGBA, &jpeg, &size, TJSAMP_420, quality, TJFLAG_ACCURATEDCT) != 0)
        return file.string() + ": JPEG encoding failed (" + tjGetErrorStr2(tj) + ")";
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(jpeg), std::streamsize(size));
    tjFree(jpeg);
    return out ? std::string() : file.string() + ": cannot write";
}

// Every tile of one face at one level, encoded by all threads.
std::string write_tiles(const Image& face_img, int level, CubeFace face, int tile_size,
                        const std::filesystem::path& folder, const TileWriterOptions& o, int threads) {
    const int size = int(face_img.width), n = (size + tile_size - 1) / tile_size;
    std::error_code ec;
    std::filesystem::create_directories(folder / vrex_tile_file({level, face, 0, 0}, "jpg").parent_path(), ec);
    if (ec) return folder.string() + ": cannot make folders (" + ec.message() + ")";
    std::string error; // the first failure's, written by the thread that failed first
    std::atomic<int> failed{0};
    parallel_for(int64_t(n) * n, threads, [&](int64_t b, int64_t e) {
        tjhandle tj = tjInitCompress();
        for (int64_t i = b; i < e && failed == 0; ++i) {
            const int x = int(i % n), y = int(i / n);
            const int w = std::min(tile_size, size - x * tile_size), h = std::min(tile_size, size - y * tile_size);
            const uint8_t* origin = &face_img.rgba[(size_t(y) * tile_size * size + size_t(x) * tile_size) * 4];
            std::string err =
                write_jpeg(tj, origin, w, size * 4, h, o.quality, folder / vrex_tile_file({level, face, x, y}, "jpg"));
            if (!err.empty() && failed.fetch_add(1) == 0) error = err;
        }
        tjDestroy(tj);
    });
    return failed ? error : std::string();
}

// The preview equirect: each pixel the mean of 4x4 directions across it, in linear light.
std::string write_preview(const PanoramaSource& src, const std::filesystem::path& file, const TileWriterOptions& o,
                          int threads) {
    const int w = std::max(8, o.preview_width), h = w / 2;
    std::vector<uint8_t> rgba(size_t(w) * h * 4);
    parallel_for(h, threads, [&](int64_t y0, int64_t y1) {
        for (int64_t y = y0; y < y1; ++y)
            for (int x = 0; x < w; ++x) {
                std::array<float, 3> sum{};
                for (int j = 0; j < 4; ++j)
                    for (int i = 0; i < 4; ++i) {
                        const double yaw = ((x + (i + 0.5) / 4) / w - 0.5) * 2 * std::numbers::pi;
                        const double pitch = (0.5 - (y + (j + 0.5) / 4) / h) * std::numbers::pi;
                        const auto c = src.sample(
                            {std::sin(yaw) * std::cos(pitch), std::sin(pitch), -std::cos(yaw) * std::cos(pitch)});
                        for (int k = 0; k < 3; ++k) sum[size_t(k)] += c[size_t(k)] / 16;
                    }
                uint8_t* p = &rgba[(size_t(y) * w + x) * 4];
                p[0] = detail::to_srgb(sum[0]), p[1] = detail::to_srgb(sum[1]), p[2] = detail::to_srgb(sum[2]);
                p[3] = 255;
            }
    });
    tjhandle tj = tjInitCompress();
    std::string err = write_jpeg(tj, rgba.data(), w, w * 4, h, o.quality, file);
    tjDestroy(tj);
    return err;
}

std::string check_options(const TileWriterOptions& o) {
    if (o.tile_size < 16 || o.tile_size > 4096) return "tile size must be 16 to 4096 pixels";
    if (o.quality < 1 || o.quality > 100) return "JPEG quality must be 1 to 100";
    if (o.preview_width < 8 || o.preview_width > 8192) return "preview size must be 8 to 8192 pixels";
    return {};
}

} // namespace

int tile_face_size(uint32_t equirect_width) {
    return (int(std::ceil(std::max(1.0, equirect_width / std::numbers::pi))) + 7) / 8 * 8;
}

std::vector<TileLevel> tile_levels(int finest_face_size, int tile_size) {
    std::vector<TileLevel> levels{{finest_face_size, tile_size}};
    while (levels.back().face_size > tile_size) levels.push_back({std::max(1, levels.back().face_size / 2), tile_size});
    std::reverse(levels.begin(), levels.end());
    return levels;
}

core::Expected<TileWriterResult, std::string> write_tile_pyramid(const std::vector<std::filesystem::path>& sources,
                                                                 const std::filesystem::path& folder,
                                                                 const TileWriterOptions& o) {
    if (auto e = check_options(o); !e.empty()) return core::unexpected(e);
    auto src = PanoramaSource::load(sources);
    if (!src) return core::unexpected(src.error());
    const int threads = o.threads > 0 ? o.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    TileWriterResult result;
    result.manifest.levels = tile_levels(src->finest_face_size(), o.tile_size);
    result.manifest.source_width = int(src->width());
    result.manifest.source_height = int(src->height());
    result.manifest.source_kind = src->is_faces() ? "faces" : "equirect";
    result.manifest.preview = "preview.jpg";
    const auto& levels = result.manifest.levels;
    int64_t total = 0;
    for (const TileLevel& l : levels) total += int64_t(k_cube_faces) * l.tiles_per_side() * l.tiles_per_side();
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    std::filesystem::remove(folder / k_vrex_manifest, ec); // a pyramid half replaced must not read as whole
    for (int f = 0; f < k_cube_faces; ++f) {
        Image img = sample_face(*src, CubeFace(f), levels.back().face_size, threads);
        for (int l = int(levels.size()) - 1; l >= 0; --l) {
            if (l < int(levels.size()) - 1) img = halve(img, threads);
            if (auto e = write_tiles(img, l, CubeFace(f), o.tile_size, folder, o, threads); !e.empty())
                return core::unexpected(e);
            result.tiles += int64_t(levels[size_t(l)].tiles_per_side()) * levels[size_t(l)].tiles_per_side();
            if (o.progress) o.progress(result.tiles, total);
        }
    }
    if (auto e = write_preview(*src, folder / result.manifest.preview, o, threads); !e.empty())
        return core::unexpected(e);
    std::ofstream(folder / k_vrex_manifest) << vrex_manifest_json(result.manifest);
    if (!std::filesystem::is_regular_file(folder / k_vrex_manifest, ec))
        return core::unexpected((folder / k_vrex_manifest).string() + ": cannot write");
    return result;
}

} // namespace vrex::media
