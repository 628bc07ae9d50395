// The web viewers' tile layouts mapped to vrex's TileKey (docs/tiles.md): face letters and order, level numbering,
// tile index origin and zero padding. All three store each face as vrex does (seen from inside, up and down with
// their edge towards the front face), so every orientation is the identity; the layouts differ in names only.
#include <cmath>

#include "media/tiles.hpp"

namespace vrex::media {
namespace {

constexpr int k_max_levels = 16;

// Replaces every `%<zeros><letter>` with `value`, padded with zeros to 1 + the number of zeros written
// (krpano: %0v is two digits, %00v three).
std::string replace_percent(std::string s, char letter, const std::string& value) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        size_t j = i + 1;
        while (s[i] == '%' && j < s.size() && s[j] == '0') ++j;
        if (s[i] == '%' && j < s.size() && s[j] == letter) {
            const size_t width = j - i; // % and the zeros: zeros + 1 digits
            out += std::string(value.size() < width ? width - value.size() : 0, '0') + value;
            i = j;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

std::string level_text(const std::vector<TileLevel>& levels) {
    return std::to_string(levels.size()) + (levels.size() == 1 ? " level" : " levels") + ", " +
           std::to_string(levels.back().tile_size) + " px tiles, faces up to " +
           std::to_string(levels.back().face_size) + " px";
}

std::string check_levels(const std::vector<TileLevel>& levels) {
    if (levels.empty() || levels.size() > size_t(k_max_levels)) return "from 1 to 16 levels expected";
    for (size_t i = 0; i < levels.size(); ++i) {
        if (levels[i].face_size < 1 || levels[i].tile_size < 1) return "level sizes must be positive";
        if (i > 0 && levels[i].face_size <= levels[i - 1].face_size) return "levels must grow, coarsest first";
    }
    return {};
}

core::Expected<TilePyramid, std::string> pannellum(const ForeignTileSpec& spec, const std::filesystem::path& folder) {
    if (spec.tile_size < 1 || spec.face_size < 1 || spec.level_count < 1 || spec.level_count > k_max_levels ||
        (spec.face_size >> (spec.level_count - 1)) < 1)
        return core::unexpected(std::string("Pannellum multires: tile size, face size and level count must be "
                                            "positive, with the coarsest level at least one pixel"));
    TilePyramid p;
    p.layout = TileLayout::pannellum;
    // Level l (1 = coarsest) has faces of ceil(cubeResolution / 2^(maxLevel - l)) pixels.
    for (int l = 1; l <= spec.level_count; ++l) {
        const int shift = spec.level_count - l;
        p.levels.push_back({(spec.face_size + (1 << shift) - 1) >> shift, spec.tile_size});
    }
    const std::string pattern = spec.pattern, ext = spec.extension.empty() ? "" : "." + spec.extension;
    p.tile_path = [folder, pattern, ext](const TileKey& k) {
        std::string s = replace_percent(pattern, 'l', std::to_string(k.level + 1));
        s = replace_percent(s, 's', std::string(1, face_letter(k.face)));
        s = replace_percent(replace_percent(s, 'x', std::to_string(k.x)), 'y', std::to_string(k.y));
        return folder / (s + ext);
    };
    if (!spec.preview_pattern.empty())
        for (int f = 0; f < k_cube_faces; ++f)
            p.preview_faces.push_back(
                folder / (replace_percent(spec.preview_pattern, 's', std::string(1, face_letter(CubeFace(f)))) + ext));
    p.description = "Pannellum multires, " + level_text(p.levels);
    return p;
}

core::Expected<TilePyramid, std::string> marzipano(const ForeignTileSpec& spec, const std::filesystem::path& folder) {
    // {z} counts every entry of `levels`, the fallback-only ones too (they have no tile files: the preview holds
    // them), so the pyramid keeps the levels with files and remembers where they start.
    std::vector<TileLevel> levels;
    int first = -1;
    for (size_t i = 0; i < spec.levels.size(); ++i)
        if (!spec.fallback_only.empty() && spec.fallback_only[i]) {
            if (first >= 0) return core::unexpected(std::string("Marzipano: a fallback-only level after tiled ones"));
        } else {
            if (first < 0) first = int(i);
            levels.push_back(spec.levels[i]);
        }
    if (auto e = check_levels(levels); !e.empty()) return core::unexpected("Marzipano levels: " + e);
    TilePyramid p;
    p.layout = TileLayout::marzipano;
    p.levels = levels;
    const std::string pattern = spec.pattern;
    p.tile_path = [folder, pattern, first](const TileKey& k) {
        std::string s = replace_all(pattern, "{z}", std::to_string(k.level + first));
        s = replace_all(s, "{f}", std::string(1, face_letter(k.face)));
        s = replace_all(replace_all(s, "{x}", std::to_string(k.x)), "{y}", std::to_string(k.y));
        return folder / s;
    };
    if (!spec.preview_pattern.empty()) {
        p.preview_strip = folder / spec.preview_pattern;
        p.preview_strip_order = {CubeFace::back, CubeFace::down,  CubeFace::front,
                                 CubeFace::left, CubeFace::right, CubeFace::up}; // Marzipano's "bdflru"
    }
    p.description = "Marzipano cube tiles, " + level_text(p.levels);
    return p;
}

core::Expected<TilePyramid, std::string> krpano(const ForeignTileSpec& spec, const std::filesystem::path& folder) {
    if (auto e = check_levels(spec.levels); !e.empty()) return core::unexpected("krpano multires: " + e);
    TilePyramid p;
    p.layout = TileLayout::krpano;
    p.levels = spec.levels;
    const std::string pattern = spec.pattern;
    // %l 1 = the smallest level; %v row and %h column from 1; faces l f r b u d (the letters, not their order,
    // are what the url holds, so vrex's face maps to its letter).
    p.tile_path = [folder, pattern](const TileKey& k) {
        static constexpr char k_letters[] = {'f', 'r', 'b', 'l', 'u', 'd'};
        std::string s = replace_percent(pattern, 'l', std::to_string(k.level + 1));
        s = replace_percent(s, 's', std::string(1, k_letters[int(k.face)]));
        s = replace_percent(replace_percent(s, 'v', std::to_string(k.y + 1)), 'h', std::to_string(k.x + 1));
        return folder / s;
    };
    if (!spec.preview_pattern.empty()) {
        p.preview_strip = folder / spec.preview_pattern;
        p.preview_strip_order = {CubeFace::left, CubeFace::front, CubeFace::right,
                                 CubeFace::back, CubeFace::up,    CubeFace::down}; // krpano's striporder LFRBUD
    }
    p.description = "krpano cube multires, " + level_text(p.levels);
    return p;
}

} // namespace

core::Expected<TilePyramid, std::string> foreign_pyramid(const ForeignTileSpec& spec,
                                                         const std::filesystem::path& folder) {
    if (spec.pattern.empty()) return core::unexpected(std::string("tile layout without a path pattern"));
    switch (spec.layout) {
    case TileLayout::pannellum:
        return pannellum(spec, folder);
    case TileLayout::marzipano:
        return marzipano(spec, folder);
    case TileLayout::krpano:
        return krpano(spec, folder);
    case TileLayout::vrex:
        break;
    }
    return core::unexpected(std::string("a vrex pyramid is read with read_vrex_pyramid, not as a foreign layout"));
}

} // namespace vrex::media
