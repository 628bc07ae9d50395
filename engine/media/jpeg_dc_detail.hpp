#pragma once
// Shared by jpeg_dc_parse.cpp (markers), jpeg_dc.cpp (entropy decode) and jpeg_dc_image.cpp (the picture): a JPEG's
// frame as the DC decode needs it.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "media/image.hpp"

namespace vrex::media::jpeg_dc {

struct HuffmanSpec {
    std::array<uint8_t, 17> counts{}; // counts[l]: codes of length l (1..16)
    std::vector<uint8_t> symbols;
    bool defined = false;
};

struct Component {
    uint8_t id = 0;
    uint8_t h = 1, v = 1; // sampling factors
    uint8_t quant = 0;    // quantisation table
    uint8_t dc_table = 0, ac_table = 0;
};

struct Frame {
    uint32_t width = 0, height = 0;
    std::vector<Component> components;  // in the scan's order (the order of blocks in an MCU)
    std::array<uint16_t, 4> dc_quant{}; // each table's DC step
    std::array<HuffmanSpec, 4> dc, ac;
    std::span<const uint8_t> entropy; // the scan's data, byte-stuffed, up to the marker that ends it
};

// The frame of a baseline, single-scan JPEG; an error (without the file's name) for anything this decode does not
// take: progressive or arithmetic coding, 12 bits, restart intervals, Adobe RGB/CMYK, several scans.
core::Expected<Frame, std::string> parse(std::span<const uint8_t> bytes);

// Byte stuffing (T.81 F.1.2.3): in `entropy` every 0xFF is followed by a stuffed 0x00 (parse ends the data at any
// other byte after 0xFF, and drops a 0xFF at the very end). `stuffed_count` counts them in a part; `unstuff` copies a
// part without them and returns the bytes written (its size less the count).
size_t stuffed_count(std::span<const uint8_t> part);
size_t unstuff(std::span<const uint8_t> part, uint8_t* out);

// The MCU grid, and where each component's blocks land in its own plane of DC values.
struct Layout {
    uint32_t mcus_x = 0, mcus_y = 0;
    int hmax = 1, vmax = 1;
    std::vector<uint32_t> plane_w, plane_h; // blocks per row and column of each component's plane
};

Layout layout_of(const Frame& f);

// Each component's DC differences summed over the first `mcus` MCUs (wrapping; libjpeg's predictor at the next MCU).
std::array<uint32_t, 4> dc_sums(std::span<const uint8_t> blocks, const int16_t* diffs, size_t mcus);

// The 1/8 picture: `blocks` holds the component of each block of an MCU, `diffs` the DC differences of every block in
// MCU order (blocks.size() per MCU, layout.mcus_x * layout.mcus_y MCUs).
Image image_of(const Frame& f, const Layout& l, std::span<const uint8_t> blocks, const std::vector<int16_t>& diffs);

} // namespace vrex::media::jpeg_dc
