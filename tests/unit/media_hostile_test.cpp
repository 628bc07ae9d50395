// Hostile image files (issue 13): a header claiming a giant size, a 4 GB file named like an image, a FIFO. Each is
// refused with a message naming the file, before any large allocation, without reading the file through, and
// without blocking on the FIFO.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "core/file.hpp"
#include "media/image.hpp"

using namespace vrex;
namespace fs = std::filesystem;

namespace {

class MediaHostile : public ::testing::Test {
protected:
    fs::path dir = fs::temp_directory_path() / ("vrex-media-hostile-" + std::to_string(::getpid()));
    void SetUp() override { fs::create_directories(dir); }
    void TearDown() override { fs::remove_all(dir); }

    fs::path write(const std::string& name, const std::vector<uint8_t>& bytes) {
        const fs::path p = dir / name;
        std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return p;
    }
    // A sparse file: `size` bytes on the file's word, no disk used; `head` at its start.
    fs::path sparse(const std::string& name, uintmax_t size, const std::vector<uint8_t>& head = {}) {
        const fs::path p = write(name, head);
        fs::resize_file(p, size);
        return p;
    }
    fs::path fifo(const std::string& name) {
        const fs::path p = dir / name;
        EXPECT_EQ(::mkfifo(p.c_str(), 0600), 0) << p;
        return p;
    }
    static std::vector<uint8_t> sample_jpeg() {
        auto bytes = core::read_file(fs::path(VREX_SOURCE_DIR) / "tests/data/grid_512x256.jpg");
        EXPECT_TRUE(bytes.has_value());
        return bytes ? *bytes : std::vector<uint8_t>{};
    }
};

void put_u32_be(std::vector<uint8_t>& v, uint32_t x) {
    for (int i = 3; i >= 0; --i) v.push_back(uint8_t(x >> (8 * i)));
}

// A PNG signature and an IHDR chunk claiming width x height, nothing else (33 bytes; the CRC is not checked by the
// probe or by stb_image's header reader).
std::vector<uint8_t> png_header(uint32_t width, uint32_t height) {
    std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    put_u32_be(png, 13);
    png.insert(png.end(), {'I', 'H', 'D', 'R'});
    put_u32_be(png, width);
    put_u32_be(png, height);
    png.insert(png.end(), {8, 6, 0, 0, 0});
    put_u32_be(png, 0);
    return png;
}

// The sample JPEG with its frame header patched to width x height.
std::vector<uint8_t> with_jpeg_size(std::vector<uint8_t> bytes, uint16_t width, uint16_t height) {
    for (size_t i = 2; i + 9 < bytes.size(); ++i)
        if (bytes[i] == 0xFF && (bytes[i + 1] == 0xC0 || bytes[i + 1] == 0xC2)) {
            bytes[i + 5] = uint8_t(height >> 8), bytes[i + 6] = uint8_t(height & 0xFF);
            bytes[i + 7] = uint8_t(width >> 8), bytes[i + 8] = uint8_t(width & 0xFF);
            return bytes;
        }
    ADD_FAILURE() << "no frame header";
    return bytes;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

} // namespace

TEST_F(MediaHostile, ProbeRefusesAGiantPngHeader) {
    const fs::path p = write("giant.png", png_header(100000, 100000));
    auto info = media::probe_image(p);
    ASSERT_FALSE(info.has_value());
    EXPECT_EQ(info.error(), p.string() + ": image is 100000x100000, larger than vrex accepts (32768 px on a side, "
                                         "1 GiB decoded)");
    // The size alone, from memory, for callers with limits of their own (model textures).
    auto size = media::probe_image_memory(png_header(100000, 100000), "giant.png");
    ASSERT_TRUE(size.has_value()) << size.error();
    EXPECT_EQ(size->width, 100000u);
}

TEST_F(MediaHostile, ProbeRefusesAGiantJpegHeader) {
    const fs::path p = write("giant.jpg", with_jpeg_size(sample_jpeg(), 65000, 65000));
    auto info = media::probe_image(p);
    ASSERT_FALSE(info.has_value());
    EXPECT_TRUE(contains(info.error(), "image is 65000x65000, larger than vrex accepts")) << info.error();
    auto preview = media::decode_image_reduced(p, 1024);
    ASSERT_FALSE(preview.has_value());
    EXPECT_TRUE(contains(preview.error(), "65000x65000")) << preview.error();
}

TEST_F(MediaHostile, AFourGigabyteFileIsRefusedUnread) {
    // A JPEG's first bytes, then 4 GB of nothing: the header alone would pass.
    const fs::path p = sparse("huge.jpg", 4ull << 30, sample_jpeg());
    auto info = media::probe_image(p);
    ASSERT_FALSE(info.has_value());
    EXPECT_EQ(info.error(), p.string() + ": the file is 4096 MiB, larger than vrex reads (1024 MiB)");
    auto image = media::decode_image(p);
    ASSERT_FALSE(image.has_value());
    EXPECT_EQ(image.error(), "cannot read " + p.string() + ": the file is 4096.0 MB, more than the limit of 1024.0 MB");
    auto preview = media::decode_image_reduced(p, 512);
    ASSERT_FALSE(preview.has_value());
    EXPECT_TRUE(contains(preview.error(), "more than the limit of 1024.0 MB")) << preview.error();
    // 900 MB of zeros named .png, under the size limit: refused by content, from the first MiB.
    const fs::path zeros = sparse("zeros.png", 900ull << 20);
    auto z = media::probe_image(zeros);
    ASSERT_FALSE(z.has_value());
    EXPECT_TRUE(contains(z.error(), zeros.string() + ": not an image vrex can read")) << z.error();
}

TEST_F(MediaHostile, ReadFileHeadReadsTheHeadOnly) {
    const fs::path p = sparse("huge.bin", 4ull << 30, {1, 2, 3});
    auto head = core::read_file_head(p, 16);
    ASSERT_TRUE(head.has_value()) << head.error();
    EXPECT_EQ(*head, (std::vector<uint8_t>{1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    auto whole = core::read_file(p, 1 << 20);
    ASSERT_FALSE(whole.has_value());
}

TEST_F(MediaHostile, AFifoIsRefusedWithoutBlocking) {
    // Nobody writes into these: an open that waits for a writer would hang the test (ctest's timeout fails it).
    const fs::path p = fifo("pano.jpg");
    const std::string why = "cannot read " + p.string() + ": not a plain file (a FIFO, socket or device)";
    auto bytes = core::read_file(p);
    ASSERT_FALSE(bytes.has_value());
    EXPECT_EQ(bytes.error(), why);
    auto head = core::read_file_head(p, 64);
    ASSERT_FALSE(head.has_value());
    EXPECT_EQ(head.error(), why);
    auto info = media::probe_image(p);
    ASSERT_FALSE(info.has_value());
    EXPECT_EQ(info.error(), why);
    auto image = media::decode_image(p);
    ASSERT_FALSE(image.has_value());
    EXPECT_EQ(image.error(), why);
    auto folder = core::read_file(dir);
    ASSERT_FALSE(folder.has_value());
    EXPECT_EQ(folder.error(), "cannot read " + dir.string() + ": is a directory");
}

TEST_F(MediaHostile, ProbeFindsAFrameHeaderBehindMoreThanAMebibyteOfMetadata) {
    // The probe reads the first MiB; a JPEG whose APP segments fill more than that is read further, not refused.
    std::vector<uint8_t> jpeg = sample_jpeg();
    std::vector<uint8_t> app(65535 + 2, 0);
    app[0] = 0xFF, app[1] = 0xE9, app[2] = 0xFF, app[3] = 0xFF; // APP9, 65535 bytes with its length
    for (int i = 0; i < 20; ++i) jpeg.insert(jpeg.begin() + 2, app.begin(), app.end());
    ASSERT_GT(jpeg.size(), size_t(1) << 20);
    auto info = media::probe_image(write("metadata.jpg", jpeg));
    ASSERT_TRUE(info.has_value()) << info.error();
    EXPECT_EQ(info->width, 512u);
    EXPECT_EQ(info->height, 256u);
}

TEST_F(MediaHostile, TruncatedUncompressedImagesAreRefusedNotReadAsZeros) {
    // libFuzzer's find (corpus/image/tga-header-claiming-6168x6168.tga): 60 bytes, an uncompressed TGA header
    // claiming 6168 x 6168 pixels. stb_image read past the end as zeros: 152 MB of black, seconds a try.
    auto tga = core::read_file(fs::path(VREX_SOURCE_DIR) / "tests/fuzz/corpus/image/tga-header-claiming-6168x6168.tga");
    ASSERT_TRUE(tga.has_value());
    auto image = media::decode_image_memory(*tga, "x.tga");
    ASSERT_FALSE(image.has_value());
    EXPECT_EQ(image.error(), "x.tga: truncated image (60 bytes cannot hold 6168x6168 uncompressed pixels)");
    // And its next find (corpus/image/pnm-truncated-16x116.ppm): a PNM whose pixels stb_image left partly unwritten,
    // so that two decodes of it differed.
    auto pnm = core::read_file(fs::path(VREX_SOURCE_DIR) / "tests/fuzz/corpus/image/pnm-truncated-16x116.ppm");
    ASSERT_TRUE(pnm.has_value());
    auto truncated = media::decode_image_memory(*pnm, "x.ppm");
    ASSERT_FALSE(truncated.has_value());
    EXPECT_EQ(truncated.error(), "x.ppm: truncated image (293 bytes cannot hold 16x116 uncompressed pixels)");
    // 16-bit PNMs are refused whole since (see below), cut short or not.
    const std::string sixteen = ": a PNM with 16 bits a sample (largest value over 255), which vrex does not read; "
                                "save it with 8 bits a sample, or as PNG";
    // And a 16-bit one (pnm-16-bit-truncated-1x161.ppm: its largest value 11116, two bytes a sample).
    auto pnm16 = core::read_file(fs::path(VREX_SOURCE_DIR) / "tests/fuzz/corpus/image/pnm-16-bit-truncated-1x161.ppm");
    ASSERT_TRUE(pnm16.has_value());
    auto truncated16 = media::decode_image_memory(*pnm16, "y.ppm");
    ASSERT_FALSE(truncated16.has_value());
    EXPECT_EQ(truncated16.error(), "y.ppm" + sixteen);
    // And one whose pixels fit the file only with its header counted as pixels (P6 1x2 of 16 bits, 3 bytes of pixels).
    const std::string tiny = "P61\t2\t11111\xFF\xA5\t"; // no space after P6: stb_image reads it so
    auto tiny_image =
        media::decode_image_memory(std::span(reinterpret_cast<const uint8_t*>(tiny.data()), tiny.size()), "t.ppm");
    ASSERT_FALSE(tiny_image.has_value());
    EXPECT_EQ(tiny_image.error(), "t.ppm" + sixteen);
    // And the same with its pixels there (image/pnm-16-bit-decoded-through-the-8-bit-converter.ppm): stb_image 2.27
    // turns 16-bit samples into RGBA with its 8-bit converter, then reads twice what that wrote, so the pixels came
    // from whatever lay beyond (two decodes differed under ASan). Refused, and so by the probe (vrex lint).
    auto wide = core::read_file(fs::path(VREX_SOURCE_DIR) /
                                "tests/fuzz/corpus/image/pnm-16-bit-decoded-through-the-8-bit-converter.ppm");
    ASSERT_TRUE(wide.has_value());
    auto wide_image = media::decode_image_memory(*wide, "w.ppm");
    ASSERT_FALSE(wide_image.has_value());
    EXPECT_EQ(wide_image.error(), "w.ppm" + sixteen);
    auto wide_info = media::probe_image_memory(*wide, "w.ppm");
    ASSERT_FALSE(wide_info.has_value());
    EXPECT_EQ(wide_info.error(), "w.ppm" + sixteen);
    // And a TGA cut inside its 18-byte header (tga-17-byte-header-claiming-20480x10674.tga): 874 MB of zeros.
    auto cut = core::read_file(fs::path(VREX_SOURCE_DIR) /
                               "tests/fuzz/corpus/image/tga-17-byte-header-claiming-20480x10674.tga");
    ASSERT_TRUE(cut.has_value());
    auto cut_image = media::decode_image_memory(*cut, "z.tga");
    ASSERT_FALSE(cut_image.has_value());
    EXPECT_EQ(cut_image.error(), "z.tga: truncated image (17 bytes cannot hold 20480x10674 uncompressed pixels)");
    // And a run-length TGA of 20 bytes (tga-rle-20-bytes-claiming-a-large-image.tga): a packet covers 128 pixels at
    // most, so 20 bytes cannot hold a large image; stb_image took 13 s and 1 GB to find out.
    auto rle = core::read_file(fs::path(VREX_SOURCE_DIR) /
                               "tests/fuzz/corpus/image/tga-rle-20-bytes-claiming-a-large-image.tga");
    ASSERT_TRUE(rle.has_value());
    auto rle_image = media::decode_image_memory(*rle, "r.tga");
    ASSERT_FALSE(rle_image.has_value());
    EXPECT_NE(rle_image.error().find("r.tga: truncated image (20 bytes cannot hold "), std::string::npos)
        << rle_image.error();
    // A whole uncompressed TGA of the same kind still decodes: 2 x 2 pixels, 24 bits, no id, no colour map.
    std::vector<uint8_t> small = {0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, 24, 0};
    small.resize(small.size() + 2 * 2 * 3, 200);
    auto ok = media::decode_image_memory(small, "small.tga");
    ASSERT_TRUE(ok.has_value()) << ok.error();
    EXPECT_EQ(ok->width, 2u);
}

TEST_F(MediaHostile, JpegWithFillBytesBeforeItsStartMarkerIsRefused) {
    // libFuzzer's find (corpus/image/jpeg-fill-bytes-before-start-marker.jpg): FF FF D8 ... is no JPEG to TurboJPEG's
    // test but one to stb_image's, whose decoder left some pixels of this corrupt file unwritten (two decodes of it
    // differed). Such a file is refused, and stb never decodes a JPEG.
    auto bytes =
        core::read_file(fs::path(VREX_SOURCE_DIR) / "tests/fuzz/corpus/image/jpeg-fill-bytes-before-start-marker.jpg");
    ASSERT_TRUE(bytes.has_value());
    const std::string why = "x.jpg: corrupt JPEG (bytes before its start-of-image marker)";
    auto probe = media::probe_image_memory(*bytes, "x.jpg");
    ASSERT_FALSE(probe.has_value());
    EXPECT_EQ(probe.error(), why);
    auto image = media::decode_image_memory(*bytes, "x.jpg");
    ASSERT_FALSE(image.has_value());
    EXPECT_EQ(image.error(), why);
}
