#pragma once
// A baseline JPEG decoded on two cores. A file without restart markers has no known place where its Huffman-coded
// data can be cut, but the preview's DC decode (jpeg_dc.hpp) finds one as it goes: the start of an MCU row and the DC
// values there (JpegDcCut). libjpeg decodes the rows above the cut from the file as it is, and, on a second thread,
// the rows below from a JPEG of their own: the file's header with the height of the rows left, and the data from the
// cut, whose first MCU's DC differences are made the DC values (a decoder starts from zero) and which is stuffed
// again. Each part decodes one MCU row past its half for the chroma upsampling's context, so the picture is the
// file's, bit for bit, as TurboJPEG decodes it whole.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "media/image.hpp"
#include "media/jpeg_dc.hpp"

namespace vrex::media {

// The JPEG of the rows from MCU row cut.mcu_row on. An error when the file's Huffman tables have no code for a DC
// value it needs (an encoder's optimised tables hold only the sizes it used), or the cut does not fit the file.
core::Expected<std::vector<uint8_t>, std::string> jpeg_from_row(std::span<const uint8_t> bytes, const JpegDcCut& cut);

// Decodes the JPEG `bytes` into `dst` (its size the JPEG's, RGBA) on two threads, split below MCU row cut.mcu_row.
// Returns "" or what went wrong (the caller then decodes it whole).
std::string decode_jpeg_halves(std::span<const uint8_t> bytes, const JpegDcCut& cut, const PixelRows& dst);

// One cut kept for the next full decode of the same bytes: the preview's DC decode leaves it, the full decode takes
// it. Matched by size and a hash of the bytes, so a file changed in between is decoded whole.
void keep_cut(std::span<const uint8_t> bytes, JpegDcCut cut);
std::optional<JpegDcCut> take_cut(std::span<const uint8_t> bytes);

} // namespace vrex::media
