// libFuzzer target for the image decoders (tests/fuzz/README.md): media::probe_image_memory, decode_image_memory and
// the reduced decode, decode_image_reduced_memory, on the same bytes. Each must end in an image whose size matches
// its pixels (and the probe, and the reduced decode's scale), or in an error that starts with the name given.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

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
