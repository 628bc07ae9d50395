// libFuzzer target for the image decoders (tests/fuzz/README.md): media::probe_image_memory, decode_image_memory,
// the reduced decode, decode_image_reduced_memory, and decode_image_into (the panorama path: straight into memory the
// caller gives, with a row pitch wider than the image) on the same bytes. Each must end in an image whose size matches
// its pixels (and the probe, and the reduced decode's scale), or in an error that starts with the name given; the
// decode into memory must give the same pixels as the plain decode and write nothing outside its rows.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "media/image.hpp"

namespace {

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_image: broken promise: %s\n", what);
    std::abort();
}

template <typename T> void check_error(const vrex::core::Expected<T, std::string>& r) {
    if (!r && r.error().rfind("in.img: ", 0) != 0) fail("the error does not start with the name");
}

void check_image(const vrex::media::Image& img) {
    if (img.width == 0 || img.height == 0) fail("an image without pixels");
    if (img.rgba.size() != size_t(img.width) * img.height * 4) fail("pixels do not match the size");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> bytes(data, size);
    const auto info = vrex::media::probe_image_memory(bytes, "in.img");
    check_error(info);
    const auto full = vrex::media::decode_image_memory(bytes, "in.img");
    check_error(full);
    if (full) {
        check_image(*full);
        if (!info || info->width != full->width || info->height != full->height) fail("decode and probe disagree");
    }
    // Into caller memory: rows 16 bytes apart beyond the image, the gaps and a guard after the last row kept intact.
    std::vector<uint8_t> target;
    size_t pitch = 0;
    const auto into = vrex::media::decode_image_into(
        bytes, "in.img", [&](uint32_t w, uint32_t h) -> vrex::core::Expected<vrex::media::PixelRows, std::string> {
            pitch = size_t(w) * 4 + 16;
            target.assign(pitch * h + 64, 0xA5);
            return vrex::media::PixelRows{target.data(), pitch, w, h};
        });
    check_error(into);
    if (bool(into) != bool(full)) fail("decode_image_into and decode_image_memory disagree on success");
    if (into && full) {
        if (into->width != full->width || into->height != full->height) fail("decode_image_into has another size");
        for (uint32_t y = 0; y < full->height; ++y) {
            const uint8_t* row = target.data() + y * pitch;
            if (std::memcmp(row, &full->rgba[size_t(y) * full->width * 4], size_t(full->width) * 4) != 0)
                fail("decode_image_into gives other pixels");
            for (size_t i = size_t(full->width) * 4; i < pitch; ++i)
                if (row[i] != 0xA5) fail("decode_image_into wrote between rows");
        }
        for (size_t i = pitch * full->height; i < target.size(); ++i)
            if (target[i] != 0xA5) fail("decode_image_into wrote past the last row");
    }
    for (uint32_t min_width : {1u, 64u}) {
        const auto reduced = vrex::media::decode_image_reduced_memory(bytes, "in.img", min_width);
        check_error(reduced);
        if (!reduced) continue;
        check_image(*reduced);
        if (!info) fail("a reduced decode of what the probe refuses");
        // 1/2, 1/4 or 1/8 of the full size, rounded up, and at least min_width wide.
        bool scale_ok = false;
        for (uint32_t d : {2u, 4u, 8u})
            scale_ok = scale_ok ||
                       (reduced->width == (info->width + d - 1) / d && reduced->height == (info->height + d - 1) / d);
        if (!scale_ok || reduced->width < min_width) fail("the reduced size is not a reducing scale of the full one");
    }
    return 0;
}
