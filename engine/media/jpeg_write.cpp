#include "media/jpeg_write.hpp"

#include <turbojpeg.h>

#include "core/file.hpp"

namespace vrex::media {

core::Expected<bool, std::string> write_jpeg(const std::filesystem::path& path, const std::vector<uint8_t>& rgb,
                                             uint32_t width, uint32_t height, int quality) {
    if (width == 0 || height == 0 || width > 65535 || height > 65535 || rgb.size() != size_t(width) * height * 3)
        return core::unexpected(path.string() + ": a JPEG cannot hold a " + std::to_string(width) + "x" +
                                std::to_string(height) + " image");
    tjhandle tj = tjInitCompress();
    if (!tj) return core::unexpected(std::string("JPEG encoder: ") + tjGetErrorStr2(nullptr));
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    const int sampling = quality >= 95 ? TJSAMP_444 : TJSAMP_420;
    const int r = tjCompress2(tj, rgb.data(), int(width), 0, int(height), TJPF_RGB, &jpeg, &size, sampling, quality,
                              TJFLAG_ACCURATEDCT);
    if (r != 0) {
        std::string reason = tjGetErrorStr2(tj);
        tjDestroy(tj);
        tjFree(jpeg);
        return core::unexpected(path.string() + ": JPEG encoding failed (" + reason + ")");
    }
    auto written = core::write_file_atomic(path, jpeg, size);
    tjFree(jpeg);
    tjDestroy(tj);
    return written;
}

} // namespace vrex::media
