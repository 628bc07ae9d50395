#include "golden.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "media/png_write.hpp"

namespace vrex::test {
namespace {

int pixel_difference(const uint8_t* a, const uint8_t* b) {
    int worst = 0;
    for (int c = 0; c < 4; ++c) worst = std::max(worst, std::abs(int(a[c]) - int(b[c])));
    return worst;
}

int channel_sum(const uint8_t* a, const uint8_t* b) {
    int sum = 0;
    for (int c = 0; c < 4; ++c) sum += std::abs(int(a[c]) - int(b[c]));
    return sum;
}

struct BlockStats {
    int off = 0;
    double mean = 0;
};

BlockStats block_stats(const media::Image& g, const media::Image& a, uint32_t bx, uint32_t by, int threshold) {
    BlockStats s;
    size_t sum = 0, count = 0;
    for (uint32_t y = by; y < std::min(by + k_golden_block, g.height); ++y)
        for (uint32_t x = bx; x < std::min(bx + k_golden_block, g.width); ++x) {
            const size_t i = (size_t(y) * g.width + x) * 4;
            s.off += pixel_difference(&g.rgba[i], &a.rgba[i]) > threshold;
            sum += channel_sum(&g.rgba[i], &a.rgba[i]);
            count += 4;
        }
    s.mean = count ? double(sum) / double(count) : 0.0;
    return s;
}

void put(media::Image& img, uint32_t x, uint32_t y, const uint8_t* rgba) {
    std::copy(rgba, rgba + 4, &img.rgba[(size_t(y) * img.width + x) * 4]);
}

// golden | actual | |difference| x 8 (grey), each failing block framed in red on the difference panel.
media::Image review_image(const media::Image& g, const media::Image& a, const std::vector<bool>& failing,
                          uint32_t blocks_x) {
    media::Image out{g.width * 3, g.height, std::vector<uint8_t>(size_t(g.width) * 3 * g.height * 4)};
    for (uint32_t y = 0; y < g.height; ++y)
        for (uint32_t x = 0; x < g.width; ++x) {
            const size_t i = (size_t(y) * g.width + x) * 4;
            const uint8_t v = uint8_t(std::min(255, pixel_difference(&g.rgba[i], &a.rgba[i]) * 8));
            const uint8_t grey[4] = {v, v, v, 255};
            put(out, x, y, &g.rgba[i]);
            put(out, x + g.width, y, &a.rgba[i]);
            put(out, x + 2 * g.width, y, grey);
        }
    const uint8_t red[4] = {255, 0, 0, 255};
    for (size_t b = 0; b < failing.size(); ++b) {
        if (!failing[b]) continue;
        const uint32_t x0 = uint32_t(b % blocks_x) * k_golden_block, y0 = uint32_t(b / blocks_x) * k_golden_block;
        const uint32_t x1 = std::min(x0 + k_golden_block, g.width) - 1,
                       y1 = std::min(y0 + k_golden_block, g.height) - 1;
        for (uint32_t x = x0; x <= x1; ++x) put(out, 2 * g.width + x, y0, red), put(out, 2 * g.width + x, y1, red);
        for (uint32_t y = y0; y <= y1; ++y) put(out, 2 * g.width + x0, y, red), put(out, 2 * g.width + x1, y, red);
    }
    return out;
}

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

} // namespace

std::string GoldenComparison::summary() const {
    if (!same_size) return "the sizes differ";
    std::ostringstream s;
    s << failing_blocks << " failing 16x16 block(s); worst block at (" << worst_x << ", " << worst_y << ") has "
      << worst_block_off << " pixel(s) off and a mean difference of " << worst_block_mean << "; " << off_pixels
      << " pixel(s) off in all; largest difference " << max_difference << ", mean " << mean_difference;
    return s.str();
}

GoldenComparison compare_images(const media::Image& golden, const media::Image& actual,
                                const GoldenTolerance& tolerance, media::Image* diff) {
    GoldenComparison r;
    r.same_size = golden.width == actual.width && golden.height == actual.height &&
                  golden.rgba.size() == actual.rgba.size() && !golden.rgba.empty();
    if (!r.same_size) return r;
    const uint32_t blocks_x = (golden.width + k_golden_block - 1) / k_golden_block;
    const uint32_t blocks_y = (golden.height + k_golden_block - 1) / k_golden_block;
    std::vector<bool> failing(size_t(blocks_x) * blocks_y);
    double worst_score = -1;
    for (uint32_t by = 0; by < blocks_y; ++by)
        for (uint32_t bx = 0; bx < blocks_x; ++bx) {
            const BlockStats s =
                block_stats(golden, actual, bx * k_golden_block, by * k_golden_block, tolerance.threshold);
            const bool fails = s.off > tolerance.max_off_pixels || s.mean > tolerance.max_block_mean;
            failing[size_t(by) * blocks_x + bx] = fails;
            r.failing_blocks += fails;
            r.off_pixels += size_t(s.off);
            const double score = s.off + s.mean / 1000.0;
            if (score > worst_score) {
                worst_score = score;
                r.worst_block_off = s.off;
                r.worst_block_mean = s.mean;
                r.worst_x = bx * k_golden_block;
                r.worst_y = by * k_golden_block;
            }
        }
    double sum = 0;
    for (size_t i = 0; i < golden.rgba.size(); i += 4) {
        r.max_difference = std::max(r.max_difference, pixel_difference(&golden.rgba[i], &actual.rgba[i]));
        sum += channel_sum(&golden.rgba[i], &actual.rgba[i]);
    }
    r.mean_difference = sum / double(golden.rgba.size());
    if (diff) *diff = review_image(golden, actual, failing, blocks_x);
    return r;
}

std::filesystem::path golden_output_dir() {
    const std::string env = env_or_empty("VREX_GOLDEN_OUT");
    return env.empty() ? std::filesystem::path(VREX_BINARY_DIR) / "golden-out" : std::filesystem::path(env);
}

std::filesystem::path golden_path(const std::string& name) {
    return std::filesystem::path(VREX_SOURCE_DIR) / "tests/golden" / (name + ".png");
}

::testing::AssertionResult matches_golden(const media::Image& actual, const std::string& name,
                                          const GoldenTolerance& tolerance) {
    const auto out = golden_output_dir();
    std::filesystem::create_directories(out);
    const auto actual_path = out / (name + ".actual.png");
    const auto diff_path = out / (name + ".diff.png");
    const auto text_path = out / (name + ".txt");
    for (const auto& p : {actual_path, diff_path, text_path}) std::filesystem::remove(p);
    auto golden = media::decode_image(golden_path(name));
    media::Image diff;
    GoldenComparison c;
    if (golden) c = compare_images(*golden, actual, tolerance, &diff);
    if (c.passed()) return ::testing::AssertionSuccess();
    (void)media::write_png(actual_path, actual);
    std::string what;
    if (!golden) {
        what = "no golden " + golden_path(name).string() + " (" + golden.error() + ")";
    } else if (!c.same_size) {
        what = "the golden is " + std::to_string(golden->width) + "x" + std::to_string(golden->height) +
               ", the picture " + std::to_string(actual.width) + "x" + std::to_string(actual.height);
    } else {
        (void)media::write_png(diff_path, diff);
        what = c.summary();
    }
    std::ofstream(text_path) << name << ": " << what << "\n";
    return ::testing::AssertionFailure() << name << " differs from its golden: " << what << "\n  see " << actual_path
                                         << (golden && c.same_size ? " and " + diff_path.string() : std::string())
                                         << "\n  after a look: tools/accept-goldens " << name;
}

} // namespace vrex::test
