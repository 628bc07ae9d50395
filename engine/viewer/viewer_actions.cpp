// What the visitor asks for: activating hotspots, panels, keyboard focus, going back, languages.
#include <algorithm>
#include <cmath>
#include <tuple>

#include <glm/geometric.hpp>

#include "math/angles.hpp"
#include "viewer/viewer.hpp"
#include "viewer/viewer_util.hpp"

namespace vrex::viewer {

// Runs only while no fade is going on; an action that starts a transition ends the tick's actions.
void Viewer::apply_actions(const ViewerInput& input) {
    if (input.close) {
        close_panel();
        close_model();
    }
    if (input.cycle_language) cycle_language();
    if (input.focus_step != 0) step_focus(input.focus_step);
    if (input.gallery_step != 0) step_gallery(input.gallery_step);
    if (input.select && input.pointer_kind != PointerKind::Gaze) { // gaze selects by dwelling
        if (m_hovered) {
            activate(m_hovered->index);
        } else if (m_panel_hovered && m_arrow.arrow != 0) { // a gallery's arrow
            step_gallery(m_arrow.arrow);
        } else if (!m_panel_hovered && !m_model_hovered) { // a click on empty space
            close_panel();
            close_model();
        }
    }
    if (input.activate_focus && m_focused && !fading()) activate(m_focused->index);
    if (input.back && m_model)
        close_model();
    else if (input.back && !fading())
        go_back();
}

void Viewer::activate(int index) {
    const tour::Hotspot* h = hotspot_at(index);
    if (!h) return;
    emit(EventType::HotspotActivated, detail::hotspot_key(h->id, index));
    const tour::Exhibit* exhibit = h->kind == tour::HotspotKind::Model ? m_tour->find_exhibit(h->exhibit) : nullptr;
    if (exhibit && exhibit->model) {
        open_model(index);
        return;
    }
    if (h->kind != tour::HotspotKind::Link) {
        open_panel(index);
        return;
    }
    if (!m_tour->find_scene(h->target)) return; // the loader refuses such tours; nothing to do
    Transition t;
    t.target = h->target;
    t.link = *h;
    start_transition(std::move(t));
}

// Activating the hotspot whose panel is open leaves it open; another one replaces it. A media hotspot whose exhibit
// has images opens a gallery at its first image.
void Viewer::open_panel(int index) {
    const tour::Hotspot* h = hotspot_at(index);
    const tour::Exhibit* e = h ? m_tour->find_exhibit(h->exhibit) : nullptr;
    if (!e) return;
    if (m_panel && m_panel->hotspot.index == index) return;
    close_panel();
    close_model();
    const bool gallery = h->kind == tour::HotspotKind::Media && !e->images.empty();
    m_panel = OpenPanel{make_ref(index), h->exhibit, h->yaw, h->pitch, gallery, 0};
    m_arrow = {};
    if (gallery)
        emit_gallery(EventType::GalleryOpened);
    else
        emit(EventType::PanelOpened, detail::hotspot_key(h->id, index), h->exhibit);
}

void Viewer::close_panel() {
    if (!m_panel) return;
    OpenPanel closed = std::move(*m_panel);
    m_panel.reset();
    m_panel_hovered = false;
    m_arrow = {};
    emit(closed.gallery ? EventType::GalleryClosed : EventType::PanelClosed,
         detail::hotspot_key(closed.hotspot.id, closed.hotspot.index), closed.exhibit);
}

// Sorting by yaw relative to the camera gives the same cycle whatever the camera does; the camera only decides
// where the list starts.
std::vector<int> Viewer::focus_order() const {
    const std::vector<tour::Hotspot>& list = scene().hotspots;
    std::vector<int> order(list.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    auto key = [&](int i) {
        const tour::Hotspot& h = list[static_cast<std::size_t>(i)];
        return std::make_tuple(math::wrap_degrees(h.yaw - m_camera.yaw), -h.pitch, i); // then top to bottom
    };
    std::sort(order.begin(), order.end(), [&](int a, int b) { return key(a) < key(b); });
    const glm::dvec3 view = math::direction_from_yaw_pitch(m_camera.yaw, m_camera.pitch);
    auto distance = [&](int i) {
        const tour::Hotspot& h = list[static_cast<std::size_t>(i)];
        return std::acos(std::clamp(glm::dot(view, math::direction_from_yaw_pitch(h.yaw, h.pitch)), -1.0, 1.0));
    };
    auto nearest =
        std::min_element(order.begin(), order.end(), [&](int a, int b) { return distance(a) < distance(b); });
    std::rotate(order.begin(), nearest, order.end());
    return order;
}

// The first Tab (or Shift-Tab) focuses the hotspot nearest the view centre; then ±1 walks the cycle.
void Viewer::step_focus(int step) {
    const std::vector<int> order = focus_order();
    if (order.empty()) return;
    const int n = static_cast<int>(order.size());
    int pos = 0;
    if (m_focused) {
        auto it = std::find(order.begin(), order.end(), m_focused->index);
        if (it != order.end()) pos = ((static_cast<int>(it - order.begin()) + step) % n + n) % n;
    }
    m_focused = make_ref(order[static_cast<std::size_t>(pos)]);
    const tour::Hotspot& h = *hotspot_at(m_focused->index);
    m_focus_turn = FocusTurn{m_now, m_camera.yaw, m_camera.pitch, h.yaw, h.pitch};
    m_velocity_yaw = m_velocity_pitch = 0;
}

void Viewer::go_back() {
    while (!m_history.empty()) {
        HistoryEntry entry = std::move(m_history.back());
        m_history.pop_back();
        if (!m_tour->find_scene(entry.scene)) continue;
        Transition t;
        t.target = std::move(entry.scene);
        t.back_view = entry.camera;
        start_transition(std::move(t));
        return;
    }
}

void Viewer::cycle_language() {
    const std::vector<std::string>& languages = m_tour->languages;
    if (languages.empty()) return;
    auto it = std::find(languages.begin(), languages.end(), m_language);
    const std::string& next = it == languages.end() || it + 1 == languages.end() ? languages.front() : *(it + 1);
    if (next == m_language) return;
    m_language = next;
    emit(EventType::LanguageChanged);
}

} // namespace vrex::viewer
