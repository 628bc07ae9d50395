#pragma once
// Tiled multiresolution cube panoramas: a pyramid of square tiles per cube face, levels of increasing resolution,
// and an optional small preview. One description for vrex's own pyramids (`vrex tile`) and the web viewers' layouts
// (Pannellum `multires`, Marzipano cube tiles, krpano cube multires), so that the renderer knows one shape only.
//
// Faces are in vrex's order and orientation, the same as six-face panoramas (tour::Panorama::cube,
// shaders/faces_to_cube.comp): front (yaw 0), right (yaw 90), back, left, up, down; each face seen from inside,
// its image x to the right and y down as the visitor sees it; up has its edge towards the front face at the
// bottom, down at the top (Pannellum's convention). A reader of a foreign layout maps its face names, tile indices
// and pixel orientation to this one, so that TileKey and the decoded tile are always in vrex's terms.
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "media/image.hpp"

namespace vrex::media {

enum class CubeFace : uint8_t { front, right, back, left, up, down };
constexpr int k_cube_faces = 6;

// One level: faces of `face_size` pixels cut into `tile_size` tiles; the last row and column may be narrower
// (face_size need not be a multiple of tile_size).
struct TileLevel {
    int face_size = 0;
    int tile_size = 0;
    int tiles_per_side() const { return (face_size + tile_size - 1) / tile_size; }
};

// A tile: level 0 is the coarsest; x counts columns from the face's left, y rows from its top (vrex's orientation).
struct TileKey {
    int level = 0;
    CubeFace face = CubeFace::front;
    int x = 0;
    int y = 0;
    auto operator<=>(const TileKey&) const = default;
};

// How a source stores a face relative to vrex's orientation: turned clockwise by `quarter_turns` × 90°, then
// mirrored left-right when `mirror`. A reader sets it per face; decode_tile undoes it.
struct FaceOrientation {
    int quarter_turns = 0;
    bool mirror = false;
};

enum class TileLayout { vrex, pannellum, marzipano, krpano };

struct TilePyramid {
    TileLayout layout = TileLayout::vrex;
    std::vector<TileLevel> levels; // coarsest first; at least one
    // The file of a tile, in vrex's terms (the reader maps to the source's names and indices). A missing file is a
    // hole the renderer covers with a coarser level.
    std::function<std::filesystem::path(const TileKey&)> tile_path;
    std::array<FaceOrientation, k_cube_faces> orientation{};
    // A small whole panorama shown first: six face files (vrex order), or one equirect; none when empty.
    std::vector<std::filesystem::path> preview_faces;
    std::optional<std::filesystem::path> preview_equirect;
    // Or one image of the six faces stacked top to bottom, in `preview_strip_order` (Marzipano's preview.jpg,
    // "bdflru"; krpano's preview, LFRBUD); read with decode_preview_faces.
    std::optional<std::filesystem::path> preview_strip;
    std::array<CubeFace, k_cube_faces> preview_strip_order{CubeFace::front, CubeFace::right, CubeFace::back,
                                                           CubeFace::left,  CubeFace::up,    CubeFace::down};
    std::string description; // one line for logs and `vrex lint`: "Pannellum multires, 4 levels, 512 px tiles"

    int finest_face_size() const { return levels.empty() ? 0 : levels.back().face_size; }
};

// vrex's face letters, in face order: f r b l u d (the file names of `vrex tile`'s pyramids).
char face_letter(CubeFace face);
// A face image stored in `orientation` (see FaceOrientation) turned into vrex's, and back.
Image to_vrex_orientation(Image stored, FaceOrientation orientation);
Image from_vrex_orientation(Image vrex, FaceOrientation orientation);

// Reads and decodes one tile to RGBA8 (sRGB), turned into vrex's orientation (see FaceOrientation). Same limits
// and error messages as decode_image; a missing file is an error naming it.
core::Expected<Image, std::string> decode_tile(const TilePyramid& pyramid, const TileKey& key);

// A pyramid made by `vrex tile` (its folder, holding the manifest). Errors name the manifest and the line.
core::Expected<TilePyramid, std::string> read_vrex_pyramid(const std::filesystem::path& folder);
// The same from the manifest's text (`name` for errors; tiles relative to `folder`).
core::Expected<TilePyramid, std::string> parse_vrex_manifest(std::string_view text, const std::string& name,
                                                             const std::filesystem::path& folder);

// The manifest of a pyramid made by `vrex tile` (JSON, in the pyramid's folder; docs/tiles.md). Tiles are
// `<level>/<face letter>/<y>_<x>.<extension>` with level 0 the coarsest, x and y 0-based from the face's top left.
inline constexpr const char* k_vrex_manifest = "tiles.json";
struct VrexManifest {
    std::vector<TileLevel> levels; // coarsest first
    std::string extension = "jpg";
    std::string preview; // an equirect file name in the folder, or empty
    int source_width = 0, source_height = 0;
    std::string source_kind = "equirect"; // or "faces"
};
std::string vrex_manifest_json(const VrexManifest& manifest);
// A tile's file relative to the pyramid's folder.
std::filesystem::path vrex_tile_file(const TileKey& key, const std::string& extension);

// The web viewers' layouts, from the values their configs give (see docs/tiles.md). `folder` is what relative
// patterns are resolved against. Pannellum: `path` with %l (level, 1 = coarsest) %s (face letter f r b l u d)
// %x %y, `extension`, `tileResolution`, `maxLevel`, `cubeResolution`, optional `fallbackPath` (%s) as preview.
// Marzipano: `path` with {z} (level index) {f} (face letter) {x} {y}, and `levels` (tileSize, size; a
// `fallbackOnly` level is the preview). krpano: `url` with %s (face letter l f r b u d) %l (level, 1 = the smallest:
// krpano's tools write l1 coarsest) %v %h (1-based row, column; %0v / %00v zero-padded), `multires`
// "tilesize,size1,size2,...".
struct ForeignTileSpec {
    TileLayout layout = TileLayout::pannellum;
    std::string pattern;             // path/url pattern relative to `folder` (the extension appended for Pannellum)
    std::string extension;           // Pannellum's `extension`
    int tile_size = 0;               // Pannellum `tileResolution`; krpano's first `multires` value
    int face_size = 0;               // Pannellum `cubeResolution`
    int level_count = 0;             // Pannellum `maxLevel`
    std::vector<TileLevel> levels;   // Marzipano `levels` / krpano `multires` (coarsest first)
    std::vector<bool> fallback_only; // Marzipano: per entry of `levels`, a level held by the preview only
    std::string preview_pattern;     // Pannellum `fallbackPath`, Marzipano `preview.jpg`, krpano's preview
};
// The preview's six faces in vrex's order and orientation, from preview_faces or preview_strip (an error when the
// pyramid has neither, or the strip is not six squares tall).
core::Expected<std::array<Image, k_cube_faces>, std::string> decode_preview_faces(const TilePyramid& pyramid);

core::Expected<TilePyramid, std::string> foreign_pyramid(const ForeignTileSpec& spec,
                                                         const std::filesystem::path& folder);

} // namespace vrex::media
