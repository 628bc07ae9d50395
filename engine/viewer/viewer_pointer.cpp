// Pointer rays: picking hotspots, panels and their geometry, hover and gaze dwell.
#include <algorithm>
#include <cmath>
#include <numbers>

#include <glm/geometric.hpp>

#include "math/angles.hpp"
#include "viewer/viewer.hpp"
#include "viewer/viewer_util.hpp"

namespace vrex::viewer {
namespace {

constexpr double k_deg = std::numbers::pi / 180.0;

// The angle between two unit vectors, in degrees; atan2 stays accurate for tiny angles, where acos does not.
double angle_between(const glm::dvec3& a, const glm::dvec3& b) {
    return std::atan2(glm::length(glm::cross(a, b)), glm::dot(a, b)) / k_deg;
}

bool finite(const glm::dvec3& v) {
    return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z);
}

} // namespace

std::optional<PanelHit> intersect_panel(const PanelState& panel, const Ray& ray) {
    const glm::dvec3 normal = glm::cross(panel.right, panel.up); // towards the origin
    const double facing = glm::dot(ray.direction, normal);
    if (!(facing < 0.0)) return std::nullopt; // parallel, from behind, or not a number
    const double t = glm::dot(panel.centre - ray.origin, normal) / facing;
    if (t < 0.0) return std::nullopt;
    PanelHit hit;
    hit.point = ray.origin + t * ray.direction;
    hit.local = {glm::dot(hit.point - panel.centre, panel.right), glm::dot(hit.point - panel.centre, panel.up)};
    hit.distance = t;
    if (std::abs(hit.local.x) > panel.width_m / 2 || std::abs(hit.local.y) > panel.height_m / 2) return std::nullopt;
    return hit;
}

std::optional<int> Viewer::pick_hotspot(const Ray& ray) const {
    const double length = glm::length(ray.direction);
    if (!(length > 0.0) || !finite(ray.direction)) return std::nullopt;
    const glm::dvec3 dir = ray.direction / length;
    std::optional<int> best;
    double best_angle = m_config.marker_radius_deg;
    const std::vector<tour::Hotspot>& list = scene().hotspots;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const double a = angle_between(dir, math::direction_from_yaw_pitch(list[i].yaw, list[i].pitch));
        if (a <= best_angle && (!best || a < best_angle)) {
            best = static_cast<int>(i);
            best_angle = a;
        }
    }
    return best;
}

// The panel hangs in the hotspot's direction, lifted or lowered to at most panel_max_pitch_deg from the horizon,
// upright (its `right` horizontal) and tilted to face the origin.
std::optional<PanelState> Viewer::panel() const {
    if (!m_panel) return std::nullopt;
    PanelState p;
    p.exhibit = m_tour->find_exhibit(m_panel->exhibit);
    if (!p.exhibit) return std::nullopt;
    p.hotspot_index = m_panel->hotspot.index;
    const double max_pitch = std::clamp(m_config.panel_max_pitch_deg, 0.0, 89.0);
    const double pitch = std::clamp(m_panel->pitch, -max_pitch, max_pitch);
    const glm::dvec3 forward = math::direction_from_yaw_pitch(m_panel->yaw, pitch);
    p.centre = forward * m_config.panel_distance_m;
    p.right = {std::cos(m_panel->yaw * k_deg), 0.0, std::sin(m_panel->yaw * k_deg)};
    p.up = glm::cross(p.right, forward);
    p.width_m = m_config.panel_width_m;
    p.height_m = m_config.panel_height_m;
    p.hovered = m_panel_hovered;
    if (m_panel->gallery)
        p.gallery = GalleryState{m_panel->image, static_cast<int>(p.exhibit->images.size()), m_arrow.arrow,
                                 arrow_dwell_progress()};
    return p;
}

// A panel or a model in front of a hotspot hides it from the pointer.
void Viewer::update_hover(const ViewerInput& input) {
    const bool gaze = input.pointer_kind == PointerKind::Gaze;
    if (gaze != m_gaze) { // a gaze that starts now has not dwelled yet, whatever the mouse hovered before
        m_gaze = gaze;
        m_hover_since = m_now;
        m_dwell_fired = false;
        m_arrow = ArrowHover{m_arrow.arrow, m_now, false};
    }
    m_panel_hovered = false;
    m_model_hovered = false;
    std::optional<int> picked;
    if (!input.pointer) update_arrow_hover(std::nullopt, std::nullopt);
    if (input.pointer) {
        const std::optional<PanelState> p = panel();
        const std::optional<PanelHit> hit = p ? intersect_panel(*p, *input.pointer) : std::nullopt;
        m_panel_hovered = hit.has_value();
        update_arrow_hover(p, hit);
        m_model_hovered = model_hit(*input.pointer).has_value();
        if (!m_panel_hovered && !m_model_hovered) picked = pick_hotspot(*input.pointer);
    }
    if (!picked) {
        m_hovered.reset();
        return;
    }
    if (m_hovered && m_hovered->index == *picked) return;
    m_hovered = make_ref(*picked);
    m_hover_since = m_now;
    m_dwell_fired = false;
    emit(EventType::HotspotHovered, detail::hotspot_key(m_hovered->id, m_hovered->index));
}

// Gaze: the ring starts after dwell_delay_seconds on one target and fills over dwell_seconds; it fires once,
// and again only after the gaze has left the target and come back.
void Viewer::update_dwell() {
    if (!m_gaze || !m_hovered || m_dwell_fired || fading()) return;
    const double elapsed = m_now - m_hover_since - m_config.dwell_delay_seconds;
    if (elapsed < 0.0 || elapsed < m_config.dwell_seconds) return;
    m_dwell_fired = true;
    activate(m_hovered->index);
}

double Viewer::dwell_progress() const {
    if (!m_gaze || !m_hovered || m_dwell_fired) return 0.0;
    const double elapsed = m_now - m_hover_since - m_config.dwell_delay_seconds;
    if (elapsed < 0.0) return 0.0;
    return m_config.dwell_seconds > 0 ? std::min(1.0, elapsed / m_config.dwell_seconds) : 1.0;
}

} // namespace vrex::viewer
