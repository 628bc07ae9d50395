// Decoding, limits and broken files: every failure is a clear message naming the file, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/file.hpp"
#include "media/image.hpp"
#include "media/png_write.hpp"
#include "media/srgb.hpp"

using namespace vrex;
namespace fs = std::filesystem;

namespace {

class MediaTest : public ::testing::Test {
protected:
    fs::path dir = fs::temp_directory_path() / ("vrex-media-" + std::to_string(::getpid()));
    void SetUp() override { fs::create_directories(dir); }
    void TearDown() override { fs::remove_all(dir); }

    fs::path write(const std::string& name, const std::vector<uint8_t>& bytes) {
        const fs::path p = dir / name;
        std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return p;
    }
    static std::vector<uint8_t> sample_jpeg() {
        auto bytes = core::read_file(fs::path(VREX_SOURCE_DIR) / "tests/data/grid_512x256.jpg");
        EXPECT_TRUE(bytes.has_value());
        return bytes ? *bytes : std::vector<uint8_t>{};
    }
};

media::Image gradient(uint32_t w, uint32_t h) {
    media::Image img{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x) {
            uint8_t* p = &img.rgba[(size_t(y) * w + x) * 4];
            p[0] = uint8_t(x * 255 / (w - 1));
            p[1] = uint8_t(y * 255 / (h - 1));
            p[2] = 77;
            p[3] = 255;
        }
    return img;
}

uint32_t crc32(const uint8_t* data, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; ++i) {
        c ^= data[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

void put_u32_be(std::vector<uint8_t>& v, uint32_t x) {
    for (int i = 3; i >= 0; --i) v.push_back(uint8_t(x >> (8 * i)));
}

} // namespace

TEST_F(MediaTest, DecodesJpegWithTurboJpeg) {
    auto img = media::decode_image(write("ok.jpg", sample_jpeg()));
    ASSERT_TRUE(img.has_value()) << img.error();
    EXPECT_EQ(img->width, 512u);
    EXPECT_EQ(img->height, 256u);
    EXPECT_EQ(img->rgba.size(), 512u * 256u * 4u);
    auto info = media::probe_image(dir / "ok.jpg");
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->format, "jpeg");
}

TEST_F(MediaTest, PngRoundTrip) {
    const media::Image src = gradient(64, 32);
    ASSERT_TRUE(media::write_png(dir / "g.png", src).has_value());
    auto back = media::decode_image(dir / "g.png");
    ASSERT_TRUE(back.has_value()) << back.error();
    EXPECT_EQ(back->width, 64u);
    EXPECT_EQ(back->rgba, src.rgba);
    EXPECT_FALSE(fs::exists(dir / "g.png.tmp~")); // written atomically
}

TEST_F(MediaTest, TruncatedJpegIsAnError) {
    std::vector<uint8_t> bytes = sample_jpeg();
    bytes.resize(bytes.size() / 2);
    auto img = media::decode_image(write("half.jpg", bytes));
    ASSERT_FALSE(img.has_value());
    EXPECT_NE(img.error().find("half.jpg"), std::string::npos) << img.error();
    EXPECT_NE(img.error().find("truncated"), std::string::npos) << img.error();
}

TEST_F(MediaTest, ZeroByteFileIsAnError) {
    auto img = media::decode_image(write("empty.jpg", {}));
    ASSERT_FALSE(img.has_value());
    EXPECT_NE(img.error().find("empty.jpg: file is empty"), std::string::npos) << img.error();
}

TEST_F(MediaTest, TextNamedJpgIsAnError) {
    const std::string text = "this is not a picture\n";
    auto img = media::decode_image(write("note.jpg", {text.begin(), text.end()}));
    ASSERT_FALSE(img.has_value());
    EXPECT_NE(img.error().find("note.jpg: not an image"), std::string::npos) << img.error();
}

TEST_F(MediaTest, MissingFileIsAnError) {
    auto img = media::decode_image(dir / "nope.jpg");
    ASSERT_FALSE(img.has_value());
    EXPECT_NE(img.error().find("nope.jpg"), std::string::npos);
}

TEST_F(MediaTest, HugePngHeaderIsRefusedBeforeDecoding) {
    // A valid PNG signature and IHDR chunk claiming 100000 x 50000 pixels, and nothing else.
    std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<uint8_t> ihdr = {'I', 'H', 'D', 'R'};
    put_u32_be(ihdr, 100000);
    put_u32_be(ihdr, 50000);
    ihdr.insert(ihdr.end(), {8, 6, 0, 0, 0}); // 8-bit RGBA
    put_u32_be(png, 13);
    png.insert(png.end(), ihdr.begin(), ihdr.end());
    put_u32_be(png, crc32(ihdr.data(), ihdr.size()));
    auto img = media::decode_image(write("huge.png", png));
    ASSERT_FALSE(img.has_value());
    EXPECT_NE(img.error().find("100000x50000"), std::string::npos) << img.error();
    EXPECT_NE(img.error().find("larger than vrex accepts"), std::string::npos) << img.error();
}

TEST_F(MediaTest, HugeJpegHeaderIsRefusedBeforeDecoding) {
    // Patch the SOF0 frame size of a real JPEG to 60000 x 30000.
    std::vector<uint8_t> bytes = sample_jpeg();
    bool patched = false;
    for (size_t i = 2; i + 9 < bytes.size(); ++i)
        if (bytes[i] == 0xFF && (bytes[i + 1] == 0xC0 || bytes[i + 1] == 0xC2)) {
            bytes[i + 5] = 30000 >> 8, bytes[i + 6] = 30000 & 0xFF; // height
            bytes[i + 7] = 60000 >> 8, bytes[i + 8] = 60000 & 0xFF; // width
            patched = true;
            break;
        }
    ASSERT_TRUE(patched);
    auto img = media::decode_image(write("huge.jpg", bytes));
    ASSERT_FALSE(img.has_value());
    EXPECT_NE(img.error().find("60000x30000"), std::string::npos) << img.error();
}

TEST(MediaSrgb, TransferFunctionRoundTrips) {
    for (int i = 0; i < 256; ++i) EXPECT_EQ(media::linear_to_srgb(media::srgb_to_linear(uint8_t(i))), i);
    EXPECT_NEAR(media::srgb_to_linear(188), 0.5029f, 1e-3f);
}

TEST(MediaDownscale, AveragesInLinearLight) {
    media::Image img{2, 2, {0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 255}};
    const media::Image half = media::downscale_half(img);
    ASSERT_EQ(half.width, 1u);
    EXPECT_EQ(half.rgba[0], 188); // half of white in linear light, not 128
    EXPECT_EQ(half.rgba[3], 255);
}

TEST(MediaDownscale, TablesAgreeWithTheTransferFunctions) {
    // Every pair of levels, averaged by the 16-bit tables, against the float formula (at most one level apart).
    for (int a = 0; a < 256; a += 3)
        for (int b = 0; b < 256; b += 5) {
            media::Image img{2, 1, {uint8_t(a), uint8_t(a), uint8_t(a), 255, uint8_t(b), uint8_t(b), uint8_t(b), 0}};
            const media::Image half = media::downscale_half(img);
            const int expected =
                media::linear_to_srgb((media::srgb_to_linear(uint8_t(a)) + media::srgb_to_linear(uint8_t(b))) / 2);
            ASSERT_NEAR(half.rgba[0], expected, 1) << a << " " << b;
            ASSERT_EQ(half.rgba[3], 128); // alpha averaged as it is, rounded
        }
}

TEST(MediaDownscale, OddSizesAverageTheLastRowAndColumnWithThemselves) {
    media::Image img{3, 3, std::vector<uint8_t>(36, 0)};
    for (int i : {2, 5, 8}) img.rgba[size_t(i) * 4] = 255; // the last column red
    const media::Image half = media::downscale_half(img);
    ASSERT_EQ(half.width, 1u);
    ASSERT_EQ(half.height, 1u);
    EXPECT_EQ(half.rgba[0], 0); // the 2x2 box at the top left does not reach the last column
    media::PixelRows src{img.rgba.data(), 12, 3, 3};
    std::vector<uint8_t> out(2 * 2 * 4);
    media::downscale_half_rows(src, {out.data(), 8, 2, 2}, 0, 2); // a 2x2 target: the last column with itself
    EXPECT_EQ(out[4], 255);
    EXPECT_EQ(out[12], 255);
    EXPECT_EQ(out[0], 0);
}

TEST_F(MediaTest, DecodeIntoCallerMemoryMatchesThePlainDecode) {
    const std::vector<uint8_t> jpeg = sample_jpeg();
    const std::vector<uint8_t>* bytes = &jpeg;
    auto plain = media::decode_image_memory(*bytes, "into.jpg");
    ASSERT_TRUE(plain.has_value()) << plain.error();
    std::vector<uint8_t> target;
    const size_t pitch = 512 * 4 + 32;
    auto info = media::decode_image_into(*bytes, "into.jpg",
                                         [&](uint32_t w, uint32_t h) -> core::Expected<media::PixelRows, std::string> {
                                             target.assign(pitch * h, 7);
                                             return media::PixelRows{target.data(), pitch, w, h};
                                         });
    ASSERT_TRUE(info.has_value()) << info.error();
    EXPECT_EQ(info->width, 512u);
    for (uint32_t y = 0; y < 256; ++y) {
        ASSERT_EQ(0, std::memcmp(&target[y * pitch], &plain->rgba[size_t(y) * 2048], 2048)) << "row " << y;
        ASSERT_EQ(target[y * pitch + 2048], 7) << "the gap after row " << y;
    }
    // The allocator's error is passed on, and a broken file never asks for memory.
    auto refused = media::decode_image_into(*bytes, "into.jpg", [](uint32_t, uint32_t) {
        return core::Expected<media::PixelRows, std::string>(core::unexpected(std::string("no room")));
    });
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error(), "no room");
    bool asked = false;
    const std::vector<uint8_t> junk{0xFF, 0xD8, 0xFF, 0x00, 0x01};
    auto broken = media::decode_image_into(junk, "junk.jpg", [&](uint32_t, uint32_t) {
        asked = true;
        return core::Expected<media::PixelRows, std::string>(core::unexpected(std::string("no")));
    });
    EXPECT_FALSE(broken.has_value());
    EXPECT_FALSE(asked);
}

// --- the reduced decode (a first picture while the full one decodes) ---

namespace {
// Mean absolute difference, per channel byte, between `small` and `full` averaged over blocks of `factor`²; with
// `luma`, of the pixels' luma (BT.601 weights) alone.
double mean_difference_to_box(const media::Image& small, const media::Image& full, uint32_t factor, bool luma = false) {
    const double weights[2][3] = {{1, 1, 1}, {0.299, 0.587, 0.114}};
    const auto value = [&](const media::Image& img, size_t pixel, int c) {
        return luma ? weights[1][0] * img.rgba[pixel * 4] + weights[1][1] * img.rgba[pixel * 4 + 1] +
                          weights[1][2] * img.rgba[pixel * 4 + 2]
                    : double(img.rgba[pixel * 4 + size_t(c)]);
    };
    const int channels = luma ? 1 : 3;
    double sum = 0;
    for (uint32_t y = 0; y < small.height; ++y)
        for (uint32_t x = 0; x < small.width; ++x)
            for (int c = 0; c < channels; ++c) {
                double box = 0;
                for (uint32_t dy = 0; dy < factor; ++dy)
                    for (uint32_t dx = 0; dx < factor; ++dx)
                        box += value(full, (size_t(y) * factor + dy) * full.width + x * factor + dx, c);
                box /= double(factor) * factor;
                sum += std::abs(box - value(small, size_t(y) * small.width + x, c));
            }
    return sum / (double(small.width) * small.height * channels);
}
} // namespace

TEST_F(MediaTest, ReducedDecodeTakesTheSmallestScaleThatKeepsTheWidth) {
    const fs::path jpeg = fs::path(VREX_SOURCE_DIR) / "tests/data/grid_2048x1024.jpg";
    const auto eighth = media::decode_image_reduced(jpeg, 256);
    ASSERT_TRUE(eighth.has_value()) << eighth.error();
    EXPECT_EQ(eighth->width, 256u);
    EXPECT_EQ(eighth->height, 128u);
    EXPECT_EQ(eighth->rgba.size(), 256u * 128u * 4u);
    const auto quarter = media::decode_image_reduced(jpeg, 300);
    ASSERT_TRUE(quarter.has_value()) << quarter.error();
    EXPECT_EQ(quarter->width, 512u);
    EXPECT_EQ(quarter->height, 256u);
    const auto none = media::decode_image_reduced(jpeg, 1025); // 1/2 would be 1024: nothing to gain
    ASSERT_FALSE(none.has_value());
    EXPECT_NE(none.error().find("too small"), std::string::npos) << none.error();
}

TEST_F(MediaTest, ReducedDecodeHasTheColoursOfTheFullOne) {
    const fs::path jpeg = fs::path(VREX_SOURCE_DIR) / "tests/data/grid_2048x1024.jpg";
    const auto full = media::decode_image(jpeg);
    const auto eighth = media::decode_image_reduced(jpeg, 256);
    ASSERT_TRUE(full && eighth);
    // The 1/8 decode (block means from the DC coefficients, jpeg_dc.hpp) is close to an 8x8 box average of the full
    // decode (measured: 2.60 levels; 0.57 with TurboJPEG's 2x2 chroma, this grid's colour lines being sharp), its luma
    // closer still; a picture shifted by one reduced pixel is far from it, so the measure sees the geometry too.
    const double same = mean_difference_to_box(*eighth, *full, 8);
    EXPECT_LT(same, 4.0);
    const double same_luma = mean_difference_to_box(*eighth, *full, 8, true);
    media::Image shifted = *eighth;
    std::rotate(shifted.rgba.begin(), shifted.rgba.begin() + 4, shifted.rgba.end());
    const double off_luma = mean_difference_to_box(shifted, *full, 8, true);
    std::printf("reduced decode against an 8x8 box of the full one: %.2f levels (luma %.2f); shifted by a pixel: luma "
                "%.2f\n",
                same, same_luma, off_luma);
    EXPECT_GT(off_luma, 2 * same_luma + 2);
}

TEST_F(MediaTest, ReducedDecodeRefusesWhatItCannotDo) {
    // Not a JPEG: no reduced decode (the caller decodes in full).
    media::Image img = gradient(64, 32);
    ASSERT_TRUE(media::write_png(dir / "g.png", img));
    auto png = media::decode_image_reduced(dir / "g.png", 8);
    ASSERT_FALSE(png.has_value());
    EXPECT_NE(png.error().find("not a JPEG"), std::string::npos) << png.error();
    // Truncated, empty, missing: errors naming the file.
    std::vector<uint8_t> bytes = sample_jpeg();
    bytes.resize(bytes.size() / 2);
    auto half = media::decode_image_reduced(write("half.jpg", bytes), 64);
    ASSERT_FALSE(half.has_value());
    EXPECT_NE(half.error().find("half.jpg"), std::string::npos) << half.error();
    EXPECT_NE(half.error().find("truncated"), std::string::npos) << half.error();
    EXPECT_FALSE(media::decode_image_reduced(write("empty.jpg", {}), 64).has_value());
    EXPECT_FALSE(media::decode_image_reduced(dir / "missing.jpg", 64).has_value());
}

TEST_F(MediaTest, ReducedDecodeKeepsTheLimitsOfTheFullSize) {
    std::vector<uint8_t> bytes = sample_jpeg();
    for (size_t i = 2; i + 9 < bytes.size(); ++i)
        if (bytes[i] == 0xFF && (bytes[i + 1] == 0xC0 || bytes[i + 1] == 0xC2)) {
            bytes[i + 5] = 30000 >> 8, bytes[i + 6] = 30000 & 0xFF;
            bytes[i + 7] = 60000 >> 8, bytes[i + 8] = 60000 & 0xFF;
            break;
        }
    auto img = media::decode_image_reduced(write("huge.jpg", bytes), 1024); // 1/8 would be 7500 wide: still refused
    ASSERT_FALSE(img.has_value());
    EXPECT_NE(img.error().find("60000x30000"), std::string::npos) << img.error();
}
