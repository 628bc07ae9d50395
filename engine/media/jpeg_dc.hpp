#pragma once
// A JPEG's 1/8 picture from its DC coefficients alone, with the entropy-coded data split between threads.
//
// A reduced decode has to read all of a JPEG's Huffman-coded data, and that is most of its time: 75-79 ms for an
// 8192x4096 photo on one core here, at any scale. A file without restart markers (most panoramas) cannot be cut at a
// known place, but Huffman codes resynchronise: a decoder started at an arbitrary byte produces garbage for a while
// and then falls into step with the true decode. Each thread decodes a slice from a guessed start, recording where
// its MCUs begin; a pass in order then follows the true decode from one slice into the next until it reaches an MCU
// start the next slice recorded, from where that slice's results are the true ones (its DC differences need only
// the running sums, which the pass supplies). The result is the same as a decode on one thread, bit for bit.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "media/image.hpp"

namespace vrex::media {

// How the work was shared, for tests and benchmarks.
struct JpegDcStats {
    size_t slices = 0;
    size_t mcus = 0;
    size_t mcus_joined = 0; // decoded by the pass in order (not taken from a slice): the cost of falling into step
};

// Where a JPEG's data can be cut in two for a decode on two cores (jpeg_band.hpp): the start of MCU row `mcu_row`
// (a bit offset into the data with its byte stuffing removed, which `data` holds) and each component's DC value
// there (the predictors a decoder starting at that row must begin from), in the scan's order.
struct JpegDcCut {
    uint32_t mcu_row = 0;
    uint64_t bit = 0;
    std::vector<int32_t> dc;
    std::shared_ptr<const uint8_t[]> data;
    uint64_t data_bits = 0; // the data's length
};

struct JpegDcOptions {
    unsigned slices = 0;                 // 0: one per hardware thread, at most 4
    size_t min_slice_bytes = 512 * 1024; // fewer slices for smaller files (threads cost more than they save)
    JpegDcStats* stats = nullptr;
    JpegDcCut* cut = nullptr; // when set: filled in for the MCU row at half the height (unless the decode fails or
                              // the picture has fewer than 4 MCU rows: then `data` stays empty)
};

// The image at 1/8 of the JPEG's size (rounded up), each pixel the mean of an 8x8 block: the luma TurboJPEG's 1/8
// decode gives, exactly; chroma comes from its own blocks' means, upsampled where it is subsampled (TurboJPEG takes a
// 2x2 transform there), so colours agree to within a little blur. Baseline Huffman, 8-bit, greyscale or YCbCr in one
// scan, no restart interval; anything else, or corrupt data, is an error (the caller decodes another way, which says
// what is wrong). The size limits of image.hpp are the caller's to check.
core::Expected<Image, std::string> decode_jpeg_dc(std::span<const uint8_t> bytes, const std::string& name,
                                                  JpegDcOptions options = {});

} // namespace vrex::media
