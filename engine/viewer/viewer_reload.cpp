// Curator live reload: a new tour under a running viewer. The old tour may already be gone (often the new one
// was moved into its place), so everything is found again by id, never through old pointers.
#include <algorithm>

#include "viewer/viewer.hpp"
#include "viewer/viewer_util.hpp"

namespace vrex::viewer {

void Viewer::replace_tour(const tour::Tour& tour) {
    m_tour = &tour;
    const std::vector<std::string>& languages = tour.languages;
    if (std::find(languages.begin(), languages.end(), m_language) == languages.end() &&
        m_language != tour.default_language()) {
        m_language = std::string(tour.default_language());
        if (m_started) emit(EventType::LanguageChanged);
    }
    std::erase_if(m_history, [&](const HistoryEntry& e) { return !tour.find_scene(e.scene); });
    if (m_transition && !tour.find_scene(m_transition->target)) { // fade back in from where the fade was
        const double level = fade();
        m_transition.reset();
        if (level > 0.0) m_fade_in_start = m_now - (1.0 - level) * m_config.fade_seconds;
    }
    if (std::optional<std::size_t> index = detail::find_scene_index(tour, m_scene_id)) {
        m_scene_index = *index;
        m_hovered = m_hovered ? find_again(*m_hovered) : std::nullopt;
        m_focused = m_focused ? find_again(*m_focused) : std::nullopt;
        if (!m_focused) m_focus_turn.reset();
        if (m_panel) keep_panel();
        if (m_model) keep_model();
        clamp_camera(); // the panorama's coverage may have changed
        return;
    }
    // The scene is gone: the panel goes with it (its event still names the old scene), then the new start.
    close_panel();
    close_model();
    const std::optional<std::size_t> start = detail::find_scene_index(tour, tour.start);
    const std::size_t index = start.value_or(0);
    enter_scene(index, detail::camera_from_view(tour.scenes.at(index).view));
}

// The panel stays when its hotspot is still there and still shows the same exhibit, as a gallery if it was one; it
// follows the hotspot if the curator moved it. A gallery whose images were cut shows the last one left.
void Viewer::keep_panel() {
    const std::optional<HotspotRef> ref = find_again(m_panel->hotspot);
    const tour::Hotspot* h = ref ? hotspot_at(ref->index) : nullptr;
    const tour::Exhibit* e = m_tour->find_exhibit(m_panel->exhibit);
    const bool gallery = h && e && h->kind == tour::HotspotKind::Media && !e->images.empty();
    if (!h || h->exhibit != m_panel->exhibit || !e || gallery != m_panel->gallery) {
        close_panel();
        return;
    }
    if (gallery) m_panel->image = std::min(m_panel->image, static_cast<int>(e->images.size()) - 1);
    m_panel->hotspot = *ref;
    m_panel->yaw = h->yaw;
    m_panel->pitch = h->pitch;
}

// By id when the hotspot has one, else by position in the list.
std::optional<Viewer::HotspotRef> Viewer::find_again(const HotspotRef& ref) const {
    const std::vector<tour::Hotspot>& list = scene().hotspots;
    if (ref.id.empty()) {
        if (ref.index >= 0 && static_cast<std::size_t>(ref.index) < list.size() && list[ref.index].id.empty())
            return ref;
        return std::nullopt;
    }
    for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].id == ref.id) return HotspotRef{static_cast<int>(i), ref.id};
    return std::nullopt;
}

} // namespace vrex::viewer
