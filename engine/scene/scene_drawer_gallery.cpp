// An open gallery: a dark panel with the picture fitted into its frame (its aspect kept), the caption in the
// visitor's language with the counter ("2 / 5") below it, and a previous and a next arrow at the sides where the
// Viewer picks them (ViewerConfig::gallery_arrow_fraction). While the picture loads, a loading line stands in for it;
// a picture that cannot be shown is a red card with the reason. Everything is drawn over models (depth_test off).
#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>

#include "media/srgb.hpp"
#include "scene/scene_drawer.hpp"
#include "scene/scene_drawer_detail.hpp"
#include "text/text.hpp"

namespace vrex::scene {
namespace {

constexpr double k_frame_aspect = 1.5; // the picture's frame, width / height
constexpr double k_margin = 0.025;
// Room below the frame for a one-line caption and the counter, of the frame's width (the text is 95 px high in a
// frame 700 px wide), kept also for a picture without a caption: stepping through the gallery does not move it.
constexpr double k_text_room = 0.14;                            // of the panel's width, around the frame and the text
constexpr std::array<uint8_t, 4> k_background{18, 22, 30, 250}; // as the info panel's

// A white chevron pointing right on a faint round button, anti-aliased (4x4 samples a pixel), straight alpha.
media::Image arrow_image(uint32_t size) {
    media::Image image{size, size, std::vector<uint8_t>(size_t(size) * size * 4, 255)};
    const glm::vec2 a(0.42f, 0.24f), b(0.64f, 0.5f), c(0.42f, 0.76f);
    auto segment_distance = [](glm::vec2 p, glm::vec2 s0, glm::vec2 s1) {
        const glm::vec2 d = s1 - s0;
        const float t = std::clamp(glm::dot(p - s0, d) / glm::dot(d, d), 0.0f, 1.0f);
        return glm::length(p - (s0 + t * d));
    };
    for (uint32_t y = 0; y < size; ++y)
        for (uint32_t x = 0; x < size; ++x) {
            float chevron = 0, disc = 0;
            for (int s = 0; s < 16; ++s) {
                const glm::vec2 p((float(x) + (float(s % 4) + 0.5f) / 4) / float(size),
                                  (float(y) + (float(s / 4) + 0.5f) / 4) / float(size));
                chevron += std::min(segment_distance(p, a, b), segment_distance(p, b, c)) < 0.055f;
                disc += glm::length(p - glm::vec2(0.5f)) < 0.48f;
            }
            image.rgba[(size_t(y) * size + x) * 4 + 3] =
                uint8_t(std::lround(std::max(chevron / 16 * 255, disc / 16 * 56)));
        }
    return image;
}

glm::vec4 linear_colour(const std::array<uint8_t, 4>& srgb) {
    return {media::srgb_to_linear(srgb[0]), media::srgb_to_linear(srgb[1]), media::srgb_to_linear(srgb[2]),
            srgb[3] / 255.0f};
}

} // namespace

bool SceneDrawer::poll_images(const Viewer& viewer) {
    m_images.want(wanted_images(viewer));
    return !m_images.poll().empty();
}

bool SceneDrawer::gallery_ready(const Viewer& viewer) const {
    const std::optional<PanelState> panel = viewer.panel();
    if (!panel || !panel->gallery) return true;
    return m_images.ready(panel->exhibit->images.at(static_cast<size_t>(panel->gallery->index)).path);
}

// The caption and the counter, as wide as the picture's frame; nullptr when there is neither (one image, no caption).
const render::Texture* SceneDrawer::gallery_text(const Viewer& viewer, const PanelState& panel,
                                                 const ScreenInfo& screen, double width_m) {
    const viewer::GalleryState& g = *panel.gallery;
    const std::string_view lang = viewer.language();
    const std::string caption = panel.exhibit->images.at(static_cast<size_t>(g.index)).caption.get(lang);
    const std::string title = panel.exhibit->title.get(lang);
    std::string counter = g.count > 1 ? std::to_string(g.index + 1) + " / " + std::to_string(g.count) : "";
    if (!title.empty()) counter += (counter.empty() ? "" : "  ·  ") + title;
    if (caption.empty() && counter.empty()) return nullptr;
    const int px = panel_pixels(width_m, glm::length(panel.centre), screen);
    const float scale = float(px) / 700.0f; // text sizes are for a frame 700 px wide
    std::vector<text::Block> blocks;
    if (!caption.empty()) {
        text::Block b{caption, {}};
        b.style.size_px = std::max(10.0f, 30.0f * scale);
        b.style.align = text::Align::centre;
        b.style.space_after = 0.35f;
        blocks.push_back(b);
    }
    text::Block c{counter, {}};
    c.style.size_px = std::max(9.0f, 23.0f * scale);
    c.style.colour = {190, 198, 210, 255};
    c.style.align = text::Align::centre;
    c.style.space_after = 0;
    blocks.push_back(c);
    text::LayoutOptions o;
    o.padding_px = int(8 * scale);
    o.max_width_px = px - 2 * o.padding_px;
    o.language = std::string(lang);
    o.background = {k_background[0], k_background[1], k_background[2], 0}; // on the panel's own background
    const std::string key = "gallery:" + panel.exhibit->id + "#" + std::to_string(g.index);
    return text_texture(tag(key, lang, px), blocks, o);
}

void SceneDrawer::add_gallery(const Viewer& viewer, const PanelState& panel, const ScreenInfo& screen,
                              render::RenderScene& scene) {
    glm::vec3 right, up;
    facing_axes(panel.centre, right, up);
    const double w = panel.width_m;
    const double side = w * std::clamp(viewer.config().gallery_arrow_fraction, 0.05, 0.3);
    const double margin = w * k_margin;
    const glm::dvec2 frame(w - 2 * side, (w - 2 * side) / k_frame_aspect);
    const render::Texture* text = gallery_text(viewer, panel, screen, frame.x);
    const double text_h = text ? frame.x * text->height() / text->width() : 0.0;
    const double text_room = text ? std::max(text_h, frame.x * k_text_room) : 0.0;
    const double h = margin + frame.y + margin + (text ? text_room + margin : 0.0);
    m_panel_height_m = h;
    const glm::vec3 centre(panel.centre);
    auto at = [&](double x, double y) { return centre + right * float(x) + up * float(y); };

    render::Quad back; // the panel itself, behind everything on it
    back.centre = centre;
    back.right = right * float(w / 2);
    back.up = up * float(h / 2);
    back.tint = linear_colour(k_background);
    back.depth_test = false;
    scene.quads.push_back(back);

    const double frame_y = h / 2 - margin - frame.y / 2;
    add_gallery_picture(viewer, panel, at(0, frame_y), glm::vec2(frame), scene);
    if (text) {
        render::Quad q;
        q.texture = text;
        q.centre = at(0, -h / 2 + margin + text_room - text_h / 2); // from the top of its room
        q.right = right * float(frame.x / 2);
        q.up = up * float(text_h / 2);
        q.depth_test = false;
        scene.quads.push_back(q);
    }
    if (panel.gallery->count < 2) return;
    auto found = m_assets.find("gallery-arrow");
    if (found == m_assets.end())
        found = m_assets.emplace("gallery-arrow", m_renderer.load_texture(arrow_image(96), "gallery arrow")).first;
    for (const int dir : {-1, 1}) {
        const bool lit = panel.gallery->hovered_arrow == dir;
        const float half = float(side * 0.36) * float(1.0 + 0.25 * (lit ? panel.gallery->dwell_progress : 0.0));
        render::Quad q;
        q.texture = &found->second;
        q.centre = at(dir * (w / 2 - side / 2), frame_y);
        q.right = right * (half * float(dir)); // the left one is the right one mirrored
        q.up = up * half;
        q.tint = lit ? glm::vec4(1.0f, 0.85f, 0.3f, 1.0f) : glm::vec4(1.0f, 1.0f, 1.0f, 0.85f);
        q.depth_test = false;
        scene.quads.push_back(q);
    }
}

// The picture as large as fits `box_m` with its aspect kept; or, while it loads, a loading line; or the red card.
void SceneDrawer::add_gallery_picture(const Viewer& viewer, const PanelState& panel, const glm::vec3& centre,
                                      const glm::vec2& box_m, render::RenderScene& scene) {
    glm::vec3 right, up;
    facing_axes(panel.centre, right, up);
    const std::filesystem::path& file = panel.exhibit->images.at(static_cast<size_t>(panel.gallery->index)).path;
    const std::string_view lang = viewer.language();
    const render::Texture* t = m_images.texture(file);
    const std::string error = t ? "" : m_images.error(file);
    float max_w = box_m.x;
    if (!t && !error.empty()) {
        t = error_card(lang.substr(0, 2) == "zh" ? "此图片无法显示 · This picture cannot be shown"
                                                 : "This picture cannot be shown",
                       error, lang, "picture-error:");
    } else if (!t) {
        t = line_texture(lang.substr(0, 2) == "zh" ? "正在载入…" : "Loading…", lang, 32);
        max_w = box_m.x * 0.4f;
    }
    if (!t) return;
    const float aspect = float(t->width()) / float(t->height());
    const float half_w = std::min(max_w, box_m.y * aspect) / 2;
    render::Quad q;
    q.texture = t;
    q.centre = centre;
    q.right = right * half_w;
    q.up = up * (half_w / aspect);
    q.depth_test = false;
    scene.quads.push_back(q);
}

} // namespace vrex::scene
