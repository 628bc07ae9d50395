// Galleries: a media hotspot whose exhibit has images opens a panel that shows them one at a time. The visitor steps
// with the arrow keys, the thumbstick, a click or trigger on the arrows at the panel's sides, or a gaze dwell on them;
// past the last image comes the first again (a photo series is a loop, and the counter says where it is).
#include <algorithm>
#include <cmath>

#include "viewer/viewer.hpp"
#include "viewer/viewer_util.hpp"

namespace vrex::viewer {

int gallery_arrow_at(const PanelState& panel, const glm::dvec2& local, double arrow_fraction) {
    if (!panel.gallery || std::abs(local.y) > panel.height_m / 2) return 0;
    const double inner = panel.width_m * (0.5 - std::clamp(arrow_fraction, 0.0, 0.5));
    if (local.x < -inner && local.x >= -panel.width_m / 2) return -1;
    if (local.x > inner && local.x <= panel.width_m / 2) return 1;
    return 0;
}

// One image at a time, whatever the size of the step; a gallery of one image does not step (and says nothing).
void Viewer::step_gallery(int step) {
    if (!m_panel || !m_panel->gallery || step == 0) return;
    const tour::Exhibit* e = m_tour->find_exhibit(m_panel->exhibit);
    const int count = e ? static_cast<int>(e->images.size()) : 0;
    if (count < 2) return;
    m_panel->image = ((m_panel->image + (step > 0 ? 1 : -1)) % count + count) % count;
    emit_gallery(EventType::GalleryStep);
}

ViewerInput Viewer::gallery_input(const ViewerInput& input) const {
    if (!m_panel || !m_panel->gallery) return input;
    ViewerInput out = input;
    out.key_yaw = 0;
    out.turn_deg = 0;
    return out;
}

// A new arrow under the pointer (or a pointer that changed kind) starts its dwell again.
void Viewer::update_arrow_hover(const std::optional<PanelState>& panel, const std::optional<PanelHit>& hit) {
    const int arrow = panel && hit ? gallery_arrow_at(*panel, hit->local, m_config.gallery_arrow_fraction) : 0;
    if (arrow == m_arrow.arrow) return;
    m_arrow = ArrowHover{arrow, m_now, false};
}

// Gaze: an arrow looked at for dwell_delay_seconds + dwell_seconds steps once; looking away and back steps again.
void Viewer::update_arrow_dwell() {
    if (!m_gaze || m_arrow.arrow == 0 || m_arrow.fired || fading()) return;
    if (m_now - m_arrow.since - m_config.dwell_delay_seconds < m_config.dwell_seconds) return;
    m_arrow.fired = true;
    step_gallery(m_arrow.arrow);
}

double Viewer::arrow_dwell_progress() const {
    if (!m_gaze || m_arrow.arrow == 0 || m_arrow.fired) return 0.0;
    const double elapsed = m_now - m_arrow.since - m_config.dwell_delay_seconds;
    if (elapsed < 0.0) return 0.0;
    return m_config.dwell_seconds > 0 ? std::min(1.0, elapsed / m_config.dwell_seconds) : 1.0;
}

void Viewer::emit_gallery(EventType type) {
    const tour::Exhibit* e = m_tour->find_exhibit(m_panel->exhibit);
    emit(type, detail::hotspot_key(m_panel->hotspot.id, m_panel->hotspot.index), m_panel->exhibit);
    m_events.back().index = m_panel->image;
    m_events.back().count = e ? static_cast<int>(e->images.size()) : 0;
}

} // namespace vrex::viewer
