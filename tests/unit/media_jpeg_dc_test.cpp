// The DC decode of a JPEG (a 1/8 preview from the DC coefficients, the data split between threads): the same picture
// on one thread and on many, the luma of TurboJPEG's 1/8 decode, and refusals of what it does not take.
#include <gtest/gtest.h>

#include <cmath>
#include <turbojpeg.h>

#include "core/file.hpp"
#include "media/jpeg_dc.hpp"

using namespace vrex;

namespace {

std::vector<uint8_t> read(const char* relative) {
    auto bytes = core::read_file(std::filesystem::path(VREX_SOURCE_DIR) / relative);
    EXPECT_TRUE(bytes.has_value()) << relative;
    return bytes ? *bytes : std::vector<uint8_t>{};
}

media::Image turbojpeg_eighth(const std::vector<uint8_t>& bytes) {
    tjhandle tj = tjInitDecompress();
    int w = 0, h = 0, sub = 0, cs = 0;
    tjDecompressHeader3(tj, bytes.data(), bytes.size(), &w, &h, &sub, &cs);
    media::Image img{uint32_t((w + 7) / 8), uint32_t((h + 7) / 8), {}};
    img.rgba.resize(size_t(img.width) * img.height * 4);
    EXPECT_EQ(tjDecompress2(tj, bytes.data(), bytes.size(), img.rgba.data(), int(img.width), 0, int(img.height),
                            TJPF_RGBA, 0),
              0);
    tjDestroy(tj);
    return img;
}

double psnr(const media::Image& a, const media::Image& b) {
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < a.rgba.size(); i += 4)
        for (size_t c = 0; c < 3; ++c, ++n) sum += std::pow(double(a.rgba[i + c]) - double(b.rgba[i + c]), 2);
    return 10 * std::log10(255.0 * 255.0 / std::max(sum / double(n), 1e-9));
}

const char* const k_baseline[] = {"tests/data/grid_2048x1024.jpg", "tests/data/sharpness/jordan-pond.jpg",
                                  "tests/data/sharpness/ocean-hall-walrus.jpg", "tests/data/jordan-pond/equirect.jpg"};

} // namespace

// The slices start at guessed places; joined in order they must give exactly the one-thread picture, and the pass
// that joins them must have found their starts quickly (else the threads were for nothing).
TEST(JpegDcTest, SlicesJoinIntoTheOneThreadPicture) {
    for (const char* file : k_baseline) {
        const std::vector<uint8_t> bytes = read(file);
        auto one = media::decode_jpeg_dc(bytes, file, {.slices = 1});
        ASSERT_TRUE(one.has_value()) << one.error();
        for (unsigned slices : {2u, 3u, 7u}) {
            media::JpegDcStats stats;
            auto many = media::decode_jpeg_dc(bytes, file, {.slices = slices, .min_slice_bytes = 1, .stats = &stats});
            ASSERT_TRUE(many.has_value()) << many.error();
            EXPECT_EQ(stats.slices, slices);
            EXPECT_TRUE(many->rgba == one->rgba) << file << " in " << slices << " slices";
            EXPECT_LT(stats.mcus_joined, stats.mcus / 50) << file << " in " << slices << " slices";
        }
    }
}

// Luma is TurboJPEG's 1x1 inverse DCT; without subsampling the colours are too (its colour conversion may round a
// level differently). Subsampled chroma is upsampled from block means, not a 2x2 transform: close, not equal.
TEST(JpegDcTest, MatchesTurboJpegEighth) {
    for (const char* file : k_baseline) {
        const std::vector<uint8_t> bytes = read(file);
        auto dc = media::decode_jpeg_dc(bytes, file, {.slices = 1});
        ASSERT_TRUE(dc.has_value()) << dc.error();
        const media::Image tj = turbojpeg_eighth(bytes);
        ASSERT_EQ(dc->width, tj.width);
        ASSERT_EQ(dc->height, tj.height);
        EXPECT_GT(psnr(*dc, tj), 33.0) << file;
    }
    const std::vector<uint8_t> bytes = read("tests/data/sharpness/jordan-pond.jpg"); // 4:4:4
    auto dc = media::decode_jpeg_dc(bytes, "x", {});
    ASSERT_TRUE(dc.has_value());
    const media::Image tj = turbojpeg_eighth(bytes);
    int worst = 0;
    for (size_t i = 0; i < tj.rgba.size(); ++i) worst = std::max(worst, std::abs(int(dc->rgba[i]) - int(tj.rgba[i])));
    EXPECT_LE(worst, 1);
}

TEST(JpegDcTest, RefusesWhatItDoesNotTake) {
    const std::vector<uint8_t> progressive = read("tests/data/sharpness/machu-picchu.jpg");
    auto r = media::decode_jpeg_dc(progressive, "m.jpg", {});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), "m.jpg: DC decode: not baseline (progressive, lossless or arithmetic)");

    std::vector<uint8_t> bytes = read("tests/data/grid_2048x1024.jpg");
    bytes.resize(bytes.size() * 2 / 3);
    for (unsigned slices : {1u, 3u}) {
        auto t = media::decode_jpeg_dc(bytes, "t.jpg", {.slices = slices, .min_slice_bytes = 1});
        ASSERT_FALSE(t.has_value());
        EXPECT_NE(t.error().find("truncated"), std::string::npos) << t.error();
    }
    const uint8_t not_jpeg[] = {0x89, 'P', 'N', 'G', 0, 0};
    EXPECT_FALSE(media::decode_jpeg_dc(not_jpeg, "p", {}).has_value());
}
