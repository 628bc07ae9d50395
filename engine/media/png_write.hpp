#pragma once
#include <filesystem>
#include <string>

#include "core/expected.hpp"
#include "media/image.hpp"

namespace vrex::media {

// Writes RGBA8 (sRGB) as PNG, atomically (temporary file + rename).
core::Expected<bool, std::string> write_png(const std::filesystem::path& path, const Image& image);

} // namespace vrex::media
