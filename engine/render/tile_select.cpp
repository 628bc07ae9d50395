#include "render/tile_select.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace vrex::render {
namespace {
using media::CubeFace;
using media::TileKey;
using media::TileLevel;

// Plane coordinate of a face's pixel edge `px`: the same value for both tiles that share that edge.
float plane(int px, int face_size) {
    return float(2.0 * double(px) / double(face_size) - 1.0);
}

// The distance from the eye to the tile's point nearest its face's centre (the plane is at distance 1): a face's
// texels subtend 1/r of their plane size across, so this is where the tile's texels are widest.
double nearest_distance(const TileRect& r) {
    auto nearest = [](float lo, float hi) {
        return lo <= 0.0f && hi >= 0.0f ? 0.0 : std::min(std::abs(lo), std::abs(hi));
    };
    const double a = nearest(r.a0, r.a1), b = nearest(r.b0, r.b1);
    return std::sqrt(1.0 + a * a + b * b);
}

struct Selector {
    const std::vector<TileLevel>& levels;
    const ViewRate& view;
    std::set<TileKey> seen;
    std::vector<TileKey> out;

    void visit(const TileKey& key) {
        if (!seen.insert(key).second) return;
        const TileLevel& level = levels[size_t(key.level)];
        const TileRect rect = tile_rect(level, key);
        if (!tile_visible(view, key.face, rect)) return;
        const double texels_per_radian = level.face_size / 2.0 * nearest_distance(rect);
        const bool last = key.level + 1 == int(levels.size());
        if (last || texels_per_radian >= view.pixels_per_radian) {
            out.push_back(key);
            return;
        }
        std::vector<TileKey> finer;
        overlapping_tiles(levels, key, key.level + 1, finer);
        for (const TileKey& k : finer) visit(k);
    }
};

double centre_alignment(const ViewRate& view, const std::vector<TileLevel>& levels, const TileKey& key) {
    const TileRect r = tile_rect(levels[size_t(key.level)], key);
    const glm::vec3 c = cube_point(key.face, 0.5f * (r.a0 + r.a1), 0.5f * (r.b0 + r.b1));
    return glm::dot(glm::normalize(c), view.forward);
}
} // namespace

TileRect tile_rect(const TileLevel& level, const TileKey& key) {
    const int x0 = key.x * level.tile_size, y0 = key.y * level.tile_size;
    const int x1 = std::min(x0 + level.tile_size, level.face_size);
    const int y1 = std::min(y0 + level.tile_size, level.face_size);
    return {plane(x0, level.face_size), plane(y0, level.face_size), plane(x1, level.face_size),
            plane(y1, level.face_size)};
}

glm::vec3 cube_point(CubeFace face, float a, float b) {
    switch (face) {
    case CubeFace::front:
        return {a, -b, -1.0f};
    case CubeFace::right:
        return {1.0f, -b, a};
    case CubeFace::back:
        return {-a, -b, 1.0f};
    case CubeFace::left:
        return {-1.0f, -b, -a};
    case CubeFace::up:
        return {a, 1.0f, -b};
    case CubeFace::down:
        return {a, -1.0f, b};
    }
    return {a, -b, -1.0f};
}

ViewRate view_rate(const gpu::View& view) {
    ViewRate rate;
    const glm::mat3 rotation(view.world_from_view);
    rate.view_proj = view.projection * glm::mat4(glm::transpose(rotation));
    rate.forward = rotation * glm::vec3(0.0f, 0.0f, -1.0f);
    const VkExtent2D size = view.target.extent;
    rate.pixels_per_radian = std::max(1e-6, std::min(std::abs(view.projection[0][0]) * size.width / 2.0,
                                                     std::abs(view.projection[1][1]) * size.height / 2.0));
    return rate;
}

bool tile_visible(const ViewRate& view, CubeFace face, const TileRect& r) {
    const glm::vec2 corners[4] = {{r.a0, r.b0}, {r.a1, r.b0}, {r.a0, r.b1}, {r.a1, r.b1}};
    int outside[5] = {0, 0, 0, 0, 0}; // x < -w, x > w, y < -w, y > w, w <= 0
    for (const glm::vec2& c : corners) {
        const glm::vec4 p = view.view_proj * glm::vec4(cube_point(face, c.x, c.y), 1.0f);
        outside[0] += p.x < -p.w;
        outside[1] += p.x > p.w;
        outside[2] += p.y < -p.w;
        outside[3] += p.y > p.w;
        outside[4] += p.w <= 0.0f;
    }
    return std::none_of(outside, outside + 5, [](int n) { return n == 4; });
}

std::vector<TileKey> wanted_tiles(const std::vector<TileLevel>& levels, const ViewRate& view) {
    Selector s{levels, view, {}, {}};
    if (levels.empty()) return {};
    const int n = levels[0].tiles_per_side();
    for (int f = 0; f < media::k_cube_faces; ++f)
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) s.visit(TileKey{0, CubeFace(f), x, y});
    std::vector<std::pair<double, TileKey>> order;
    order.reserve(s.out.size());
    for (const TileKey& k : s.out) order.emplace_back(-centre_alignment(view, levels, k), k);
    std::sort(order.begin(), order.end());
    std::vector<TileKey> out;
    out.reserve(order.size());
    for (auto& [_, k] : order) out.push_back(k);
    return out;
}

void overlapping_tiles(const std::vector<TileLevel>& levels, const TileKey& key, int level, std::vector<TileKey>& out) {
    const TileLevel& from = levels[size_t(key.level)];
    const TileLevel& to = levels[size_t(level)];
    const TileRect r = tile_rect(from, key);
    const int n = to.tiles_per_side();
    // Pixel range of `to` covered by the rect, by the plane coordinates (exact for nesting levels), edges excluded.
    auto range = [&](float lo, float hi, int& first, int& last) {
        const double p0 = (double(lo) + 1.0) / 2.0 * to.face_size, p1 = (double(hi) + 1.0) / 2.0 * to.face_size;
        first = std::clamp(int(std::floor(p0 / to.tile_size + 1e-9)), 0, n - 1);
        last = std::clamp(int(std::ceil(p1 / to.tile_size - 1e-9)) - 1, first, n - 1);
    };
    int x0, x1, y0, y1;
    range(r.a0, r.a1, x0, x1);
    range(r.b0, r.b1, y0, y1);
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) out.push_back(TileKey{level, key.face, x, y});
}

} // namespace vrex::render
