#include "media/preview_cache.hpp"

#include <turbojpeg.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <spdlog/spdlog.h>

#include "core/file.hpp"

namespace vrex::media {
namespace {

constexpr int k_quality = 90;

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
    for (const unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

} // namespace

std::filesystem::path PreviewCache::default_dir() {
    return core::user_cache_path("VREX_PREVIEW_CACHE", "previews");
}

std::optional<std::filesystem::path> PreviewCache::entry(const std::filesystem::path& path, uint32_t min_width) const {
    if (m_dir.empty()) return std::nullopt;
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::weakly_canonical(path, ec);
    if (ec) return std::nullopt;
    const auto size = std::filesystem::file_size(absolute, ec);
    if (ec) return std::nullopt;
    const auto modified = std::filesystem::last_write_time(absolute, ec);
    if (ec) return std::nullopt;
    const std::string key = absolute.string() + '\n' + std::to_string(size) + '\n' +
                            std::to_string(modified.time_since_epoch().count()) + '\n' + std::to_string(min_width);
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.jpg", static_cast<unsigned long long>(fnv1a(key)));
    return m_dir / name;
}

core::Expected<PreviewCache::Preview, std::string> PreviewCache::load(const std::filesystem::path& path,
                                                                      uint32_t min_width) const {
    const std::optional<std::filesystem::path> cached = entry(path, min_width);
    if (cached) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(*cached, ec)) {
            auto image = decode_image(*cached);
            if (image && image->width >= min_width) return Preview{std::move(*image), true};
            spdlog::warn("preview cache: {} is damaged; decoding {} again", cached->string(), path.string());
        }
    }
    auto reduced = decode_image_reduced(path, min_width);
    if (!reduced) return core::unexpected(reduced.error());
    if (cached) {
        auto jpeg = encode_jpeg(*reduced, k_quality);
        std::error_code ec;
        std::filesystem::create_directories(cached->parent_path(), ec);
        auto written = jpeg ? core::write_file_atomic(*cached, jpeg->data(), jpeg->size())
                            : core::Expected<bool, std::string>(core::unexpected(jpeg.error()));
        if (!written) spdlog::warn("preview cache: cannot keep the preview of {}: {}", path.string(), written.error());
    }
    return Preview{std::move(*reduced), false};
}

core::Expected<std::vector<uint8_t>, std::string> encode_jpeg(const Image& image, int quality) {
    tjhandle tj = tjInitCompress();
    if (!tj) return core::unexpected(std::string("cannot start the JPEG encoder"));
    unsigned char* out = nullptr;
    unsigned long size = 0;
    const int r = tjCompress2(tj, image.rgba.data(), int(image.width), 0, int(image.height), TJPF_RGBA, &out, &size,
                              TJSAMP_444, quality, 0);
    std::string error = r != 0 ? std::string("JPEG encoding failed: ") + tjGetErrorStr2(tj) : std::string();
    std::vector<uint8_t> bytes;
    if (r == 0) bytes.assign(out, out + size);
    tjFree(out);
    tjDestroy(tj);
    if (!error.empty()) return core::unexpected(error);
    return bytes;
}

} // namespace vrex::media
