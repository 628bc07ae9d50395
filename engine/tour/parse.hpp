#pragma once
// Internal to the tour module: the steps of load_tour. Each reports into the Context and never throws on bad
// input. Parsing keeps one Scene / Hotspot / Exhibit per list item, even a broken one, so the later checks name
// the right index (`scenes[2]`); empty ids and references mean "already reported" and are skipped.
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "tour/load.hpp"
#include "tour/parse_context.hpp"
#include "tour/tour.hpp"

namespace vrex::tour::detail {

struct SyntaxError {
    YAML::Mark mark;
    std::string message;
};
// Turns a yaml-cpp parse error into a message and place for curators: an unclosed `{` or `[` is reported where
// it opens, and a tab in the indentation is named.
SyntaxError explain_syntax_error(std::string_view text, const YAML::Exception& e);

// Fills `tour` from the document's root node. `tour.folder` must be set.
void parse_document(Context& ctx, const YAML::Node& root, Tour& tour);

Scene parse_scene(Context& ctx, const YAML::Node& node, const std::string& path, const std::filesystem::path& folder);

// An item of `exhibits` (parse_exhibit.cpp): texts, gallery images with captions, a model and how it is shown.
Exhibit parse_exhibit(Context& ctx, const YAML::Node& node, const std::string& path,
                      const std::filesystem::path& folder);

Text parse_text(Context& ctx, const Entry& e);

// `panorama.tiles` (parse_tiles.cpp): a vrex pyramid's folder or a web viewer's tile layout; sets p.kind = Tiles.
void parse_tiles(Context& ctx, const Entry& e, Panorama& p, const std::filesystem::path& folder);

// Refuses URLs, absolute paths, backslashes and paths that climb out of `folder` (without looking at the disk).
std::optional<FileRef> parse_file_ref(Context& ctx, const Entry& e, const std::filesystem::path& folder);
std::optional<FileRef> parse_file_ref(Context& ctx, const YAML::Node& node, const std::string& path,
                                      const std::filesystem::path& folder);

// Duplicate ids, unknown link targets, exhibits and start, scenes no link reaches, exhibits nothing shows.
void check_references(Context& ctx, const Tour& tour);

// Reads an optional number and checks lo <= v <= hi ("key 200 is out of range: <meaning>").
std::optional<double> ranged(MapReader& r, std::string_view key, bool required, double lo, double hi,
                             const char* meaning);
// A number as a curator wrote it: 12.5, not 12.500000.
std::string number_text(double v);

// Files exist, stay inside the folder through symlinks too, and (with a probe) have the sizes the format needs.
void check_files(Context& ctx, const Tour& tour, const LoadOptions& options);

} // namespace vrex::tour::detail
