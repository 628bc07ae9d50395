// Kiosk and headset station: the tour restarts for the next visitor (after the idle time in a window; when a headset
// is put back on, at the app's call).
#include "core/mutation.hpp"
#include "viewer/viewer.hpp"
#include "viewer/viewer_util.hpp"

namespace vrex::viewer {

void Viewer::restart(bool from_black) {
    emit(EventType::TourRestarted);
    m_restarted = true;
    close_panel();
    close_model();
    m_history.clear();
    m_focused.reset();
    m_focus_turn.reset();
    if (m_language != m_station_language) {
        m_language = m_station_language;
        emit(EventType::LanguageChanged);
    }
    // After a curator's reload the start scene may be gone (or a restart_scene never was): the tour's start then,
    // else its first scene.
    std::string target = m_start_scene;
    if (!m_tour->find_scene(target)) target = m_tour->find_scene(m_tour->start) ? m_tour->start : m_tour->scenes[0].id;
    Transition t;
    t.target = std::move(target); // neither a link nor a back_view: the scene's own view
    start_transition(std::move(t));
    if (from_black) m_transition->start = m_now - m_config.fade_seconds;
}

// Once per idle spell: the first tick at or past the idle time after an input.
void Viewer::restart_if_idle() {
    if (!m_config.kiosk_restart || m_config.kiosk_idle_seconds <= 0.0 || m_restarted) return;
    if (core::mutated(core::Mutation::kiosk_no_restart)) return;
    if (m_now >= m_last_input_time + m_config.kiosk_idle_seconds) restart();
}

} // namespace vrex::viewer
