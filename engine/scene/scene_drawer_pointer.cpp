// The headset's pointer (controller ray and cursor, or gaze reticle) and the loading indicator.
#include <cmath>
#include <glm/geometric.hpp>

#include "math/angles.hpp"
#include "scene/scene_drawer.hpp"
#include "scene/scene_drawer_detail.hpp"
#include "text/text.hpp"

namespace vrex::scene {

void SceneDrawer::add_pointer(render::RenderScene& scene) {
    if (!m_pointer) return;
    const PointerVisual& p = *m_pointer;
    const glm::vec3 origin(p.ray.origin);
    const glm::vec3 dir = glm::normalize(glm::vec3(p.ray.direction));
    glm::vec3 right, up;
    facing_axes(p.ray.direction, right, up);
    if (p.kind == PointerKind::Gaze) {
        // A reticle 2 m ahead, about 2.5 degrees across; it grows and turns green while dwelling.
        const float half = 2.0f * float(std::tan(1.25 * k_deg)) * float(1.0 + 0.8 * p.dwell_progress);
        render::Quad q;
        q.texture = &asset_texture("reticle.png");
        q.centre = origin + dir * 2.0f;
        q.right = right * half;
        q.up = up * half;
        q.tint =
            glm::mix(glm::vec4(1.0f, 1.0f, 1.0f, 0.85f), glm::vec4(0.35f, 1.0f, 0.45f, 1.0f), float(p.dwell_progress));
        q.depth_test = false; // readable over models
        scene.quads.push_back(q);
        return;
    }
    // The controller ray: a thin strip along the direction, up to what it hits (or 3 m).
    const float length = p.hit_distance_m > 0 ? float(p.hit_distance_m) : 3.0f;
    glm::vec3 side = glm::cross(dir, glm::vec3(0.0f, 1.0f, 0.0f));
    side = glm::length(side) < 1e-3f ? glm::vec3(1.0f, 0.0f, 0.0f) : glm::normalize(side);
    render::Quad ray;
    ray.centre = origin + dir * (length * 0.5f);
    ray.right = side * 0.003f;
    ray.up = dir * (length * 0.5f);
    ray.tint = glm::vec4(0.8f, 0.9f, 1.0f, 0.55f);
    ray.depth_test = false; // readable over models
    scene.quads.push_back(ray);
    if (p.hit_distance_m <= 0) return;
    const float half = float(p.hit_distance_m) * float(std::tan(0.5 * k_deg));
    render::Quad cursor;
    cursor.texture = &asset_texture("cursor.png");
    cursor.centre = origin + dir * float(p.hit_distance_m) * 0.98f;
    cursor.right = right * half;
    cursor.up = up * half;
    cursor.depth_test = false; // readable over models
    scene.quads.push_back(cursor);
}

void SceneDrawer::add_loading(const Viewer& viewer, render::RenderScene& scene) {
    const std::string_view lang = viewer.language();
    const render::Texture* t = line_texture(lang.substr(0, 2) == "zh" ? "正在载入…" : "Loading…", lang, 32);
    if (!t) return;
    // Fixed in the world (not to the face), 3 m ahead in the direction the scene opens.
    const glm::dvec3 dir = math::direction_from_yaw_pitch(viewer.scene().view.yaw, 0);
    glm::vec3 right, up;
    facing_axes(dir, right, up);
    const float half_h = 0.08f;
    render::Quad q;
    q.texture = t;
    q.centre = glm::vec3(dir) * 3.0f;
    q.right = right * (half_h * float(t->width()) / float(t->height()));
    q.up = up * half_h;
    q.depth_test = false; // readable over models
    scene.quads.push_back(q);
}

} // namespace vrex::scene
