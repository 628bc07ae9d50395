// `panorama: {tiles: ...}`: a pyramid made by `vrex tile` (a folder), or a web viewer's tile layout as its config
// gives it (Pannellum multires, Marzipano cube tiles, krpano cube multires). Checked here without the disk; the
// files are check_files' business.
#include <cmath>

#include "tour/parse.hpp"

namespace vrex::tour::detail {
namespace {

constexpr int k_max_tile_size = 8192;
constexpr int k_max_face_size = 1 << 17;
constexpr int k_max_levels = 16;

// A whole number lo..hi, or nullopt after reporting.
std::optional<int> whole(MapReader& r, std::string_view key, bool required, int lo, int hi, const char* meaning) {
    std::optional<double> v = ranged(r, key, required, lo, hi, meaning);
    if (v && *v != std::floor(*v)) {
        const Entry* e = r.find(key);
        r.ctx().error(r.ctx().pos(e->value), e->path,
                      std::string(key) + " " + number_text(*v) + " is not a whole number");
        return std::nullopt;
    }
    if (!v) return std::nullopt;
    return int(*v);
}

// `%l`, `%0v`, `%00h` (krpano pads with zeros between % and the letter); `{z}` for Marzipano.
bool has_placeholder(const std::string& pattern, const std::string& token) {
    if (token.front() == '{') return pattern.find(token) != std::string::npos;
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '%') continue;
        size_t j = i + 1;
        while (j < pattern.size() && pattern[j] == '0') ++j;
        if (j < pattern.size() && pattern[j] == token[1]) return true;
    }
    return false;
}

// The pattern under `key` as a path inside the tour folder, holding every placeholder in `needed`.
FileRef pattern(MapReader& r, std::string_view key, const std::vector<std::string>& needed, const char* layout,
                const std::filesystem::path& folder) {
    const Entry* e = r.find(key);
    if (!e) {
        r.missing(key);
        return {};
    }
    std::optional<FileRef> f = parse_file_ref(r.ctx(), *e, folder);
    if (!f) return {};
    std::string lacking;
    for (const std::string& t : needed)
        if (!has_placeholder(f->written, t)) lacking += (lacking.empty() ? "" : " ") + t;
    if (!lacking.empty()) {
        std::string all;
        for (const std::string& t : needed) all += " " + t;
        r.ctx().error(f->pos, e->path,
                      std::string(key) + " " + quote(f->written) + " lacks " + lacking + " (" + layout +
                          " patterns need" + all + ")");
        return {};
    }
    return *f;
}

// Keys that belong to other layouts are errors here, not silently ignored.
void refuse_others(MapReader& r, const std::vector<std::string_view>& foreign, const char* layout) {
    for (std::string_view k : foreign)
        if (const Entry* e = r.find(k))
            r.ctx().error(r.ctx().pos(e->key), e->path,
                          "`" + std::string(k) + "` is not part of the " + layout + " layout here");
}

void parse_pannellum(MapReader& r, Tiles& t, const std::filesystem::path& folder) {
    refuse_others(r, {"url", "multires", "preview"}, "Pannellum");
    t.pattern = pattern(r, "path", {"%l", "%s", "%x", "%y"}, "Pannellum", folder);
    t.extension = r.string("extension", true).value_or("");
    if (const Entry* e = r.find("extension");
        e && (t.extension.empty() || t.extension.find('/') != std::string::npos)) {
        r.ctx().error(r.ctx().pos(e->value), e->path, "extension " + quote(t.extension) + " is not a file extension");
        t.extension.clear();
    }
    t.tile_size = whole(r, "tile_size", true, 1, k_max_tile_size, "from 1 to 8192 pixels").value_or(0);
    t.face_size = whole(r, "face_size", true, 1, k_max_face_size, "from 1 to 131072 pixels").value_or(0);
    t.level_count = whole(r, "levels", true, 1, k_max_levels, "from 1 to 16 levels").value_or(0);
    if (t.face_size > 0 && t.level_count > 0 && (t.face_size >> (t.level_count - 1)) < 1) {
        const Entry* e = r.find("levels");
        r.ctx().error(r.ctx().pos(e->value), e->path,
                      std::to_string(t.level_count) + " levels halve a face of " + std::to_string(t.face_size) +
                          " px below one pixel");
        t.level_count = 0;
    }
    if (r.find("fallback")) t.preview = pattern(r, "fallback", {"%s"}, "Pannellum fallback", folder);
}

std::optional<TilesLevel> marzipano_level(Context& ctx, const YAML::Node& node, const std::string& path) {
    if (!node.IsMap()) {
        ctx.error(ctx.pos(node), path,
                  "expected a level {tile_size: N, size: N}, found " + std::string(describe(node)));
        return std::nullopt;
    }
    MapReader r(ctx, node, path, {"tile_size", "size", "fallback_only"});
    TilesLevel l;
    l.tile_size = whole(r, "tile_size", true, 1, k_max_tile_size, "from 1 to 8192 pixels").value_or(0);
    l.size = whole(r, "size", true, 1, k_max_face_size, "from 1 to 131072 pixels").value_or(0);
    if (const Entry* f = r.find("fallback_only")) {
        if (!f->value.IsScalar() || (f->value.Scalar() != "true" && f->value.Scalar() != "false"))
            ctx.error(ctx.pos(f->value), f->path, "fallback_only is true or false");
        else
            l.fallback_only = f->value.Scalar() == "true";
    }
    if (l.tile_size == 0 || l.size == 0) return std::nullopt;
    return l;
}

// Levels must grow; reported at the level that does not.
void check_growing(Context& ctx, const std::vector<TilesLevel>& levels, SourcePos at, const std::string& path) {
    for (size_t i = 1; i < levels.size(); ++i)
        if (levels[i].size <= levels[i - 1].size) {
            ctx.error(at, path,
                      "levels must grow, coarsest first: size " + std::to_string(levels[i].size) + " after " +
                          std::to_string(levels[i - 1].size));
            return;
        }
}

// Marzipano's fallback-only levels (held by the preview, without tile files) come first, and some level has tiles.
void check_fallback_first(Context& ctx, const std::vector<TilesLevel>& levels, SourcePos at, const std::string& path) {
    bool tiled = false;
    for (const TilesLevel& l : levels) {
        if (l.fallback_only && tiled)
            return ctx.error(at, path, "a fallback_only level after a level with tiles; they come first");
        tiled = tiled || !l.fallback_only;
    }
    if (!tiled && !levels.empty()) ctx.error(at, path, "every level is fallback_only: no level has tiles");
}

void parse_marzipano(MapReader& r, Tiles& t, const std::filesystem::path& folder) {
    refuse_others(r, {"url", "multires", "extension", "tile_size", "face_size", "fallback"}, "Marzipano");
    t.pattern = pattern(r, "path", {"{z}", "{f}", "{x}", "{y}"}, "Marzipano", folder);
    const Entry* levels = r.find("levels");
    if (!levels) return r.missing("levels");
    if (!expect_list(r.ctx(), *levels)) return;
    if (levels->value.size() == 0 || levels->value.size() > size_t(k_max_levels))
        return r.ctx().error(r.ctx().pos(levels->value), levels->path, "from 1 to 16 levels, coarsest first");
    for (size_t i = 0; i < levels->value.size(); ++i)
        if (auto l = marzipano_level(r.ctx(), levels->value[i], levels->path + "[" + std::to_string(i) + "]"))
            t.levels.push_back(*l);
        else
            return t.levels.clear();
    check_growing(r.ctx(), t.levels, r.ctx().pos(levels->value), levels->path);
    check_fallback_first(r.ctx(), t.levels, r.ctx().pos(levels->value), levels->path);
    if (r.find("preview"))
        if (std::optional<FileRef> f = parse_file_ref(r.ctx(), *r.find("preview"), folder)) t.preview = *f;
}

void parse_krpano_multires(Context& ctx, const Entry& e, Tiles& t) {
    std::optional<std::string> s = read_string(ctx, e);
    if (!s) return;
    std::vector<int> values;
    size_t start = 0;
    while (start <= s->size()) {
        const size_t comma = std::min(s->find(',', start), s->size());
        const std::string part = s->substr(start, comma - start);
        char* end = nullptr;
        const long v = std::strtol(part.c_str(), &end, 10);
        if (part.empty() || *end != '\0' || v < 1 || v > k_max_face_size) {
            ctx.error(ctx.pos(e.value), e.path,
                      "multires " + quote(*s) + ": " + quote(part) +
                          " is not a size; expected \"tilesize,size1,size2,...\" in pixels, smallest size first");
            return;
        }
        values.push_back(int(v));
        start = comma + 1;
    }
    if (values.size() < 2 || values.size() > size_t(k_max_levels) + 1 || values[0] > k_max_tile_size) {
        ctx.error(ctx.pos(e.value), e.path,
                  "multires " + quote(*s) + ": expected a tile size (up to 8192) and 1 to 16 face sizes");
        return;
    }
    t.tile_size = values[0];
    for (size_t i = 1; i < values.size(); ++i) t.levels.push_back({values[0], values[i], false});
    check_growing(ctx, t.levels, ctx.pos(e.value), e.path);
}

void parse_krpano(MapReader& r, Tiles& t, const std::filesystem::path& folder) {
    refuse_others(r, {"path", "extension", "tile_size", "face_size", "levels", "fallback"}, "krpano");
    const Entry* multires = r.find("multires");
    if (multires)
        parse_krpano_multires(r.ctx(), *multires, t);
    else
        r.missing("multires");
    std::vector<std::string> needed = {"%s", "%v", "%h"};
    if (t.levels.size() > 1) needed.push_back("%l");
    t.pattern = pattern(r, "url", needed, "krpano", folder);
    if (r.find("preview"))
        if (std::optional<FileRef> f = parse_file_ref(r.ctx(), *r.find("preview"), folder)) t.preview = *f;
}

} // namespace

void parse_tiles(Context& ctx, const Entry& e, Panorama& p, const std::filesystem::path& folder) {
    p.kind = PanoramaKind::Tiles;
    Tiles& t = p.tiles;
    t.pos = value_pos(ctx, e);
    if (e.value.IsScalar()) {
        t.layout = TilesLayout::Vrex;
        if (std::optional<FileRef> f = parse_file_ref(ctx, e, folder)) t.folder = *f;
        return;
    }
    if (!e.value.IsMap()) {
        ctx.error(t.pos, e.path,
                  "expected the folder of a pyramid made by `vrex tile`, or a map with `layout` (pannellum, "
                  "marzipano, krpano), found " +
                      std::string(describe(e.value)));
        return;
    }
    MapReader r(
        ctx, e.value, e.path,
        {"layout", "path", "url", "extension", "tile_size", "face_size", "levels", "fallback", "preview", "multires"});
    const std::optional<std::string> layout = r.string("layout", true);
    if (!layout) return;
    if (*layout == "pannellum") {
        t.layout = TilesLayout::Pannellum;
        parse_pannellum(r, t, folder);
    } else if (*layout == "marzipano") {
        t.layout = TilesLayout::Marzipano;
        parse_marzipano(r, t, folder);
    } else if (*layout == "krpano") {
        t.layout = TilesLayout::Krpano;
        parse_krpano(r, t, folder);
    } else {
        const Entry* l = r.find("layout");
        const std::string hint = did_you_mean(*layout, {"pannellum", "marzipano", "krpano"});
        ctx.error(
            ctx.pos(l->value), l->path,
            "unknown tile layout " + quote(*layout) +
                (hint.empty() ? " (pannellum, marzipano or krpano; a vrex pyramid is given by its folder)" : hint));
    }
}

} // namespace vrex::tour::detail
