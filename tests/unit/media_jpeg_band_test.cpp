// A JPEG decoded in two halves on two threads (media/jpeg_band.hpp), from the cut the DC decode finds: the picture
// must be TurboJPEG's whole decode, bit for bit, for every sampling, odd sizes, and through the viewer's own path
// (the preview's decode leaves the cut, the full decode takes it).
#include <gtest/gtest.h>

#include <turbojpeg.h>

#include "core/file.hpp"
#include "media/image.hpp"
#include "media/jpeg_band.hpp"
#include "media/jpeg_dc.hpp"

using namespace vrex;

namespace {

std::vector<uint8_t> read(const char* relative) {
    auto bytes = core::read_file(std::filesystem::path(VREX_SOURCE_DIR) / relative);
    EXPECT_TRUE(bytes.has_value()) << relative;
    return bytes ? *bytes : std::vector<uint8_t>{};
}

media::Image turbojpeg_whole(const std::vector<uint8_t>& bytes) {
    tjhandle tj = tjInitDecompress();
    int w = 0, h = 0, sub = 0, cs = 0;
    tjDecompressHeader3(tj, bytes.data(), bytes.size(), &w, &h, &sub, &cs);
    media::Image img{uint32_t(w), uint32_t(h), std::vector<uint8_t>(size_t(w) * size_t(h) * 4)};
    EXPECT_EQ(tjDecompress2(tj, bytes.data(), bytes.size(), img.rgba.data(), w, 0, h, TJPF_RGBA, 0), 0);
    tjDestroy(tj);
    return img;
}

// A picture with detail everywhere (so that every block has AC codes) encoded by TurboJPEG with `subsampling`.
std::vector<uint8_t> encoded(uint32_t w, uint32_t h, int subsampling) {
    std::vector<uint8_t> rgb(size_t(w) * h * 3);
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x) {
            uint8_t* p = &rgb[(size_t(y) * w + x) * 3];
            p[0] = uint8_t((x * 7 + y * 3) ^ (x * y >> 5));
            p[1] = uint8_t(128 + 100 * ((x / 9 + y / 13) % 2) - (y & 31));
            p[2] = uint8_t((x * x + y * 11) >> 3);
        }
    tjhandle tj = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long size = 0;
    EXPECT_EQ(tjCompress2(tj, rgb.data(), int(w), 0, int(h), TJPF_RGB, &out, &size, subsampling, 90, 0), 0);
    std::vector<uint8_t> jpeg(out, out + size);
    tjFree(out);
    tjDestroy(tj);
    return jpeg;
}

// The halves' picture, or an empty image with the reason.
std::pair<media::Image, std::string> in_halves(const std::vector<uint8_t>& bytes) {
    media::JpegDcCut cut;
    auto dc = media::decode_jpeg_dc(bytes, "t.jpg", {.slices = 2, .min_slice_bytes = 1, .cut = &cut});
    if (!dc) return {{}, dc.error()};
    if (!cut.data) return {{}, "no cut"};
    media::Image img{dc->width, dc->height, {}};
    const auto whole = turbojpeg_whole(bytes);
    img = media::Image{whole.width, whole.height, std::vector<uint8_t>(whole.rgba.size())};
    const std::string e = media::decode_jpeg_halves(
        bytes, cut, media::PixelRows{img.rgba.data(), size_t(img.width) * 4, img.width, img.height});
    return {img, e};
}

} // namespace

TEST(JpegBandTest, HalvesAreTheWholeDecode) {
    for (const char* file : {"tests/data/grid_2048x1024.jpg", "tests/data/sharpness/jordan-pond.jpg",
                             "tests/data/sharpness/ocean-hall-walrus.jpg", "tests/data/jordan-pond/equirect.jpg"}) {
        const std::vector<uint8_t> bytes = read(file);
        auto [img, error] = in_halves(bytes);
        ASSERT_EQ(error, "") << file;
        EXPECT_TRUE(img.rgba == turbojpeg_whole(bytes).rgba) << file;
    }
}

// Every sampling TurboJPEG writes, and sizes that are no multiple of an MCU.
TEST(JpegBandTest, EverySamplingAndOddSizes) {
    for (int sampling : {TJSAMP_444, TJSAMP_422, TJSAMP_420, TJSAMP_GRAY, TJSAMP_440, TJSAMP_411})
        for (auto [w, h] : {std::pair{640u, 480u}, std::pair{1001u, 703u}, std::pair{97u, 66u}}) {
            const std::vector<uint8_t> bytes = encoded(w, h, sampling);
            auto [img, error] = in_halves(bytes);
            ASSERT_EQ(error, "") << "sampling " << sampling << ", " << w << "x" << h;
            EXPECT_TRUE(img.rgba == turbojpeg_whole(bytes).rgba) << "sampling " << sampling << ", " << w << "x" << h;
        }
}

// The JPEG of the lower rows is a JPEG of its own: TurboJPEG decodes it to the whole decode's rows there.
TEST(JpegBandTest, LowerRowsAreAJpegOfTheirOwn) {
    const std::vector<uint8_t> bytes = encoded(800, 600, TJSAMP_420);
    media::JpegDcCut cut;
    ASSERT_TRUE(media::decode_jpeg_dc(bytes, "t.jpg", {.cut = &cut}).has_value());
    ASSERT_TRUE(cut.data);
    EXPECT_EQ(cut.mcu_row, (600u + 15) / 16 / 2); // MCU rows, rounded up, halved
    auto lower = media::jpeg_from_row(bytes, cut);
    ASSERT_TRUE(lower.has_value()) << lower.error();
    const media::Image part = turbojpeg_whole(*lower), whole = turbojpeg_whole(bytes);
    const uint32_t top = cut.mcu_row * 16;
    ASSERT_EQ(part.height, 600 - top);
    // Below its first MCU row (where the chroma upsampling lacks the row above) it is the whole decode's.
    const size_t row = size_t(800) * 4;
    EXPECT_TRUE(std::equal(part.rgba.begin() + std::ptrdiff_t(16 * row), part.rgba.end(),
                           whole.rgba.begin() + std::ptrdiff_t((top + 16) * row)));
}

// The viewer's path: the preview's 1/8 decode keeps the cut, the full decode takes it; the same picture as
// TurboJPEG's, and a file changed in between is decoded whole.
TEST(JpegBandTest, FullDecodeAfterThePreviewIsTheSamePicture) {
    const std::vector<uint8_t> bytes = read("tests/data/grid_2048x1024.jpg");
    ASSERT_TRUE(media::decode_image_reduced_memory(bytes, "g.jpg", 256).has_value());
    auto full = media::decode_image_memory(bytes, "g.jpg");
    ASSERT_TRUE(full.has_value()) << full.error();
    EXPECT_TRUE(full->rgba == turbojpeg_whole(bytes).rgba);
    EXPECT_FALSE(media::take_cut(bytes).has_value()); // taken

    ASSERT_TRUE(media::decode_image_reduced_memory(bytes, "g.jpg", 256).has_value());
    std::vector<uint8_t> other = bytes;
    other[other.size() / 2] ^= 0x01; // the same size, other bytes
    EXPECT_FALSE(media::take_cut(other).has_value());
    EXPECT_TRUE(media::take_cut(bytes).has_value());
}
