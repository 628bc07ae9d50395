// The text-bearing parts of the scene: the info panel, the placeholder of a scene that cannot be shown, and the
// status line.
#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <spdlog/spdlog.h>

#include "math/angles.hpp"
#include "scene/scene_drawer.hpp"
#include "scene/scene_drawer_detail.hpp"
#include "text/text.hpp"

namespace vrex::scene {

// In steps of 64 px so that zooming does not re-rasterise every frame.
int panel_pixels(double width_m, double distance_m, const ScreenInfo& s) {
    const double visible_m = 2.0 * distance_m * std::tan(s.hfov * 0.5 * k_deg);
    const double px = width_m / visible_m * s.width;
    return std::clamp(int(std::lround(px / 64.0)) * 64, 256, 2048);
}

void SceneDrawer::add_panel(const Viewer& viewer, const ScreenInfo& screen, render::RenderScene& scene) {
    m_panel_height_m = 0;
    const std::optional<PanelState> panel = viewer.panel();
    if (!panel || !panel->exhibit) return;
    if (panel->gallery) {
        add_gallery(viewer, *panel, screen, scene);
        return;
    }
    const std::string_view lang = viewer.language();
    const double distance = glm::length(panel->centre);
    const int px = panel_pixels(panel->width_m, distance, screen);
    const tour::Exhibit& ex = *panel->exhibit;
    const float scale = float(px) / 900.0f; // text sizes are for a 900 px wide panel
    text::Block title{ex.title.get(lang), {}};
    title.style.size_px = std::max(12.0f, 46.0f * scale);
    title.style.bold = true;
    title.style.space_after = 0.6f;
    text::Block body{ex.text.get(lang), {}};
    body.style.size_px = std::max(10.0f, 33.0f * scale);
    body.style.line_spacing = 1.45f;
    text::LayoutOptions o;
    o.padding_px = int(36 * scale);
    o.max_width_px = px - 2 * o.padding_px;
    o.language = std::string(lang);
    o.background = {18, 22, 30, 250}; // white text on near-black: contrast far above 4.5:1
    const render::Texture* t = text_texture(tag("panel:" + ex.id, lang, px), {title, body}, o);
    if (!t) return;
    glm::vec3 right, up;
    facing_axes(panel->centre, right, up);
    const float half_w = float(panel->width_m) * 0.5f;
    render::Quad q;
    q.texture = t;
    q.centre = glm::vec3(panel->centre);
    q.right = right * half_w;
    q.up = up * (half_w * float(t->height()) / float(t->width()));
    q.depth_test = false; // readable over models
    scene.quads.push_back(q);
    m_panel_height_m = 2.0 * half_w * t->height() / t->width();
}

const render::Texture* SceneDrawer::error_card(const std::string& title_text, const std::string& error,
                                               std::string_view language, const std::string& key) {
    text::Block title{title_text, {}};
    title.style.size_px = 40;
    title.style.bold = true;
    text::Block body{error, {}};
    body.style.size_px = 26;
    text::LayoutOptions o;
    o.max_width_px = 828;
    o.padding_px = 36;
    o.language = std::string(language);
    o.background = {120, 28, 24, 235};
    return text_texture(tag(key + error, language, 900), {title, body}, o);
}

void SceneDrawer::add_placeholder(const Viewer& viewer, const std::string& error, render::RenderScene& scene) {
    const std::string_view lang = viewer.language();
    const render::Texture* t = error_card(lang.substr(0, 2) == "zh" ? "此展厅无法显示 · This hall cannot be shown"
                                                                    : "This hall cannot be shown",
                                          error, lang, "error:");
    if (!t) return;
    // In front of the visitor, level with the eyes, 2 m away; it stays where it is in the world.
    const glm::dvec3 dir = math::direction_from_yaw_pitch(viewer.scene().view.yaw, 0);
    glm::vec3 right, up;
    facing_axes(dir, right, up);
    render::Quad q;
    q.texture = t;
    q.centre = glm::vec3(dir) * 2.0f;
    q.right = right * 1.0f; // 2 m wide at 2 m: about 53 degrees
    q.up = up * (1.0f * float(t->height()) / float(t->width()));
    q.depth_test = false; // readable over models
    scene.quads.push_back(q);
}

void SceneDrawer::add_status(const ScreenInfo& screen, render::RenderScene& scene) {
    if (m_status.empty()) return;
    const int px = int(std::min<uint32_t>(screen.width, 2048)) - 40;
    if (px < 64) return;
    text::Block block{m_status, {}};
    block.style.size_px = 18;
    block.style.space_after = 0;
    text::LayoutOptions o;
    o.max_width_px = px - 24;
    o.padding_px = 12;
    o.language = "en";
    o.background = {120, 28, 24, 230};
    const render::Texture* t = text_texture(tag("status:" + m_status, "en", px), {block}, o);
    if (!t) return;
    render::Quad q;
    q.texture = t;
    q.screen_space = true;
    const float half_w = float(t->width()) / float(screen.width);
    const float half_h = float(t->height()) / float(screen.height);
    q.centre = glm::vec3(0.0f, 1.0f - half_h - 20.0f / float(screen.height), 0.5f);
    q.right = glm::vec3(half_w, 0.0f, 0.0f);
    q.up = glm::vec3(0.0f, -half_h, 0.0f); // NDC y points down
    q.depth_test = false;                  // readable over models
    scene.quads.push_back(q);
}

} // namespace vrex::scene
