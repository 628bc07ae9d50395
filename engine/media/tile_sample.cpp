// The source of `vrex tile`: decoding (a JPEG equirect past decode_image's 1 GiB limit, as RGB) and sampling by
// direction in linear light.
#include "media/tile_sample.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <turbojpeg.h>

#include "core/file.hpp"
#include "media/image.hpp"
#include "media/srgb.hpp"
#include "media/tile_writer.hpp"

namespace vrex::media::detail {
namespace {

constexpr uint32_t k_max_equirect_width = 32768;
constexpr uint32_t k_max_equirect_height = 16384;

struct Tables {
    std::array<float, 256> linear{};
    std::array<uint8_t, 4096> srgb{};
    Tables() {
        for (int i = 0; i < 256; ++i) linear[size_t(i)] = srgb_to_linear(uint8_t(i));
        for (int i = 0; i < 4096; ++i) srgb[size_t(i)] = linear_to_srgb(float(i) / 4095.0f);
    }
};
const Tables& tables() {
    static const Tables t;
    return t;
}

bool is_jpeg(const std::vector<uint8_t>& b) {
    return b.size() > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
}

// A JPEG decoded whole to RGB, without decode_image's 1 GiB cap: 32768 x 16384 takes 1.5 GiB.
core::Expected<SourcePixels, std::string> decode_big_jpeg(const std::vector<uint8_t>& bytes, const std::string& name) {
    tjhandle tj = tjInitDecompress();
    if (!tj) return core::unexpected(name + ": cannot start the JPEG decoder");
    int w = 0, h = 0, sub = 0, space = 0;
    SourcePixels out;
    std::string error;
    if (tjDecompressHeader3(tj, bytes.data(), static_cast<unsigned long>(bytes.size()), &w, &h, &sub, &space) != 0) {
        error = name + ": not a JPEG vrex can read (" + tjGetErrorStr2(tj) + ")";
    } else if (w < 1 || h < 1 || uint32_t(w) > k_max_equirect_width || uint32_t(h) > k_max_equirect_height) {
        error = name + ": " + std::to_string(w) + "x" + std::to_string(h) + " is over vrex tile's limit of 32768x16384";
    } else {
        out = {uint32_t(w), uint32_t(h), 3, std::vector<uint8_t>(size_t(w) * size_t(h) * 3)};
        if (tjDecompress2(tj, bytes.data(), static_cast<unsigned long>(bytes.size()), out.pixels.data(), w, 0, h,
                          TJPF_RGB, TJFLAG_STOPONWARNING) != 0)
            error = name + ": corrupt or truncated JPEG (" + tjGetErrorStr2(tj) + ")";
    }
    tjDestroy(tj);
    if (!error.empty()) return core::unexpected(error);
    return out;
}

core::Expected<SourcePixels, std::string> decode_source(const std::filesystem::path& path) {
    auto bytes = core::read_file(path);
    if (!bytes) return core::unexpected(bytes.error());
    if (is_jpeg(*bytes)) return decode_big_jpeg(*bytes, path.string());
    auto img = decode_image_memory(*bytes, path.string());
    if (!img) return core::unexpected(img.error());
    return SourcePixels{img->width, img->height, 4, std::move(img->rgba)};
}

std::array<float, 3> bilinear(const SourcePixels& img, double x, double y, bool wrap_x) {
    const double fx = std::floor(x), fy = std::floor(y);
    const float ax = float(x - fx), ay = float(y - fy);
    const int64_t w = img.width, h = img.height;
    auto col = [&](int64_t c) { return wrap_x ? ((c % w) + w) % w : std::clamp<int64_t>(c, 0, w - 1); };
    const int64_t x0 = col(int64_t(fx)), x1 = col(int64_t(fx) + 1);
    const int64_t y0 = std::clamp<int64_t>(int64_t(fy), 0, h - 1), y1 = std::clamp<int64_t>(int64_t(fy) + 1, 0, h - 1);
    const auto& lin = tables().linear;
    const uint8_t *p00 = img.at(uint32_t(x0), uint32_t(y0)), *p10 = img.at(uint32_t(x1), uint32_t(y0));
    const uint8_t *p01 = img.at(uint32_t(x0), uint32_t(y1)), *p11 = img.at(uint32_t(x1), uint32_t(y1));
    std::array<float, 3> c{};
    for (int k = 0; k < 3; ++k) {
        const float top = lin[p00[k]] + (lin[p10[k]] - lin[p00[k]]) * ax;
        const float bottom = lin[p01[k]] + (lin[p11[k]] - lin[p01[k]]) * ax;
        c[size_t(k)] = top + (bottom - top) * ay;
    }
    return c;
}

// Which face shows `d`, and where (the inverse of face_direction; faces_to_cube.comp's face_uv).
CubeFace face_uv(const Vec3& d, double& u, double& v) {
    const double ax = std::abs(d.x), ay = std::abs(d.y), az = std::abs(d.z);
    if (az >= ax && az >= ay) {
        u = d.z < 0 ? 0.5 + 0.5 * d.x / az : 0.5 - 0.5 * d.x / az;
        v = 0.5 - 0.5 * d.y / az;
        return d.z < 0 ? CubeFace::front : CubeFace::back;
    }
    if (ax >= ay) {
        u = d.x > 0 ? 0.5 + 0.5 * d.z / ax : 0.5 - 0.5 * d.z / ax;
        v = 0.5 - 0.5 * d.y / ax;
        return d.x > 0 ? CubeFace::right : CubeFace::left;
    }
    u = 0.5 + 0.5 * d.x / ay;
    v = d.y > 0 ? 0.5 - 0.5 * d.z / ay : 0.5 + 0.5 * d.z / ay;
    return d.y > 0 ? CubeFace::up : CubeFace::down;
}

} // namespace

Vec3 face_direction(CubeFace face, double u, double v) {
    const double c = 2 * u - 1, d = 2 * v - 1;
    switch (face) {
    case CubeFace::front:
        return {c, -d, -1};
    case CubeFace::right:
        return {1, -d, c};
    case CubeFace::back:
        return {-c, -d, 1};
    case CubeFace::left:
        return {-1, -d, -c};
    case CubeFace::up:
        return {c, 1, -d};
    case CubeFace::down:
        break;
    }
    return {c, -1, d};
}

float to_linear(uint8_t v) {
    return tables().linear[v];
}

uint8_t to_srgb(float linear) {
    const float i = std::clamp(linear, 0.0f, 1.0f) * 4095.0f + 0.5f;
    return tables().srgb[size_t(i)];
}

core::Expected<PanoramaSource, std::string> PanoramaSource::load(const std::vector<std::filesystem::path>& files) {
    if (files.size() != 1 && files.size() != 6)
        return core::unexpected("give one equirect or six cube faces (front, right, back, left, up, down), not " +
                                std::to_string(files.size()) + " files");
    PanoramaSource s;
    s.m_faces = files.size() == 6;
    for (const auto& file : files) {
        auto img = decode_source(file);
        if (!img) return core::unexpected(img.error());
        s.m_images.push_back(std::move(*img));
    }
    const SourcePixels& first = s.m_images.front();
    if (!s.m_faces && first.width != 2 * first.height)
        return core::unexpected(files.front().string() + ": " + std::to_string(first.width) + "x" +
                                std::to_string(first.height) + " is not a 2:1 equirect");
    for (size_t i = 0; s.m_faces && i < 6; ++i)
        if (s.m_images[i].width != s.m_images[i].height || s.m_images[i].width != first.width)
            return core::unexpected(files[i].string() + ": cube faces must be square and of one size (" +
                                    std::to_string(s.m_images[i].width) + "x" + std::to_string(s.m_images[i].height) +
                                    ", the first is " + std::to_string(first.width) + ")");
    return s;
}

int PanoramaSource::finest_face_size() const {
    return m_faces ? int(width()) : tile_face_size(width());
}

std::array<float, 3> PanoramaSource::sample(const Vec3& d) const {
    if (m_faces) {
        double u = 0, v = 0;
        const SourcePixels& img = m_images[size_t(face_uv(d, u, v))];
        return bilinear(img, u * img.width - 0.5, v * img.height - 0.5, false);
    }
    const double yaw = std::atan2(d.x, -d.z), pitch = std::atan2(d.y, std::hypot(d.x, d.z));
    const SourcePixels& img = m_images.front();
    const double u = 0.5 + yaw / (2 * std::numbers::pi), v = 0.5 - pitch / std::numbers::pi;
    return bilinear(img, u * img.width - 0.5, v * img.height - 0.5, true);
}

} // namespace vrex::media::detail
