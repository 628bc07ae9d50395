// tour::Tiles -> media::TilePyramid, and the files check behind `vrex lint`.
#include "scene/tiles_source.hpp"

#include <algorithm>
#include <optional>
#include <system_error>

namespace vrex::scene {
namespace {

media::TileLayout layout_of(tour::TilesLayout l) {
    switch (l) {
    case tour::TilesLayout::Pannellum:
        return media::TileLayout::pannellum;
    case tour::TilesLayout::Marzipano:
        return media::TileLayout::marzipano;
    case tour::TilesLayout::Krpano:
        return media::TileLayout::krpano;
    case tour::TilesLayout::Vrex:
        break;
    }
    return media::TileLayout::vrex;
}

// The coarsest level's files and the preview's: what lint checks.
std::vector<std::filesystem::path> checked_files(const media::TilePyramid& p) {
    std::vector<std::filesystem::path> files;
    const int n = p.levels.front().tiles_per_side();
    for (int f = 0; f < media::k_cube_faces; ++f)
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) files.push_back(p.tile_path({0, media::CubeFace(f), x, y}));
    for (const auto& face : p.preview_faces) files.push_back(face);
    if (p.preview_strip) files.push_back(*p.preview_strip);
    if (p.preview_equirect) files.push_back(*p.preview_equirect);
    return files;
}

// Those of checked_files that are not there.
std::vector<std::filesystem::path> missing_files(const media::TilePyramid& p) {
    const std::vector<std::filesystem::path> files = checked_files(p);
    std::vector<std::filesystem::path> missing;
    std::error_code ec;
    for (const auto& file : files)
        if (!std::filesystem::is_regular_file(file, ec)) missing.push_back(file);
    return missing;
}

} // namespace

core::Expected<media::TilePyramid, std::string> tile_pyramid(const tour::Tiles& tiles,
                                                             const std::filesystem::path& tour_folder) {
    if (tiles.layout == tour::TilesLayout::Vrex) return media::read_vrex_pyramid(tiles.folder.path);
    media::ForeignTileSpec spec;
    spec.layout = layout_of(tiles.layout);
    spec.pattern = tiles.pattern.written;
    spec.extension = tiles.extension;
    spec.tile_size = tiles.tile_size;
    spec.face_size = tiles.face_size;
    spec.level_count = tiles.level_count;
    for (const tour::TilesLevel& l : tiles.levels) {
        spec.levels.push_back({l.size, l.tile_size});
        spec.fallback_only.push_back(l.fallback_only);
    }
    spec.preview_pattern = tiles.preview.written;
    return media::foreign_pyramid(spec, tour_folder);
}

namespace {

// The first of `files` that is a link leading out of the tour's folder, if any.
std::optional<std::filesystem::path> first_outside(const std::vector<std::filesystem::path>& files,
                                                   const std::filesystem::path& tour_folder) {
    std::error_code ec;
    const std::filesystem::path root = std::filesystem::weakly_canonical(tour_folder, ec);
    if (ec) return std::nullopt;
    for (const auto& file : files) {
        const std::filesystem::path real = std::filesystem::weakly_canonical(file, ec);
        if (!ec && std::mismatch(root.begin(), root.end(), real.begin(), real.end()).first != root.end()) return file;
    }
    return std::nullopt;
}

} // namespace

std::string check_tiles(const tour::Tiles& tiles, const std::filesystem::path& tour_folder) {
    auto pyramid = tile_pyramid(tiles, tour_folder);
    if (!pyramid) return pyramid.error();
    if (std::optional<std::filesystem::path> out = first_outside(checked_files(*pyramid), tour_folder))
        return out->lexically_relative(tour_folder).string() + " is a link to a file outside the tour's folder";
    const std::vector<std::filesystem::path> missing = missing_files(*pyramid);
    if (missing.empty()) return {};
    std::string text = std::to_string(missing.size()) + " file" + (missing.size() == 1 ? "" : "s") +
                       " of the coarsest level or the preview missing (" + pyramid->description + "): ";
    for (size_t i = 0; i < missing.size() && i < 3; ++i)
        text += (i ? ", " : "") + missing[i].lexically_relative(tour_folder).string();
    return text + (missing.size() > 3 ? ", ..." : "");
}

} // namespace vrex::scene
