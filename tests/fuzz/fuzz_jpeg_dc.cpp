// libFuzzer target for the DC decode of a JPEG (media::decode_jpeg_dc, tests/fuzz/README.md): on the same bytes, one
// slice and three slices cut anywhere must agree (both fail, or both give the same pixels: the slices' guessed starts
// and the pass that joins them must never change the picture), a picture must be 1/8 of the size TurboJPEG's probe
// reads, and an error must start with the name given.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "media/image.hpp"
#include "media/jpeg_dc.hpp"

namespace {

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_jpeg_dc: broken promise: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> bytes(data, size);
    const auto info = vrex::media::probe_image_memory(bytes, "in.jpg");
    // The caller (decode_image_reduced_memory) refuses sizes over the limits before this decode; so does the target.
    if (info && uint64_t(info->width) * info->height > (uint64_t(1) << 26)) return 0;
    const auto one = vrex::media::decode_jpeg_dc(bytes, "in.jpg", {.slices = 1});
    const auto three = vrex::media::decode_jpeg_dc(bytes, "in.jpg", {.slices = 3, .min_slice_bytes = 1});
    for (const auto* r : {&one, &three})
        if (!*r && r->error().rfind("in.jpg: ", 0) != 0) fail("the error does not start with the name");
    if (bool(one) != bool(three)) fail("one slice and three disagree on success");
    if (!one) return 0;
    if (one->rgba != three->rgba) fail("one slice and three give other pixels");
    if (one->rgba.size() != size_t(one->width) * one->height * 4) fail("pixels do not match the size");
    if (!info) fail("a DC decode of what the probe refuses");
    if (one->width != (info->width + 7) / 8 || one->height != (info->height + 7) / 8) fail("not 1/8 of the size");
    return 0;
}
