// libFuzzer target for the DC decode of a JPEG (media::decode_jpeg_dc, tests/fuzz/README.md): on the same bytes, one
// slice and three slices cut anywhere must agree (both fail, or both give the same pixels: the slices' guessed starts
// and the pass that joins them must never change the picture), a picture of what TurboJPEG's probe reads must be 1/8
// of its size, and an error must start with the name given. Then the full decode in two halves from the cut the DC decode
// found (media::decode_jpeg_halves, jpeg_band.hpp): where it and TurboJPEG's whole decode both succeed, the same
// pixels; never a crash or a read outside the data (ASan).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include <turbojpeg.h>

#include "media/image.hpp"
#include "media/jpeg_band.hpp"
#include "media/jpeg_dc.hpp"

namespace {

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_jpeg_dc: broken promise: %s\n", what);
    std::abort();
}

// TurboJPEG's whole decode, as decode_jpeg_into makes it; empty when it fails.
std::vector<uint8_t> whole(std::span<const uint8_t> bytes, uint32_t w, uint32_t h) {
    std::vector<uint8_t> rgba(size_t(w) * h * 4);
    tjhandle tj = tjInitDecompress();
    const int r = tjDecompress2(tj, bytes.data(), static_cast<unsigned long>(bytes.size()), rgba.data(), int(w), 0,
                                int(h), TJPF_RGBA, TJFLAG_STOPONWARNING);
    tjDestroy(tj);
    if (r != 0) rgba.clear();
    return rgba;
}

void check_halves(std::span<const uint8_t> bytes, uint32_t w, uint32_t h) {
    vrex::media::JpegDcCut cut;
    if (!vrex::media::decode_jpeg_dc(bytes, "in.jpg", {.slices = 2, .min_slice_bytes = 1, .cut = &cut}) || !cut.data)
        return;
    std::vector<uint8_t> halves(size_t(w) * h * 4);
    const std::string e = vrex::media::decode_jpeg_halves(bytes, cut, {halves.data(), size_t(w) * 4, w, h});
    const std::vector<uint8_t> reference = whole(bytes, w, h);
    if (e.empty() && !reference.empty() && halves != reference) fail("the halves and the whole decode differ");
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
    // The caller probes first and refuses what TurboJPEG's header read refuses (even a warning, such as an unknown
    // JFIF revision, corpus/jpeg_dc/jfif-revision-0.jpg): the DC decode may take more, it is never asked to.
    if (!info) return 0;
    if (one->width != (info->width + 7) / 8 || one->height != (info->height + 7) / 8) fail("not 1/8 of the size");
    check_halves(bytes, info->width, info->height);
    return 0;
}
