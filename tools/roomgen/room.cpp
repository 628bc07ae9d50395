// The room's shell: floor, ceiling with light panels, walls split around doors and windows, skirting, door leaves
// with the next room's name above them and a `hotspot:` marker on the floor in front of each door.
#include "room.hpp"

#include <algorithm>

#include <glm/geometric.hpp>

#include "textures.hpp"

namespace vrex::roomgen {
namespace {

constexpr glm::vec3 k_up{0, 1, 0};

struct WallFrame {
    glm::vec3 origin; // the wall's middle on the floor
    glm::vec3 right;  // along the wall, as seen from inside
    glm::vec3 normal; // into the room
    float length;
};

WallFrame wall_frame(const Room& r, Wall w) {
    const glm::vec3 o(-r.eye.x, 0.0f, -r.eye.y);
    const float hw = r.size.x / 2, hd = r.size.z / 2;
    switch (w) {
    case Wall::north:
        return {o + glm::vec3(0, 0, -hd), {1, 0, 0}, {0, 0, 1}, r.size.x};
    case Wall::east:
        return {o + glm::vec3(hw, 0, 0), {0, 0, 1}, {-1, 0, 0}, r.size.z};
    case Wall::south:
        return {o + glm::vec3(0, 0, hd), {-1, 0, 0}, {0, 0, -1}, r.size.x};
    case Wall::west:
        return {o + glm::vec3(-hw, 0, 0), {0, 0, -1}, {1, 0, 0}, r.size.z};
    }
    return {};
}

glm::mat4 frame_at(glm::vec3 origin, glm::vec3 front) {
    const glm::vec3 x = glm::cross(k_up, front);
    return glm::mat4(glm::vec4(x, 0), glm::vec4(k_up, 0), glm::vec4(front, 0), glm::vec4(origin, 1));
}

// Wall pieces between and around the openings, and the skirting where the floor meets them.
void add_wall(GltfBuilder& gltf, const Room& r, Wall w) {
    const WallFrame f = wall_frame(r, w);
    std::vector<const Opening*> openings;
    std::vector<float> cuts = {-f.length / 2, f.length / 2};
    for (const auto& o : r.openings)
        if (o.wall == w) {
            openings.push_back(&o);
            cuts.push_back(std::clamp(o.along - o.width / 2, -f.length / 2, f.length / 2));
            cuts.push_back(std::clamp(o.along + o.width / 2, -f.length / 2, f.length / 2));
        }
    std::sort(cuts.begin(), cuts.end());
    const int wall = gltf.colour_material(r.walls), skirting = gltf.colour_material(r.walls * 0.55f);
    const float h = r.size.y;
    auto piece = [&](float a, float b, float y0, float y1, int material, float inset) {
        if (b - a < 1e-4f || y1 - y0 < 1e-4f) return;
        const glm::vec3 c = f.origin + f.right * ((a + b) / 2) + k_up * ((y0 + y1) / 2) + f.normal * inset;
        gltf.quad(material, c, f.right, k_up, {b - a, y1 - y0});
    };
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
        const float a = cuts[i], b = cuts[i + 1], mid = (a + b) / 2;
        const Opening* hole = nullptr;
        for (const Opening* o : openings)
            if (std::abs(mid - o->along) < o->width / 2) hole = o;
        if (!hole) {
            piece(a, b, 0, h, wall, 0);
            piece(a, b, 0, 0.12f, skirting, 0.012f);
            continue;
        }
        piece(a, b, 0, hole->sill, wall, 0);
        piece(a, b, std::min(h, hole->sill + hole->height), h, wall, 0);
        if (hole->sill > 0.12f) piece(a, b, 0, 0.12f, skirting, 0.012f);
    }
}

void add_opening(GltfBuilder& gltf, text::FontLibrary& fonts, const Room& r, const Opening& o) {
    const WallFrame f = wall_frame(r, o.wall);
    const glm::vec3 base = f.origin + f.right * o.along + k_up * o.sill;
    const glm::vec3 centre = base + k_up * (o.height / 2);
    const int frame = gltf.colour_material(o.door ? o.colour * 0.6f : o.colour);
    const glm::mat4 m = frame_at(centre, f.normal);
    const float w = o.width / 2, h = o.height / 2;
    for (float side : {-1.0f, 1.0f}) // jambs, then lintel and sill
        gltf.box(frame, m, {side * w - 0.05f, -h, -0.02f}, {side * w + 0.05f, h, 0.06f});
    gltf.box(frame, m, {-w - 0.05f, h - 0.05f, -0.02f}, {w + 0.05f, h + 0.05f, 0.06f});
    if (o.door) {
        gltf.quad(gltf.colour_material(o.colour), centre - f.normal * 0.01f, f.right, k_up, {o.width, o.height});
        gltf.quad(gltf.colour_material(glm::vec3(0.8f, 0.92f, 1.0f)), centre + k_up * (h * 0.35f), f.right, k_up,
                  {o.width * 0.6f, o.height * 0.35f}); // glazing in the leaf
        gltf.box(frame, m, {-0.02f, -0.1f, 0.0f}, {0.02f, 0.1f, 0.05f});
        if (!o.label.empty()) {
            Lettering sign{o.label, {}, glm::vec3(0.14f, 0.25f, 0.37f), glm::vec3(1.0f)};
            const glm::vec2 size(std::max(o.width + 0.4f, 1.8f), 0.45f);
            const float y = std::min(o.height + 0.35f, r.size.y - 0.3f);
            add_panel(gltf, fonts, sign, f.origin + f.right * o.along + k_up * y + f.normal * 0.03f, f.right, k_up,
                      size);
        }
    } else {
        gltf.box(frame, m, {-w, -h, -0.02f}, {w, -h + 0.06f, 0.12f});
        gltf.quad(gltf.colour_material(glm::vec3(0.72f, 0.85f, 0.95f)), centre - f.normal * 0.02f, f.right, k_up,
                  {o.width, o.height});
        const int bars = std::max(1, int(o.width / 1.2f));
        for (int i = 1; i < bars; ++i) {
            const float x = -w + o.width * float(i) / float(bars);
            gltf.box(frame, m, {x - 0.03f, -h, -0.02f}, {x + 0.03f, h, 0.04f});
        }
    }
    if (!o.hotspot.empty())
        gltf.marker("hotspot:" + o.hotspot, f.origin + f.right * o.along + f.normal * 0.5f + k_up * 0.05f);
}

void add_floor_and_ceiling(GltfBuilder& gltf, const Room& r) {
    const glm::vec3 o(-r.eye.x, 0.0f, -r.eye.y);
    gltf.quad(gltf.texture_material(floor_tile(r.floor), true), o, {1, 0, 0}, {0, 0, -1}, {r.size.x, r.size.z},
              r.floor_tile);
    gltf.quad(gltf.colour_material(r.ceiling), o + k_up * r.size.y, {1, 0, 0}, {0, 0, 1}, {r.size.x, r.size.z});
    const int light = gltf.colour_material(glm::vec3(1.0f));
    for (int i = 0; i < r.lights.x; ++i)
        for (int k = 0; k < r.lights.y; ++k) {
            const glm::vec3 c = o + glm::vec3(r.size.x * ((float(i) + 0.5f) / float(r.lights.x) - 0.5f), r.size.y,
                                              r.size.z * ((float(k) + 0.5f) / float(r.lights.y) - 0.5f));
            gltf.box(light, glm::mat4(1.0f), c + glm::vec3(-0.6f, -0.04f, -0.3f), c + glm::vec3(0.6f, 0.0f, 0.3f));
        }
}

glm::mat4 item_frame(const Room& r, const Item& it) {
    if (it.on_wall) {
        const WallFrame f = wall_frame(r, it.wall);
        const bool panel = it.kind == "board" || it.kind == "screen" || it.kind == "sign";
        const float out = panel ? 0.0f : it.size.z / 2; // furniture stands in front of the wall, panels on it
        return frame_at(f.origin + f.right * it.along + k_up * it.y + f.normal * out, f.normal);
    }
    const glm::vec3 at = it.at + glm::vec3(-r.eye.x, 0.0f, -r.eye.y);
    static const glm::vec3 k_dirs[4] = {{0, 0, -1}, {1, 0, 0}, {0, 0, 1}, {-1, 0, 0}};
    glm::vec3 front;
    if (it.facing >= 0) {
        front = k_dirs[it.facing];
    } else { // towards the eye, along the nearer axis
        front =
            std::abs(at.x) > std::abs(at.z) ? glm::vec3(at.x > 0 ? -1 : 1, 0, 0) : glm::vec3(0, 0, at.z > 0 ? -1 : 1);
    }
    return frame_at(at, front);
}

} // namespace

core::Expected<bool, std::string> build_room(const Room& room, GltfBuilder& gltf, text::FontLibrary& fonts) {
    try {
        add_floor_and_ceiling(gltf, room);
        for (Wall w : {Wall::north, Wall::east, Wall::south, Wall::west}) add_wall(gltf, room, w);
        for (const auto& o : room.openings) add_opening(gltf, fonts, room, o);
        for (const auto& it : room.items) add_item(gltf, fonts, it, item_frame(room, it));
    } catch (const PanelError& e) {
        return core::unexpected(std::string(e.what()));
    }
    return true;
}

core::Expected<bool, std::string> build_object(const std::vector<Part>& parts, GltfBuilder& gltf,
                                               text::FontLibrary& fonts) {
    try {
        for (const auto& p : parts) {
            const int m = gltf.colour_material(p.colour);
            if (p.cylinder) {
                gltf.cylinder(m, p.at, p.size.x / 2, p.size.z / 2, p.size.y);
                continue;
            }
            const glm::vec3 lo = p.at - glm::vec3(p.size.x / 2, 0, p.size.z / 2);
            gltf.box(m, glm::mat4(1.0f), lo, lo + p.size);
            if (!p.lettering.title.empty() || !p.lettering.lines.empty())
                add_panel(gltf, fonts, p.lettering, p.at + glm::vec3(0, p.size.y / 2, p.size.z / 2 + 0.002f), {1, 0, 0},
                          k_up, {p.size.x * 0.92f, p.size.y * 0.9f});
        }
    } catch (const PanelError& e) {
        return core::unexpected(std::string(e.what()));
    }
    return true;
}

} // namespace vrex::roomgen
