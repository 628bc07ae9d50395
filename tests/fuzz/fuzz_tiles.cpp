// libFuzzer target for the tile pyramid descriptions (tests/fuzz/README.md): the same bytes as a vrex manifest
// (media::parse_vrex_manifest) and as a tour file (tour::load_tour_from_string, files unchecked), whose scenes may
// name tiles; a tour's tiles are then turned into a pyramid (scene::tile_pyramid's work, media::foreign_pyramid and
// every TileKey of its coarsest level given a path). Each must end in a value or an error naming the input; a
// pyramid has levels that grow and a path for every coarsest tile.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "media/tiles.hpp"
#include "tour/load.hpp"

namespace {

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_tiles: broken promise: %s\n", what);
    std::abort();
}

void check_pyramid(const vrex::media::TilePyramid& p) {
    if (p.levels.empty()) fail("a pyramid without levels");
    for (size_t i = 0; i < p.levels.size(); ++i) {
        if (p.levels[i].face_size < 1 || p.levels[i].tile_size < 1) fail("a level without pixels");
        if (i > 0 && p.levels[i].face_size <= p.levels[i - 1].face_size) fail("levels that do not grow");
    }
    const int n = p.levels.front().tiles_per_side();
    if (n < 1 || !p.tile_path) fail("no coarsest tiles");
    for (int f = 0; f < vrex::media::k_cube_faces && n <= 64; ++f)
        if (p.tile_path({0, vrex::media::CubeFace(f), n - 1, n - 1}).empty()) fail("an empty tile path");
}

vrex::media::ForeignTileSpec spec_of(const vrex::tour::Tiles& t) {
    vrex::media::ForeignTileSpec s;
    s.layout = t.layout == vrex::tour::TilesLayout::Pannellum   ? vrex::media::TileLayout::pannellum
               : t.layout == vrex::tour::TilesLayout::Marzipano ? vrex::media::TileLayout::marzipano
                                                                : vrex::media::TileLayout::krpano;
    s.pattern = t.pattern.written;
    s.extension = t.extension;
    s.tile_size = t.tile_size;
    s.face_size = t.face_size;
    s.level_count = t.level_count;
    for (const auto& l : t.levels) {
        s.levels.push_back({l.size, l.tile_size});
        s.fallback_only.push_back(l.fallback_only);
    }
    s.preview_pattern = t.preview.written;
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto manifest = vrex::media::parse_vrex_manifest(text, "in/tiles.json", "in");
    if (manifest)
        check_pyramid(*manifest);
    else if (manifest.error().rfind("in/tiles.json", 0) != 0)
        fail("a manifest error that does not name the manifest");
    vrex::tour::LoadOptions options;
    options.check_files = false;
    const vrex::tour::LoadResult r = vrex::tour::load_tour_from_string(text, "in/tour.yaml", options);
    if (!r.tour) return 0;
    for (const auto& scene : r.tour->scenes) {
        const auto& p = scene.panorama;
        if (p.kind != vrex::tour::PanoramaKind::Tiles || p.tiles.layout == vrex::tour::TilesLayout::Vrex) continue;
        auto pyramid = vrex::media::foreign_pyramid(spec_of(p.tiles), "in");
        if (!pyramid) fail("a tour without errors whose tiles make no pyramid");
        check_pyramid(*pyramid);
    }
    return 0;
}
