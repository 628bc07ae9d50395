// libFuzzer target for the importers of other viewers' tours (engine/tour/import_*.cpp, docs/import/): the first
// byte picks the format (Pannellum, Marzipano data.js, VR View, krpano XML, Photo Sphere Viewer), the rest is the
// file. detect_import_format, parse_foreign_tour, emit_tour_yaml and the loader on the emitted text must end
// without a crash, and every importer diagnostic names the source file.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tour/import.hpp"

namespace {

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_import: broken promise: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace vrex::tour;
    if (size < 1) return 0;
    static const ImportFormat k_formats[] = {ImportFormat::Pannellum, ImportFormat::Marzipano, ImportFormat::VrView,
                                             ImportFormat::Krpano, ImportFormat::PhotoSphereViewer};
    static const char* k_names[] = {"in.json", "in.js", "in.json", "in.xml", "in.json"};
    const std::size_t pick = data[0] % 5;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    (void)detect_import_format(k_names[pick], text);
    const ImportedTour tour = parse_foreign_tour(k_formats[pick], text, k_names[pick]);
    for (const Diagnostic& d : tour.diagnostics)
        if (d.file != k_names[pick]) fail("an importer diagnostic does not name the source");
    std::vector<Diagnostic> diagnostics;
    const std::string yaml = emit_tour_yaml(tour, media_paths_beside_source(), diagnostics);
    if (yaml.empty()) return 0;
    LoadOptions options;
    options.check_files = false;
    const LoadResult loaded = load_tour_from_string(yaml, "tour.yaml", options);
    if (loaded.ok() && loaded.tour->scenes.empty()) fail("a loaded tour without scenes");
    return 0;
}
