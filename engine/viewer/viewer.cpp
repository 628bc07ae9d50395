// The Viewer's tick, its scenes and the fade between them. Pointer, camera, actions, reload and events live in the
// viewer_*.cpp files next to this one.
#include "viewer/viewer.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "math/angles.hpp"
#include "viewer/viewer_util.hpp"

namespace vrex::viewer {

Viewer::Viewer(const tour::Tour& tour, ViewerConfig config, std::string start_scene) : m_tour(&tour), m_config(config) {
    const std::string& id = start_scene.empty() ? tour.start : start_scene;
    std::optional<std::size_t> index = detail::find_scene_index(tour, id);
    if (!index && start_scene.empty() && !tour.scenes.empty()) index = 0; // no `start`: the first scene
    if (!index) throw core::Error(tour.scenes.empty() ? "the tour has no scenes" : "unknown scene `" + id + "`");
    m_start_scene = config.restart_scene.empty() ? tour.scenes[*index].id : config.restart_scene;
    m_station_language = config.language.empty() ? std::string(tour.default_language()) : config.language;
    if (!config.language.empty() &&
        std::find(tour.languages.begin(), tour.languages.end(), config.language) == tour.languages.end())
        throw core::Error("the tour has no language `" + config.language + "`");
    m_language = m_station_language;
    enter_scene(*index, detail::camera_from_view(tour.scenes[*index].view));
}

void Viewer::update(double now, const ViewerInput& input) {
    const double previous = m_now;
    const double dt = m_started ? std::max(0.0, now - m_now) : 0.0;
    m_now = m_started ? std::max(now, m_now) : now; // time never runs backwards here
    if (!m_started) {
        m_started = true;
        m_last_input_time = m_now;
        emit(EventType::SceneEntered);
    }
    if (is_input(input)) {
        m_last_input_time = m_now;
        m_restarted = false;
    }
    restart_if_idle();
    update_camera(dt, previous, update_model(dt, gallery_input(input)));
    advance_transition();
    if (fading()) { // only camera moves count while fading
        m_hovered.reset();
        m_panel_hovered = false;
        m_model_hovered = false;
        m_arrow = {};
        return;
    }
    update_hover(input);
    apply_actions(input);
    update_dwell();
    update_arrow_dwell();
}

std::vector<ViewerEvent> Viewer::take_events() {
    std::vector<ViewerEvent> events;
    events.swap(m_events);
    return events;
}

const tour::Scene& Viewer::scene() const {
    return m_tour->scenes[m_scene_index];
}

std::vector<HotspotState> Viewer::hotspots() const {
    const std::vector<tour::Hotspot>& list = scene().hotspots;
    const double progress = dwell_progress();
    std::vector<HotspotState> states;
    states.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        HotspotState s;
        s.hotspot = &list[i];
        s.index = static_cast<int>(i);
        s.direction = math::direction_from_yaw_pitch(list[i].yaw, list[i].pitch);
        s.hovered = m_hovered && m_hovered->index == s.index;
        s.focused = m_focused && m_focused->index == s.index;
        s.dwell_progress = s.hovered ? progress : 0.0;
        states.push_back(s);
    }
    return states;
}

double Viewer::fade() const {
    if (m_transition) return detail::progress(m_now - m_transition->start, m_config.fade_seconds);
    if (m_fade_in_start) return 1.0 - detail::progress(m_now - *m_fade_in_start, m_config.fade_seconds);
    return 0.0;
}

bool Viewer::animating() const {
    const bool autorotating =
        m_config.kiosk_idle_seconds > 0.0 && m_now >= m_last_input_time + m_config.kiosk_idle_seconds;
    const bool dwelling = m_gaze && ((m_hovered && !m_dwell_fired) || (m_arrow.arrow != 0 && !m_arrow.fired));
    const std::optional<ModelState> m = model();
    const bool turntable = m && !m->held && m->exhibit->model->view.turntable && m_config.turntable_deg_per_s != 0.0;
    return fading() || m_focus_turn.has_value() || m_velocity_yaw != 0.0 || m_velocity_pitch != 0.0 || autorotating ||
           dwelling || turntable;
}

std::string_view Viewer::language() const {
    return m_language;
}

std::vector<std::string> Viewer::wanted_scenes() const {
    std::vector<std::string> scenes{m_scene_id};
    if (m_transition && m_transition->target != m_scene_id) scenes.push_back(m_transition->target);
    return scenes;
}

void Viewer::set_scene_ready(const std::string& scene_id, bool ready) {
    if (ready)
        m_ready.insert(scene_id);
    else if (auto it = m_ready.find(scene_id); it != m_ready.end())
        m_ready.erase(it);
}

void Viewer::look_at(double yaw, double pitch) {
    m_camera.yaw = yaw;
    m_camera.pitch = pitch;
    m_velocity_yaw = m_velocity_pitch = 0;
    m_focus_turn.reset();
    clamp_camera();
}

void Viewer::turn_to(double yaw, double pitch) {
    m_focus_turn = FocusTurn{m_now, m_camera.yaw, m_camera.pitch, yaw, pitch};
    m_velocity_yaw = m_velocity_pitch = 0;
}

std::vector<std::string> Viewer::history() const {
    std::vector<std::string> scenes;
    for (const HistoryEntry& e : m_history) scenes.push_back(e.scene);
    return scenes;
}

// Everything tied to the old scene's hotspots goes; the caller has closed the panel already.
void Viewer::enter_scene(std::size_t index, const Camera& camera) {
    m_scene_index = index;
    m_scene_id = m_tour->scenes[index].id;
    m_camera = camera;
    m_hovered.reset();
    m_panel_hovered = false;
    m_focused.reset();
    m_focus_turn.reset();
    m_velocity_yaw = m_velocity_pitch = 0;
    clamp_camera();
    if (m_started) emit(EventType::SceneEntered); // the first one comes with the first update
}

void Viewer::start_transition(Transition transition) {
    transition.start = m_now;
    m_transition = std::move(transition);
    m_fade_in_start.reset();
    m_hovered.reset();
    m_panel_hovered = false;
    m_model_hovered = false;
}

// The swap happens only at full black and only once the app has the target's panorama; the frame drawn right
// after it is black too (the fade in starts at this tick's time).
void Viewer::advance_transition() {
    if (m_fade_in_start && detail::progress(m_now - *m_fade_in_start, m_config.fade_seconds) >= 1.0)
        m_fade_in_start.reset();
    if (!m_transition || fade() < 1.0 || !m_ready.contains(m_transition->target)) return;
    const std::optional<std::size_t> index = detail::find_scene_index(*m_tour, m_transition->target);
    if (!index) return; // replace_tour cancels transitions to scenes that are gone; never reached
    Camera arrival;
    if (m_transition->link) {
        const tour::View current{m_camera.yaw, m_camera.pitch, m_camera.hfov, {}};
        const tour::View v = tour::arrival_view(*m_transition->link, current, scene(), m_tour->scenes[*index]);
        arrival = Camera{v.yaw, v.pitch, v.hfov};
        m_history.push_back(HistoryEntry{m_scene_id, m_camera});
    } else {
        arrival = m_transition->back_view.value_or(detail::camera_from_view(m_tour->scenes[*index].view));
    }
    m_transition.reset();
    close_panel();
    close_model();
    enter_scene(*index, arrival);
    m_fade_in_start = m_now;
}

void Viewer::emit(EventType type, std::string hotspot, std::string exhibit) {
    ViewerEvent e{type};
    e.time = m_now;
    e.scene = m_scene_id;
    e.hotspot = std::move(hotspot);
    e.exhibit = std::move(exhibit);
    if (type == EventType::LanguageChanged) e.language = m_language;
    m_events.push_back(std::move(e));
}

const tour::Hotspot* Viewer::hotspot_at(int index) const {
    const std::vector<tour::Hotspot>& list = scene().hotspots;
    return index >= 0 && static_cast<std::size_t>(index) < list.size() ? &list[static_cast<std::size_t>(index)]
                                                                       : nullptr;
}

Viewer::HotspotRef Viewer::make_ref(int index) const {
    const tour::Hotspot* h = hotspot_at(index);
    return HotspotRef{index, h ? h->id : std::string()};
}

} // namespace vrex::viewer
