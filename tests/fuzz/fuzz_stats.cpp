// libFuzzer target for the visitor statistics reader (tests/fuzz/README.md): the bytes as one visit log
// (stats::read_visit_text), then summed (stats::summarise) and splatted into a small heat map, as `vrex stats` does.
// Promises: no crash or hang; every warning names the file and a line inside the text; every visit read has stays
// that end after they begin, view samples inside yaw [-180, 180] and pitch [-90, 90]; the summary's counts agree
// with the visits; the heat map's values are finite and not negative.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "stats/heatmap.hpp"
#include "stats/summary.hpp"
#include "stats/visit_log.hpp"

namespace {

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_stats: broken promise: %s\n", what);
    std::abort();
}

void check_warnings(const vrex::stats::LogRead& read, std::size_t lines) {
    for (const std::string& w : read.warnings) {
        if (w.rfind("fuzz.jsonl:", 0) != 0) fail("a warning that does not name the file");
        const long line = std::strtol(w.c_str() + 11, nullptr, 10);
        if (line < 1 || std::size_t(line) > lines) fail("a warning whose line is outside the text");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t lines = 1;
    for (const char c : text) lines += c == '\n';
    vrex::stats::LogRead read;
    vrex::stats::read_visit_text(text, "fuzz.jsonl", read);
    check_warnings(read, lines);
    vrex::stats::HeatGrid grid(64, 32);
    std::size_t samples = 0;
    for (const vrex::stats::Visit& v : read.visits) {
        for (const auto& stay : v.stays)
            if (!(stay.leave >= stay.enter) || !std::isfinite(stay.leave)) fail("a stay that ends before it begins");
        for (const auto& s : v.views) {
            if (!(s.yaw >= -180 && s.yaw <= 180 && s.pitch >= -90 && s.pitch <= 90)) fail("a view out of range");
            if (samples++ < 200) grid.splat(s.yaw, s.pitch, 5.0);
        }
    }
    const vrex::stats::Summary summary = vrex::stats::summarise(read.visits, nullptr);
    if (summary.visits != int(read.visits.size())) fail("the summary lost visits");
    std::size_t summed = 0;
    for (const auto& scene : summary.scenes) {
        if (scene.visits > summary.visits || scene.total_s < 0 || scene.median_s < 0) fail("a scene's sums are wrong");
        summed += scene.samples;
    }
    if (summed != samples) fail("the summary lost view samples");
    for (uint32_t y = 0; y < grid.height(); ++y)
        for (uint32_t x = 0; x < grid.width(); ++x)
            if (!std::isfinite(grid.at(x, y)) || grid.at(x, y) < 0) fail("a heat value that is not finite");
    (void)vrex::stats::summary_table(summary);
    (void)vrex::stats::summary_json(summary, {});
    return 0;
}
