// vrex's own pyramids: the manifest (tiles.json, docs/tiles.md) read and written, and the tile file names.
#include "media/tiles.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/file.hpp"

namespace vrex::media {
namespace {

using nlohmann::json;

constexpr int k_max_face_size = 1 << 17;
constexpr int k_max_tile_size = 8192;
constexpr int k_max_levels = 16;

// The line of the first `"key"` in the manifest text, for errors about a value (1 when not found).
int line_of(const std::string& text, const std::string& key) {
    const size_t at = text.find("\"" + key + "\"");
    if (at == std::string::npos) return 1;
    return 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(at), '\n'));
}

struct ManifestReader {
    std::string name; // the manifest's path, for errors
    std::string text;
    std::string fail(const std::string& key, const std::string& what) const {
        return name + ":" + std::to_string(line_of(text, key)) + ": " + what;
    }
};

bool is_plain_relative(const std::string& p) {
    const std::filesystem::path path(p);
    if (p.empty() || path.is_absolute() || p.find('\\') != std::string::npos) return false;
    for (const auto& part : path)
        if (part == "..") return false;
    return true;
}

std::string read_levels(const ManifestReader& r, const json& doc, std::vector<TileLevel>& levels) {
    const auto it = doc.find("levels");
    if (it == doc.end() || !it->is_array() || it->empty() || it->size() > size_t(k_max_levels))
        return r.fail("levels",
                      "\"levels\" must be a list of 1 to " + std::to_string(k_max_levels) + " levels, coarsest first");
    for (const json& l : *it) {
        if (!l.is_object()) return r.fail("levels", "each level is {\"face_size\": N, \"tile_size\": N}");
        const json fs = l.value("face_size", json()), ts = l.value("tile_size", json());
        if (!fs.is_number_integer() || !ts.is_number_integer())
            return r.fail("levels", "each level needs whole numbers \"face_size\" and \"tile_size\"");
        const int64_t face = fs.get<int64_t>(), tile = ts.get<int64_t>();
        if (face < 1 || face > k_max_face_size || tile < 1 || tile > k_max_tile_size)
            return r.fail("levels", "level " + std::to_string(levels.size()) + ": face_size " + std::to_string(face) +
                                        " or tile_size " + std::to_string(tile) + " out of range (1-" +
                                        std::to_string(k_max_face_size) + ", 1-" + std::to_string(k_max_tile_size) +
                                        ")");
        if (!levels.empty() && face <= levels.back().face_size)
            return r.fail("levels", "levels must grow: face_size " + std::to_string(face) + " after " +
                                        std::to_string(levels.back().face_size));
        levels.push_back({int(face), int(tile)});
    }
    return {};
}

std::string read_manifest(const ManifestReader& r, const json& doc, const std::filesystem::path& folder,
                          TilePyramid& out, std::string& extension) {
    if (!doc.is_object()) return r.fail("", "the manifest must be a JSON object");
    const json version = doc.value("vrex_tiles", json());
    if (!version.is_number_integer() || version.get<int64_t>() != 1)
        return r.fail("vrex_tiles", "not a vrex tile manifest: \"vrex_tiles\": 1 expected");
    if (auto e = read_levels(r, doc, out.levels); !e.empty()) return e;
    extension = doc.value("extension", json("jpg")).is_string() ? doc.value("extension", std::string("jpg")) : "";
    if (extension != "jpg" && extension != "png")
        return r.fail("extension", "\"extension\" must be \"jpg\" or \"png\"");
    if (const auto p = doc.find("preview"); p != doc.end()) {
        if (!p->is_string() || !is_plain_relative(p->get<std::string>()))
            return r.fail("preview", "\"preview\" must be a file name inside the pyramid's folder");
        out.preview_equirect = folder / p->get<std::string>();
    }
    return {};
}

} // namespace

std::filesystem::path vrex_tile_file(const TileKey& key, const std::string& extension) {
    return std::filesystem::path(std::to_string(key.level)) / std::string(1, face_letter(key.face)) /
           (std::to_string(key.y) + "_" + std::to_string(key.x) + "." + extension);
}

core::Expected<TilePyramid, std::string> parse_vrex_manifest(std::string_view text, const std::string& name,
                                                             const std::filesystem::path& folder) {
    ManifestReader r{name, std::string(text)};
    json doc;
    try {
        doc = json::parse(r.text);
    } catch (const json::exception& e) { // a parse_error, or out_of_range for a number past double's range
        return core::unexpected(r.name + ": not valid JSON: " + e.what()); // e.what() holds "at line L, column C"
    }
    TilePyramid out;
    std::string extension;
    try {
        if (auto e = read_manifest(r, doc, folder, out, extension); !e.empty()) return core::unexpected(e);
    } catch (const json::exception& e) { // a value of a type the checks above did not foresee
        return core::unexpected(r.name + ": unreadable manifest: " + e.what());
    }
    out.layout = TileLayout::vrex;
    out.tile_path = [folder, extension](const TileKey& key) { return folder / vrex_tile_file(key, extension); };
    out.description = "vrex pyramid, " + std::to_string(out.levels.size()) + " levels, " +
                      std::to_string(out.levels.back().tile_size) + " px tiles, faces up to " +
                      std::to_string(out.finest_face_size()) + " px";
    return out;
}

core::Expected<TilePyramid, std::string> read_vrex_pyramid(const std::filesystem::path& folder) {
    const std::filesystem::path manifest = folder / k_vrex_manifest;
    auto bytes = core::read_file(manifest);
    if (!bytes) return core::unexpected(bytes.error());
    return parse_vrex_manifest(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()),
                               manifest.string(), folder);
}

std::string vrex_manifest_json(const VrexManifest& m) {
    json levels = json::array();
    for (const TileLevel& l : m.levels) levels.push_back({{"face_size", l.face_size}, {"tile_size", l.tile_size}});
    json doc = {{"vrex_tiles", 1}, {"extension", m.extension}, {"levels", levels}};
    if (!m.preview.empty()) doc["preview"] = m.preview;
    if (m.source_width > 0)
        doc["source"] = {{"width", m.source_width}, {"height", m.source_height}, {"kind", m.source_kind}};
    return doc.dump(2) + "\n";
}

} // namespace vrex::media
