#pragma once
// stb_image for everything that is not JPEG. Internal to media/.
#include <span>
#include <string>

#include "core/expected.hpp"
#include "media/image.hpp"

namespace vrex::media {

core::Expected<ImageInfo, std::string> stb_probe(std::span<const uint8_t> bytes, const std::string& name);
// Call only after stb_probe accepted the size.
core::Expected<Image, std::string> stb_decode(std::span<const uint8_t> bytes, const std::string& name);

} // namespace vrex::media
