// Model exhibits: opening and closing them, the turntable, turning them by drag or grab, and their placement.
#include <algorithm>
#include <cmath>
#include <numbers>

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "math/angles.hpp"
#include "viewer/viewer.hpp"
#include "viewer/viewer_util.hpp"

namespace vrex::viewer {
namespace {

constexpr double k_deg = std::numbers::pi / 180.0;

// A rotation about world +Y by a yaw in degrees; positive yaw turns right (clockwise seen from above), as the camera.
glm::dmat4 yaw_rotation(double yaw_deg) {
    return glm::rotate(glm::dmat4(1.0), -yaw_deg * k_deg, glm::dvec3(0.0, 1.0, 0.0));
}

} // namespace

double ModelState::radius_m() const {
    return distance_m * std::sin(std::clamp(size_deg, 0.0, 179.0) * 0.5 * k_deg);
}

glm::dmat4 model_transform(const ModelState& model, const glm::dvec3& bounds_centre, double bounds_radius) {
    const double radius = bounds_radius > 0.0 ? bounds_radius : 1.0;
    const double scale = model.radius_m() / radius;
    const tour::ModelView* view = model.exhibit && model.exhibit->model ? &model.exhibit->model->view : nullptr;
    glm::dmat4 rotate(1.0);
    if (view) // as a camera turns: yaw, then pitch about the turned X axis, then roll about the turned Z axis
        rotate = yaw_rotation(view->yaw) *
                 glm::rotate(glm::dmat4(1.0), view->pitch * k_deg, glm::dvec3(1.0, 0.0, 0.0)) *
                 glm::rotate(glm::dmat4(1.0), -view->roll * k_deg, glm::dvec3(0.0, 0.0, 1.0));
    return glm::translate(glm::dmat4(1.0), model.centre()) * yaw_rotation(model.facing_yaw + model.turn_deg) * rotate *
           glm::scale(glm::dmat4(1.0), glm::dvec3(scale)) * glm::translate(glm::dmat4(1.0), -bounds_centre);
}

std::optional<double> intersect_sphere(const glm::dvec3& centre, double radius, const Ray& ray) {
    const double a = glm::dot(ray.direction, ray.direction);
    if (!(a > 0.0) || !(radius > 0.0)) return std::nullopt;
    const glm::dvec3 oc = ray.origin - centre;
    const double b = glm::dot(oc, ray.direction);
    const double c = glm::dot(oc, oc) - radius * radius;
    const double disc = b * b - a * c;
    if (!(disc >= 0.0)) return std::nullopt;
    const double root = std::sqrt(disc);
    const double t = (-b - root) / a;
    if (t >= 0.0) return t;
    const double t_far = (-b + root) / a; // the origin is inside the sphere
    return t_far >= 0.0 ? std::optional<double>(0.0) : std::nullopt;
}

std::optional<ModelState> Viewer::model() const {
    if (!m_model) return std::nullopt;
    ModelState m;
    m.exhibit = m_tour->find_exhibit(m_model->exhibit);
    if (!m.exhibit || !m.exhibit->model) return std::nullopt;
    const tour::ModelView& view = m.exhibit->model->view;
    m.hotspot_index = m_model->hotspot.index;
    m.direction = math::direction_from_yaw_pitch(m_model->yaw, m_model->pitch);
    m.distance_m = std::max(view.distance.value_or(m_config.model_distance_m), m_config.model_min_distance_m);
    m.size_deg = view.size.value_or(m_config.model_size_deg);
    m.facing_yaw = m_model->yaw;
    m.turn_deg = math::wrap_degrees(m_model->turntable_deg + m_model->visitor_deg);
    m.held = m_model->held != OpenModel::Hold::none;
    m.hovered = m_model_hovered;
    return m;
}

// The bounding sphere first (cheap, and all there is without the scene's hit test), then the surface.
std::optional<double> Viewer::model_hit(const Ray& ray) const {
    const std::optional<ModelState> m = model();
    if (!m) return std::nullopt;
    const std::optional<double> sphere =
        intersect_sphere(m->centre(), m_model_radius > 0.0 ? m_model_radius : m->radius_m(), ray);
    if (!sphere || !m_model_hit_test) return sphere;
    return m_model_hit_test(*m, ray);
}

// Activating the hotspot whose model is open leaves it open; another one replaces it. One exhibit at a time: a
// model closes the panel.
void Viewer::open_model(int index) {
    const tour::Hotspot* h = hotspot_at(index);
    if (!h) return;
    if (m_model && m_model->hotspot.index == index) return;
    close_panel();
    close_model();
    m_model = OpenModel{make_ref(index), h->exhibit, h->yaw, h->pitch};
    m_model_radius = 0;
    emit(EventType::ModelOpened, detail::hotspot_key(h->id, index), h->exhibit);
}

void Viewer::close_model() {
    if (!m_model) return;
    release_model();
    OpenModel closed = std::move(*m_model);
    m_model.reset();
    m_model_hovered = false;
    emit(EventType::ModelClosed, detail::hotspot_key(closed.hotspot.id, closed.hotspot.index), closed.exhibit);
}

void Viewer::turn_model(double deg) {
    if (m_model) m_model->visitor_deg = math::wrap_degrees(m_model->visitor_deg + deg);
}

// A drag (desktop) or a grab (headset) that starts on the model holds it until that button is released: a drag's yaw
// turns the model and the camera sees a drag that does not move; a grab turns it by grab_turn_deg. The turntable
// turns while nobody holds the model.
ViewerInput Viewer::update_model(double dt, const ViewerInput& input) {
    update_hold(input);
    m_was_grabbing = input.grab;
    if (!m_model) return input;
    if (m_model->held == OpenModel::Hold::none) {
        const tour::Exhibit* e = m_tour->find_exhibit(m_model->exhibit);
        if (e && e->model && e->model->view.turntable)
            m_model->turntable_deg = math::wrap_degrees(m_model->turntable_deg + m_config.turntable_deg_per_s * dt);
        return input;
    }
    const bool by_drag = m_model->held == OpenModel::Hold::drag;
    const double turn = by_drag ? input.drag_yaw_deg : input.grab_turn_deg;
    m_model->visitor_deg = math::wrap_degrees(m_model->visitor_deg + turn);
    m_model->held_turn_deg += turn;
    if (!by_drag) return input;
    ViewerInput camera_input = input;
    camera_input.drag_yaw_deg = camera_input.drag_pitch_deg = 0;
    return camera_input;
}

// Takes or lets go of the model as this tick's buttons say.
void Viewer::update_hold(const ViewerInput& input) {
    if (!m_model) return;
    using Hold = OpenModel::Hold;
    if ((m_model->held == Hold::drag && !input.dragging) || (m_model->held == Hold::grab && !input.grab))
        release_model();
    if (m_model->held != Hold::none || fading() || !input.pointer) return;
    const bool drag_starts = input.dragging && !m_was_dragging;
    const bool grab_starts = input.grab && !m_was_grabbing;
    if (!(drag_starts || grab_starts) || !model_hit(*input.pointer)) return;
    m_model->held = drag_starts ? Hold::drag : Hold::grab;
    m_model->held_turn_deg = 0;
    emit(EventType::ModelGrabbed, detail::hotspot_key(m_model->hotspot.id, m_model->hotspot.index), m_model->exhibit);
}

void Viewer::release_model() {
    if (!m_model || m_model->held == OpenModel::Hold::none) return;
    m_model->held = OpenModel::Hold::none;
    emit(EventType::ModelReleased, detail::hotspot_key(m_model->hotspot.id, m_model->hotspot.index), m_model->exhibit);
    m_events.back().turn_deg = m_model->held_turn_deg;
}

// The model stays when its hotspot is still there and its exhibit still has a model.
void Viewer::keep_model() {
    const std::optional<HotspotRef> ref = find_again(m_model->hotspot);
    const tour::Hotspot* h = ref ? hotspot_at(ref->index) : nullptr;
    const tour::Exhibit* e = h ? m_tour->find_exhibit(h->exhibit) : nullptr;
    if (!h || h->exhibit != m_model->exhibit || !e || !e->model) {
        close_model();
        return;
    }
    m_model->hotspot = *ref;
    m_model->yaw = h->yaw;
    m_model->pitch = h->pitch;
}

} // namespace vrex::viewer
