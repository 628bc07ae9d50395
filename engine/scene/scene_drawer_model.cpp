// The open model exhibit: its model placed where the Viewer says, or while it loads the loading line, or when it
// failed a placeholder with the message, both where the model would be.
#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>

#include "scene/model_pick.hpp"
#include "scene/scene_drawer.hpp"
#include "scene/scene_drawer_detail.hpp"
#include "text/text.hpp"

namespace vrex::scene {

void SceneDrawer::add_model(const Viewer& viewer, const ModelCache* models, render::RenderScene& scene) {
    m_model_radius_m = 0;
    const std::optional<viewer::ModelState> m = viewer.model();
    if (!m || !models) return;
    m_model_radius_m = m->radius_m();
    const std::string& id = m->exhibit->id;
    if (const render::GpuModel* model = models->model(id)) {
        const BoundingSphere sphere = bounding_sphere(model->bounds()); // as picking places it (model_pick.hpp)
        scene.models.push_back({model, glm::mat4(viewer::model_transform(*m, sphere.centre, sphere.radius))});
        return;
    }
    const std::string_view lang = viewer.language();
    const std::string error = models->error(id);
    if (!error.empty()) {
        add_model_message(*m, error, lang, scene);
        return;
    }
    const render::Texture* t = line_texture(lang.substr(0, 2) == "zh" ? "正在载入…" : "Loading…", lang, 32);
    if (!t) return;
    glm::vec3 right, up;
    facing_axes(m->direction, right, up);
    const float half_h = float(std::max(0.03, m->radius_m() * 0.15));
    render::Quad q;
    q.texture = t;
    q.centre = glm::vec3(m->centre());
    q.right = right * (half_h * float(t->width()) / float(t->height()));
    q.up = up * half_h;
    q.depth_test = false;
    scene.quads.push_back(q);
}

// As wide as the model's bounding sphere (at least 0.6 m), where the model would be.
void SceneDrawer::add_model_message(const viewer::ModelState& model, const std::string& error,
                                    std::string_view language, render::RenderScene& scene) {
    const render::Texture* t = error_card(language.substr(0, 2) == "zh" ? "此展品无法显示 · This object cannot be shown"
                                                                        : "This object cannot be shown",
                                          error, language, "model-error:");
    if (!t) return;
    glm::vec3 right, up;
    facing_axes(model.direction, right, up);
    const float half_w = float(std::max(0.3, model.radius_m()));
    render::Quad q;
    q.texture = t;
    q.centre = glm::vec3(model.centre());
    q.right = right * half_w;
    q.up = up * (half_w * float(t->height()) / float(t->width()));
    q.depth_test = false;
    scene.quads.push_back(q);
}

} // namespace vrex::scene
