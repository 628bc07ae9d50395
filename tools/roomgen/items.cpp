// Furniture and fittings, each in its own frame (origin on the floor, or on the wall at the item's height; +Z its
// front). Made of boxes; panels with words are textures set by textures.cpp.
#include <algorithm>

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "room.hpp"
#include "textures.hpp"

namespace vrex::roomgen {
namespace {

glm::vec3 point(const glm::mat4& m, glm::vec3 p) {
    return glm::vec3(m * glm::vec4(p, 1.0f));
}
glm::vec3 axis(const glm::mat4& m, int i) {
    return glm::vec3(m[i]);
}
bool lettered(const Lettering& l) {
    return !l.title.empty() || !l.lines.empty();
}
glm::vec3 lighter(glm::vec3 c, float t) {
    return c + (glm::vec3(1.0f) - c) * t;
}

// The same colours every run: a small linear congruential generator, not std::rand.
struct Lcg {
    uint32_t state;
    uint32_t next() { return state = state * 1664525u + 1013904223u; }
    float unit() { return float(next() >> 8) / float(1u << 24); }
};

void counter(GltfBuilder& g, text::FontLibrary& fonts, const Item& it, const glm::mat4& m) {
    const glm::vec3 s = it.size;
    g.box(g.colour_material(it.colour), m, {-s.x / 2, 0, -s.z / 2}, {s.x / 2, s.y - 0.05f, s.z / 2});
    g.box(g.colour_material(lighter(it.colour, 0.7f)), m, {-s.x / 2 - 0.03f, s.y - 0.05f, -s.z / 2 - 0.03f},
          {s.x / 2 + 0.03f, s.y, s.z / 2 + 0.03f});
    if (lettered(it.lettering)) {
        const float h = std::min(0.4f, s.y * 0.45f);
        add_panel(g, fonts, it.lettering, point(m, {0, s.y - 0.1f - h / 2, s.z / 2 + 0.004f}), axis(m, 0), axis(m, 1),
                  {s.x * 0.92f, h});
    }
}

void shelf(GltfBuilder& g, const Item& it, const glm::mat4& m) {
    const glm::vec3 s = it.size;
    const int wood = g.colour_material(it.colour);
    g.box(wood, m, {-s.x / 2, 0, -s.z / 2}, {s.x / 2, s.y, -s.z / 2 + 0.02f});
    for (float side : {-1.0f, 1.0f})
        g.box(wood, m, {side * s.x / 2 - 0.02f, 0, -s.z / 2}, {side * s.x / 2 + 0.02f, s.y, s.z / 2});
    static const glm::vec3 k_books[] = {{0.72f, 0.16f, 0.16f}, {0.16f, 0.32f, 0.56f}, {0.9f, 0.75f, 0.3f},
                                        {0.2f, 0.5f, 0.35f},   {0.92f, 0.9f, 0.85f},  {0.45f, 0.3f, 0.5f}};
    Lcg rng{uint32_t(s.x * 1000 + s.y * 100 + it.at.x * 10)};
    const int levels = std::max(2, int(s.y / 0.38f));
    for (int l = 0; l < levels; ++l) {
        const float y = s.y * float(l) / float(levels);
        g.box(wood, m, {-s.x / 2, y, -s.z / 2}, {s.x / 2, y + 0.025f, s.z / 2});
        for (float x = -s.x / 2 + 0.03f; x < s.x / 2 - 0.08f;) {
            const float w = 0.025f + 0.03f * rng.unit(), h = s.y / float(levels) * (0.55f + 0.3f * rng.unit());
            g.box(g.colour_material(k_books[rng.next() % 6]), m, {x, y + 0.025f, -s.z / 2 + 0.03f},
                  {x + w, y + 0.025f + h, s.z / 2 - 0.03f});
            x += w + 0.004f;
        }
    }
}

void legs(GltfBuilder& g, int material, const glm::mat4& m, glm::vec3 s, float top) {
    for (float sx : {-1.0f, 1.0f})
        for (float sz : {-1.0f, 1.0f}) {
            const glm::vec3 c(sx * (s.x / 2 - 0.06f), 0, sz * (s.z / 2 - 0.06f));
            g.box(material, m, c - glm::vec3(0.025f, 0, 0.025f), c + glm::vec3(0.025f, top, 0.025f));
        }
}

void seat(GltfBuilder& g, const Item& it, const glm::mat4& m, float thickness) {
    const glm::vec3 s = it.size;
    g.box(g.colour_material(it.colour), m, {-s.x / 2, s.y - thickness, -s.z / 2}, {s.x / 2, s.y, s.z / 2});
    legs(g, g.colour_material(glm::vec3(0.25f)), m, s, s.y - thickness);
}

// Boards, screens and signs: a panel of `size` (x, y) and depth z, centred on the frame's origin when on a wall,
// else standing on two posts with its centre at the item's y.
void panel_item(GltfBuilder& g, text::FontLibrary& fonts, const Item& it, const glm::mat4& frame) {
    const glm::vec3 s = it.size;
    glm::mat4 m = frame;
    if (!it.on_wall) {
        m = glm::translate(frame, glm::vec3(0, it.y, 0));
        for (float side : {-1.0f, 1.0f})
            g.box(g.colour_material(glm::vec3(0.3f)), frame, {side * s.x * 0.35f - 0.03f, 0, -0.03f},
                  {side * s.x * 0.35f + 0.03f, it.y - s.y / 2, 0.03f});
    }
    const float depth = std::max(s.z, 0.02f);
    const float border = it.kind == "sign" ? 0.0f : it.kind == "screen" ? 0.05f : 0.04f;
    const glm::vec3 body = it.kind == "screen" ? glm::vec3(0.08f) : it.colour;
    g.box(g.colour_material(body), m, {-s.x / 2, -s.y / 2, 0}, {s.x / 2, s.y / 2, depth});
    add_panel(g, fonts, it.lettering, point(m, {0, 0, depth + 0.003f}), axis(m, 0), axis(m, 1),
              {s.x - 2 * border, s.y - 2 * border});
}

void plant(GltfBuilder& g, const glm::mat4& m, glm::vec3 s) {
    const glm::vec3 base = point(m, {0, 0, 0});
    g.cylinder(g.colour_material(glm::vec3(0.55f, 0.35f, 0.25f)), base, s.x * 0.3f, s.x * 0.4f, s.y * 0.3f, 16);
    g.cylinder(g.colour_material(glm::vec3(0.2f, 0.5f, 0.25f)), base + glm::vec3(0, s.y * 0.3f, 0), s.x * 0.5f, 0.02f,
               s.y * 0.7f, 16);
}

} // namespace

void add_panel(GltfBuilder& gltf, text::FontLibrary& fonts, const Lettering& lettering, glm::vec3 centre,
               glm::vec3 right, glm::vec3 up, glm::vec2 size) {
    auto image = letter(fonts, lettering, panel_pixels(size));
    if (!image) throw PanelError(image.error());
    gltf.quad(gltf.texture_material(std::move(*image)), centre, right, up, size);
}

void add_item(GltfBuilder& g, text::FontLibrary& fonts, const Item& it, const glm::mat4& m) {
    const glm::vec3 s = it.size;
    if (it.kind == "counter") {
        counter(g, fonts, it, m);
    } else if (it.kind == "shelf") {
        shelf(g, it, m);
    } else if (it.kind == "bench") {
        seat(g, it, m, 0.06f);
    } else if (it.kind == "table") {
        seat(g, it, m, 0.04f);
    } else if (it.kind == "board" || it.kind == "screen" || it.kind == "sign") {
        panel_item(g, fonts, it, m);
    } else if (it.kind == "plant") {
        plant(g, m, s);
    } else { // box, pillar: a lettering goes on the upper part of the front
        g.box(g.colour_material(it.colour), m, {-s.x / 2, 0, -s.z / 2}, {s.x / 2, s.y, s.z / 2});
        if (lettered(it.lettering))
            add_panel(g, fonts, it.lettering, point(m, {0, s.y * 0.8f, s.z / 2 + 0.004f}), axis(m, 0), axis(m, 1),
                      {s.x * 0.8f, std::min(s.y * 0.3f, s.x * 0.3f)});
    }
    if (!it.hotspot.empty()) { // right of a panel, above anything else: never on the words
        const bool panel = it.kind == "board" || it.kind == "screen" || it.kind == "sign";
        const glm::vec3 at =
            panel ? glm::vec3(s.x / 2 + 0.3f, it.on_wall ? 0.0f : it.y, s.z) : glm::vec3(0, s.y + 0.3f, 0);
        g.marker("hotspot:" + it.hotspot, point(m, at));
    }
}

} // namespace vrex::roomgen
