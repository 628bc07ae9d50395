#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace vrex::media {

// Writes RGB8 (sRGB, `width` * 3 bytes a row, top row first) as a baseline JPEG (4:2:0 below quality 95, 4:4:4 from
// it) through TurboJPEG, atomically (temporary file + rename): a failed write leaves no file.
core::Expected<bool, std::string> write_jpeg(const std::filesystem::path& path, const std::vector<uint8_t>& rgb,
                                             uint32_t width, uint32_t height, int quality);

} // namespace vrex::media
