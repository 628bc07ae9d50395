// decode_tile and the face orientation it undoes; the face letters shared by the layouts.
#include "media/tiles.hpp"

#include <cstring>
#include <system_error>

namespace vrex::media {
namespace {

// Turned a quarter counterclockwise: the source's column x becomes row (w - 1 - x).
Image rotate_ccw(const Image& src) {
    Image dst{src.height, src.width, std::vector<uint8_t>(src.rgba.size())};
    for (uint32_t y = 0; y < dst.height; ++y)
        for (uint32_t x = 0; x < dst.width; ++x)
            std::memcpy(&dst.rgba[(size_t(y) * dst.width + x) * 4],
                        &src.rgba[(size_t(x) * src.width + (src.width - 1 - y)) * 4], 4);
    return dst;
}

void mirror_rows(Image& img) {
    for (uint32_t y = 0; y < img.height; ++y) {
        uint8_t* row = &img.rgba[size_t(y) * img.width * 4];
        for (uint32_t a = 0, b = img.width - 1; a < b; ++a, --b) {
            uint8_t t[4];
            std::memcpy(t, row + size_t(a) * 4, 4);
            std::memcpy(row + size_t(a) * 4, row + size_t(b) * 4, 4);
            std::memcpy(row + size_t(b) * 4, t, 4);
        }
    }
}

} // namespace

char face_letter(CubeFace face) {
    return "frblud"[int(face)];
}

Image to_vrex_orientation(Image stored, FaceOrientation orientation) {
    // Stored = mirror?(turned clockwise q times): undo the mirror first, then turn back counterclockwise.
    if (orientation.mirror) mirror_rows(stored);
    const int turns = ((orientation.quarter_turns % 4) + 4) % 4;
    for (int i = 0; i < turns; ++i) stored = rotate_ccw(stored);
    return stored;
}

Image from_vrex_orientation(Image vrex, FaceOrientation orientation) {
    const int turns = ((orientation.quarter_turns % 4) + 4) % 4;
    for (int i = 0; i < (4 - turns) % 4; ++i) vrex = rotate_ccw(vrex);
    if (orientation.mirror) mirror_rows(vrex);
    return vrex;
}

core::Expected<Image, std::string> decode_tile(const TilePyramid& pyramid, const TileKey& key) {
    if (key.level < 0 || key.level >= int(pyramid.levels.size()) || int(key.face) >= k_cube_faces)
        return core::unexpected("tile level " + std::to_string(key.level) + " is not in the pyramid (" +
                                std::to_string(pyramid.levels.size()) + " levels)");
    const TileLevel& level = pyramid.levels[size_t(key.level)];
    const int n = level.tiles_per_side();
    if (key.x < 0 || key.y < 0 || key.x >= n || key.y >= n)
        return core::unexpected("tile " + std::to_string(key.x) + "," + std::to_string(key.y) + " of level " +
                                std::to_string(key.level) + " is outside its " + std::to_string(n) + "x" +
                                std::to_string(n) + " tiles");
    if (!pyramid.tile_path) return core::unexpected(std::string("tile pyramid has no tile paths"));
    const std::filesystem::path path = pyramid.tile_path(key);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return core::unexpected(path.string() + ": tile file not found");
    auto image = decode_image(path);
    if (!image) return core::unexpected(image.error());
    return to_vrex_orientation(std::move(*image), pyramid.orientation[size_t(key.face)]);
}

core::Expected<std::array<Image, k_cube_faces>, std::string> decode_preview_faces(const TilePyramid& pyramid) {
    std::array<Image, k_cube_faces> faces;
    if (pyramid.preview_faces.size() == size_t(k_cube_faces)) {
        for (int f = 0; f < k_cube_faces; ++f) {
            auto image = decode_image(pyramid.preview_faces[size_t(f)]);
            if (!image) return core::unexpected(image.error());
            faces[size_t(f)] = to_vrex_orientation(std::move(*image), pyramid.orientation[size_t(f)]);
        }
        return faces;
    }
    if (!pyramid.preview_strip) return core::unexpected(std::string("the tile pyramid has no preview faces"));
    auto strip = decode_image(*pyramid.preview_strip);
    if (!strip) return core::unexpected(strip.error());
    const uint32_t side = strip->width;
    if (side == 0 || strip->height != side * k_cube_faces)
        return core::unexpected(pyramid.preview_strip->string() + ": a preview strip is six square faces stacked (" +
                                std::to_string(strip->width) + "x" + std::to_string(strip->height) + " given)");
    const size_t face_bytes = size_t(side) * side * 4;
    for (int i = 0; i < k_cube_faces; ++i) {
        const CubeFace face = pyramid.preview_strip_order[size_t(i)];
        Image img{side, side,
                  std::vector<uint8_t>(strip->rgba.begin() + std::ptrdiff_t(face_bytes * size_t(i)),
                                       strip->rgba.begin() + std::ptrdiff_t(face_bytes * size_t(i + 1)))};
        faces[size_t(face)] = to_vrex_orientation(std::move(img), pyramid.orientation[size_t(face)]);
    }
    return faces;
}

} // namespace vrex::media
