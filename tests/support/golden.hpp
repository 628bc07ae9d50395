#pragma once
// The one golden comparator of every picture test (GPU renders, text panels).
//
// A golden fails where the picture changed *somewhere*, not on average: the image is cut into 16x16 blocks, and a
// block fails when more than `max_off_pixels` of its pixels differ from the golden by more than `threshold` levels
// (the largest difference over R, G, B and A), or when its mean difference exceeds `max_block_mean` levels (a faint
// change spread over a region, such as a tint or a wrong gamma). A 3-degree marker, a hover highlight or one glyph
// fails its block; driver rounding (1-2 levels) and lone edge pixels do not.
//
// On a mismatch (or a missing golden) the test writes, in the golden output folder ($VREX_GOLDEN_OUT, else
// <build>/golden-out): NAME.actual.png, NAME.diff.png (golden | actual | difference x8 with failing blocks framed
// in red) and NAME.txt (the numbers). `tools/accept-goldens NAME` shows them and takes that one golden.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "media/image.hpp"

namespace vrex::test {

// The defaults are for lavapipe renders, which differ between machines (LLVM's vector width and FMA change texture
// filtering): a golden made on another machine was seen 16 pixels off in all, at most 5 in a 16x16 block, by at most
// 30 levels, on high-contrast letter edges. k_exact suits pictures made on the CPU by deterministic code (text).
struct GoldenTolerance {
    int threshold = 24;          // a pixel is off when a channel differs by more than this
    int max_off_pixels = 8;      // per 16x16 block
    double max_block_mean = 4.0; // mean absolute difference per channel, per block
};
inline constexpr GoldenTolerance k_exact{8, 2, 1.0};

struct GoldenComparison {
    bool same_size = false;
    size_t off_pixels = 0; // over the whole image
    size_t failing_blocks = 0;
    int worst_block_off = 0; // off pixels in the worst block
    double worst_block_mean = 0;
    uint32_t worst_x = 0, worst_y = 0; // top-left of the worst block
    int max_difference = 0;
    double mean_difference = 0;
    bool passed() const { return same_size && failing_blocks == 0; }
    std::string summary() const;
};

inline constexpr uint32_t k_golden_block = 16;

// Compares two images; `diff` (if not null) receives golden | actual | difference, failing blocks framed.
GoldenComparison compare_images(const media::Image& golden, const media::Image& actual,
                                const GoldenTolerance& tolerance = {}, media::Image* diff = nullptr);

// tests/golden/<name>.png against `actual`; on failure writes the review files described above.
::testing::AssertionResult matches_golden(const media::Image& actual, const std::string& name,
                                          const GoldenTolerance& tolerance = {});

// Where review files go ($VREX_GOLDEN_OUT, else <build>/golden-out).
std::filesystem::path golden_output_dir();
std::filesystem::path golden_path(const std::string& name);

} // namespace vrex::test
