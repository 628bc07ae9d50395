#pragma once
// Tours made for other viewers (Pannellum, Marzipano, Google VR View, krpano, Photo Sphere Viewer), read into
// plain values and written out as the text of a vrex tour.yaml, which the normal loader then reads. `vrex import`
// writes that text; `vrex view`, `vrex shot` and `vrex lint` open a foreign file through the same path.
// docs/import/*.md says, per source, what maps to what. Nothing here throws on bad input: problems are
// diagnostics naming the source file and line.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tour/diagnostic.hpp"
#include "tour/load.hpp"

namespace vrex::tour {

enum class ImportFormat { Unknown, Pannellum, Marzipano, VrView, Krpano, PhotoSphereViewer };

// "Pannellum", "Marzipano", ...; "" for Unknown.
std::string_view import_format_name(ImportFormat format);

// Recognises a foreign tour by its content (and name: krpano's XML, Marzipano's data.js). Unknown for a vrex tour
// (a map with `scenes` as a list of maps with `panorama`, or `tour:`) and for anything else.
ImportFormat detect_import_format(const std::filesystem::path& file, std::string_view text);

// One hotspot in vrex's convention (degrees, yaw 0 = image centre and positive right, pitch up).
struct ImportedHotspot {
    bool link = true; // false: an info hotspot, shown as an exhibit with `title` and `text`
    double yaw = 0;
    double pitch = 0;
    std::string label;  // Link: shown beside it
    std::string target; // Link: the source's scene id
    // Link: `arrive` values as YAML scalars ("same", "same-azimuth" or a number); "" = not given.
    std::string arrive_yaw, arrive_pitch, arrive_hfov;
    std::string title, text; // Info
    int line = 0;            // in the source; 0 = unknown
};

// A tiled panorama as the tour format's `tiles:` gives it (docs/authoring.md): the source's own layout, its
// pattern relative to the source's folder. Empty layout: none.
struct ImportedTiles {
    std::string layout;  // "pannellum", "marzipano" or "krpano"
    std::string pattern; // Pannellum `path` (with basePath), Marzipano `path`, krpano `url`
    std::string extension;
    int tile_size = 0, face_size = 0, level_count = 0; // Pannellum
    struct Level {
        int tile_size = 0, size = 0;
        bool fallback_only = false;
    };
    std::vector<Level> levels; // Marzipano
    std::string multires;      // krpano, as written
    std::string preview;       // Pannellum `fallback` pattern, Marzipano and krpano preview image
};

struct ImportedScene {
    std::string id; // as in the source
    std::string title;
    // Media paths as written in the source, relative to its folder. One image, six cube faces (front, right,
    // back, left, up, down) or tiles. None: the scene cannot be shown (an error is among the diagnostics).
    std::string image;
    std::vector<std::string> cube;
    ImportedTiles tiles; // set: the scene's panorama is these tiles (image and cube then unused)
    std::string stereo;  // "", "top-bottom" or "side-by-side"
    double haov = 360, vaov = 180, voffset = 0;
    double north = 0;
    std::optional<double> yaw, pitch, hfov;
    std::vector<ImportedHotspot> hotspots;
    int line = 0;
};

struct ImportedTour {
    ImportFormat format = ImportFormat::Unknown;
    std::filesystem::path source; // the file read
    std::string title;
    std::string start; // source scene id; "" = the first
    std::vector<ImportedScene> scenes;
    std::vector<Diagnostic> diagnostics; // warnings for what is not carried over, errors for what cannot be read
};

// Reads `text` (the content of `file`) as `format`.
ImportedTour parse_foreign_tour(ImportFormat format, std::string_view text, const std::filesystem::path& file);

// Turns a media path as written in the source into the path tour.yaml gives; nullopt (with `why`) when it cannot.
using MediaPathMap = std::function<std::optional<std::string>(const std::string& written, std::string& why)>;

// The path relative to the source's folder, lexically normal; refused when it is absolute, a URL or leaves the folder.
MediaPathMap media_paths_beside_source();

// The text of a vrex tour.yaml with comments naming the source file and line of each scene and hotspot. Paths
// that `paths` refuses are errors in `diagnostics` (the scene keeps the source's path, which lint then reports).
std::string emit_tour_yaml(const ImportedTour& tour, const MediaPathMap& paths, std::vector<Diagnostic>& diagnostics);

struct ImportResult {
    ImportFormat format = ImportFormat::Unknown;
    std::string summary;                 // e.g. "Pannellum tour, 2 scenes" (for the one line view/shot print)
    std::string yaml;                    // "" when nothing could be imported
    std::optional<ImportedTour> tour;    // what was read
    std::vector<Diagnostic> diagnostics; // the importer's, naming the source file and line

    bool ok() const { return !yaml.empty() && count_errors(diagnostics) == 0; }
};

// Reads `file` (at most max_bytes), detects its format and imports it with `paths` (default: beside the source).
ImportResult import_foreign_tour(const std::filesystem::path& file, const MediaPathMap& paths = {},
                                 std::size_t max_bytes = k_default_max_file_bytes);

// True when `path` is a file that detect_import_format recognises.
bool looks_like_foreign_tour(const std::filesystem::path& path);

// Imports `file` and loads the result as a tour whose folder is the source's. The diagnostics are the importer's
// (source file:line) followed by the loader's; the tour is set when neither has errors.
LoadResult load_foreign_tour(const std::filesystem::path& file, const LoadOptions& options = {},
                             std::string* summary = nullptr);

} // namespace vrex::tour
