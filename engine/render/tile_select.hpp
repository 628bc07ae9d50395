#pragma once
// Which tiles of a cube pyramid (media/tiles.hpp) a view wants: the geometry of tiles on the unit cube, frustum
// tests, and the level per tile region. Pure math, no GPU.
#include <glm/glm.hpp>
#include <vector>

#include "gpu/render_target.hpp"
#include "media/tiles.hpp"

namespace vrex::render {

// A tile's square on its cube face: face-plane coordinates a (to the image's right) and b (down) in [-1, 1]. Tiles
// that share an edge get bit-identical coordinates there (both come from the same pixel index), and a face's edge
// is exactly +-1, so that quads drawn from them meet without cracks.
struct TileRect {
    float a0 = -1, b0 = -1, a1 = 1, b1 = 1;
};
TileRect tile_rect(const media::TileLevel& level, const media::TileKey& key);
// The point of face `face` at plane coordinates (a, b), in world space (shaders/tile.vert does the same).
glm::vec3 cube_point(media::CubeFace face, float a, float b);

// What a view needs from a pyramid: its rotation and projection (the panorama is at infinity), its forward
// direction, and its pixels per radian at its centre (the widest pixels of a pinhole view).
struct ViewRate {
    glm::mat4 view_proj{1.0f};
    glm::vec3 forward{0.0f, 0.0f, -1.0f};
    double pixels_per_radian = 1;
};
ViewRate view_rate(const gpu::View& view);
// false only when the tile's quad lies wholly outside the view's frustum (corners outside one clip plane).
bool tile_visible(const ViewRate& view, media::CubeFace face, const TileRect& rect);

// The visible tiles a view wants, nearest the view's centre first: per region the coarsest level with at least as
// many texels per radian there as the view has pixels per radian (a face's texels subtend less angle towards its
// edges), the finest level where none has.
std::vector<media::TileKey> wanted_tiles(const std::vector<media::TileLevel>& levels, const ViewRate& view);
// Tiles of `level` that overlap `key`'s area (levels need not nest exactly).
void overlapping_tiles(const std::vector<media::TileLevel>& levels, const media::TileKey& key, int level,
                       std::vector<media::TileKey>& out);

} // namespace vrex::render
