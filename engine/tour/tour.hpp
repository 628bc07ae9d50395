#pragma once
// The curators' tour format (docs/authoring.md) as plain structs, produced by load_tour (load.hpp).
// No GPU or media objects here. Angles are degrees (DESIGN.md §2): yaw 0 = image centre, positive yaw turns
// right, positive pitch looks up. Yaw values (view, hotspots, north) are wrapped into (-180, 180] on load.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vrex::tour {

// Where a node starts in the tour file: 1-based line and column (column counts characters); 0 = unknown.
struct SourcePos {
    int line = 0;
    int col = 0;
    auto operator<=>(const SourcePos&) const = default;
};

// A text in one or more languages. A plain string in the file is stored under the tour's default language
// (the first of tour.languages, or "" when the tour declares none).
struct Text {
    std::map<std::string, std::string> by_language;
    SourcePos pos;

    bool empty() const { return by_language.empty(); }
    // The text in `language`, else in `fallback`, else the first there is, else "".
    const std::string& get(std::string_view language, std::string_view fallback = {}) const;
};

// A file the tour refers to. The file holds a path relative to the tour's folder; it never leaves that folder.
struct FileRef {
    std::string written;        // as written in the file, e.g. "panos/hall.jpg"
    std::filesystem::path path; // tour folder / written, lexically normal
    SourcePos pos;
};

struct View {
    double yaw = 0;
    double pitch = 0;
    double hfov = 100;
    SourcePos pos;
};

enum class PanoramaKind { Equirect, Cube, Tiles };
// TopBottom: left eye in the top half; SideBySide: left eye in the left half.
enum class StereoLayout { Mono, TopBottom, SideBySide };

// A tiled multiresolution cube panorama (`panorama: {tiles: ...}`, docs/authoring.md, docs/tiles.md), as plain
// values: the scene side turns them into a media::TilePyramid (media::read_vrex_pyramid for Vrex,
// media::foreign_pyramid with a media::ForeignTileSpec for the web viewers' layouts, relative to Tour::folder).
enum class TilesLayout { Vrex, Pannellum, Marzipano, Krpano };
struct TilesLevel {
    int tile_size = 0;
    int size = 0;               // the face's size in pixels at this level
    bool fallback_only = false; // Marzipano: a level held by the preview only (no tile files)
};
struct Tiles {
    TilesLayout layout = TilesLayout::Vrex;
    FileRef folder;        // Vrex: the pyramid's folder (made by `vrex tile`, holding tiles.json)
    FileRef pattern;       // Pannellum `path`, Marzipano `path`, krpano `url`: placeholders kept, relative to the tour
    std::string extension; // Pannellum: appended to the pattern with a dot
    int tile_size = 0;     // Pannellum `tile_size`; krpano: the first `multires` value
    int face_size = 0;     // Pannellum `face_size` (the finest level's)
    int level_count = 0;   // Pannellum `levels`
    std::vector<TilesLevel> levels; // Marzipano `levels`, krpano `multires` sizes; coarsest first
    FileRef preview;                // optional: Pannellum `fallback` (a pattern with %s), Marzipano/krpano `preview`
    SourcePos pos;
};

struct Panorama {
    PanoramaKind kind = PanoramaKind::Equirect;
    FileRef image;             // Equirect
    std::vector<FileRef> cube; // Cube: 6 faces in the order front, right, back, left, up, down
    Tiles tiles;               // Tiles
    StereoLayout stereo = StereoLayout::Mono;
    // Coverage of a partial equirect (degrees): horizontal and vertical angle of view, and the vertical offset
    // of its centre from the horizon (positive = up). A full panorama is 360 × 180 with offset 0.
    double haov = 360;
    double vaov = 180;
    double voffset = 0;
    SourcePos pos;

    bool is_partial() const { return haov < 360 || vaov < 180; }
};

// How one angle of the arrival view is chosen when a link is followed.
//   TargetView:  the target scene's `view` (the default).
//   Value:       the number given.
//   Same:        the angle the visitor had when leaving.
//   SameAzimuth: yaw only: keep the compass direction, using both scenes' `north`.
enum class ArriveRule { TargetView, Value, Same, SameAzimuth };
struct ArriveAngle {
    ArriveRule rule = ArriveRule::TargetView;
    double value = 0;
};
struct Arrive {
    ArriveAngle yaw, pitch, hfov;
    SourcePos pos;
};

enum class HotspotKind { Link, Info, Media, Model };

struct Hotspot {
    std::string id; // optional in the file; "" when absent
    SourcePos id_pos;
    HotspotKind kind = HotspotKind::Info;
    double yaw = 0; // `at`
    double pitch = 0;
    SourcePos at_pos;
    Text label;
    std::string target; // Link: a scene id
    SourcePos target_pos;
    Arrive arrive;       // Link
    std::string exhibit; // Info, Media, Model: an exhibit id
    SourcePos exhibit_pos;
    SourcePos pos;
};

// One picture of an exhibit's gallery (a media hotspot shows them in turn), with a caption per language.
struct ExhibitImage : FileRef {
    Text caption;
};

// How a model hotspot shows its object: in the hotspot's direction, `distance` metres away, turned by `rotate`
// (degrees, applied yaw, then pitch, then roll, to the model as authored), as large as `size` degrees of the
// visitor's view (the bounding sphere's angular diameter). Unset values are chosen by the viewer (1.5 m, fitted).
struct ModelView {
    std::optional<double> distance; // 0.5 to 20 m
    std::optional<double> size;     // 2 to 120 degrees
    double yaw = 0, pitch = 0, roll = 0;
    bool turntable = true; // turns slowly until the visitor takes it
    SourcePos pos;
};

// A 3D model file (glTF, GLB, OBJ, FBX, COLLADA) and how it is shown.
struct ExhibitModel : FileRef {
    ModelView view;
};

struct Exhibit {
    std::string id;
    SourcePos id_pos;
    Text title;
    Text text;
    std::vector<ExhibitImage> images;
    std::optional<ExhibitModel> model;
    SourcePos pos;
};

struct Scene {
    std::string id;
    SourcePos id_pos;
    Text title;
    Panorama panorama;
    double north = 0; // the yaw that points north
    View view;        // where the visitor looks on arrival, unless a link says otherwise
    std::vector<Hotspot> hotspots;
    SourcePos pos;
};

struct Tour {
    std::filesystem::path file;   // the tour file as given to the loader
    std::filesystem::path folder; // its folder; every FileRef lies under it
    Text title;
    Text description;
    std::string start; // the first scene; defaults to the first in `scenes`
    SourcePos start_pos;
    std::vector<std::string> languages; // first = default
    std::vector<Scene> scenes;
    std::vector<Exhibit> exhibits;
    // Headset gaze: seconds of looking at a hotspot that activate it (nullopt: the viewer's default, 1 s).
    std::optional<double> dwell_seconds;

    std::string_view default_language() const;
    const Scene* find_scene(std::string_view id) const;
    const Exhibit* find_exhibit(std::string_view id) const;
};

// The view after following `link` from scene `from` (where the visitor looked along `current`) to scene `to`.
View arrival_view(const Hotspot& link, const View& current, const Scene& from, const Scene& to);

} // namespace vrex::tour
