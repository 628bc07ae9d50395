#include "media/png_write.hpp"

#include <stb/stb_image_write.h>
#include <vector>

#include "core/file.hpp"

namespace vrex::media {

core::Expected<bool, std::string> write_png(const std::filesystem::path& path, const Image& image) {
    std::vector<uint8_t> png;
    auto append = [](void* ctx, void* data, int size) {
        auto* out = static_cast<std::vector<uint8_t>*>(ctx);
        const auto* bytes = static_cast<const uint8_t*>(data);
        out->insert(out->end(), bytes, bytes + size);
    };
    if (!stbi_write_png_to_func(append, &png, int(image.width), int(image.height), 4, image.rgba.data(),
                                int(image.width * 4)))
        return core::unexpected("cannot encode " + path.string() + " as PNG");
    return core::write_file_atomic(path, png.data(), png.size());
}

} // namespace vrex::media
