// Camera motion: drag with inertia, arrow keys, zoom, snap turns, the Tab turn and kiosk autorotate.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "math/angles.hpp"
#include "viewer/viewer.hpp"
#include "viewer/viewer_util.hpp"

namespace vrex::viewer {
namespace {

// Inertia stops below this speed (degrees per second) instead of creeping on forever.
constexpr double k_min_inertia_speed = 0.01;
// A drag held still this long before the release leaves no inertia. Shorter pauses are frames that happened to get
// no mouse event (mouse and display rates differ), and keep the last drag velocity.
constexpr double k_still_before_release_s = 0.05;

bool drags(const ViewerInput& input) {
    return input.dragging || input.drag_yaw_deg != 0.0 || input.drag_pitch_deg != 0.0;
}

} // namespace

// Any of these stops autorotation. Pointer motion does not count: the app recomputes a still mouse's ray as the
// camera turns, and a head or controller never holds still.
bool Viewer::is_input(const ViewerInput& in) const {
    return in.select || in.activate_focus || in.focus_step != 0 || in.back || in.close || in.cycle_language ||
           drags(in) || in.zoom_steps != 0.0 || in.key_yaw != 0.0 || in.key_pitch != 0.0 || in.turn_deg != 0.0 ||
           in.gallery_step != 0;
}

void Viewer::update_camera(double dt, double previous_now, const ViewerInput& input) {
    const bool manual = drags(input) || input.key_yaw != 0.0 || input.key_pitch != 0.0 || input.turn_deg != 0.0;
    if (manual) m_focus_turn.reset();
    m_camera.yaw += input.drag_yaw_deg;
    m_camera.pitch += input.drag_pitch_deg;
    const bool moved = input.drag_yaw_deg != 0.0 || input.drag_pitch_deg != 0.0;
    if (input.dragging && !m_was_dragging) m_velocity_yaw = m_velocity_pitch = 0.0; // grabbing stops a glide
    if (input.dragging && moved && dt > 0.0) { // the last drag velocity carries on after the release
        m_velocity_yaw = input.drag_yaw_deg / dt;
        m_velocity_pitch = input.drag_pitch_deg / dt;
        m_last_drag_motion = m_now;
    } else if (input.dragging || m_was_dragging) {
        // Held still (or released after holding still): no glide. Dropping the velocity already while the button
        // is held makes "a release now would glide" visible as animating(), which ends when the hold is long enough.
        if (m_now - m_last_drag_motion > k_still_before_release_s) m_velocity_yaw = m_velocity_pitch = 0.0;
    } else {
        apply_inertia(dt); // from the tick after the release on
    }
    m_was_dragging = input.dragging;
    const double key_rate = m_config.key_turn_deg_per_s * dt;
    m_camera.yaw += std::clamp(input.key_yaw, -1.0, 1.0) * key_rate;
    m_camera.pitch += std::clamp(input.key_pitch, -1.0, 1.0) * key_rate;
    if (input.zoom_steps != 0.0 && m_config.zoom_step > 0.0)
        m_camera.hfov /= std::pow(m_config.zoom_step, input.zoom_steps);
    m_camera.yaw += input.turn_deg;
    apply_focus_turn();
    apply_autorotate(previous_now);
    clamp_camera();
}

// v(t) = v0·2^(-t/h); the camera moves by its integral over the tick, so the glide does not depend on the
// frame rate. The whole glide after a release is v0·h/ln 2.
void Viewer::apply_inertia(double dt) {
    if (dt <= 0.0 || (m_velocity_yaw == 0.0 && m_velocity_pitch == 0.0)) return;
    if (m_config.inertia_half_life_s <= 0.0) {
        m_velocity_yaw = m_velocity_pitch = 0.0;
        return;
    }
    const double k = std::numbers::ln2 / m_config.inertia_half_life_s;
    const double decay = std::exp(-k * dt);
    m_camera.yaw += m_velocity_yaw * (1.0 - decay) / k;
    m_camera.pitch += m_velocity_pitch * (1.0 - decay) / k;
    m_velocity_yaw *= decay;
    m_velocity_pitch *= decay;
    if (std::hypot(m_velocity_yaw, m_velocity_pitch) < k_min_inertia_speed) m_velocity_yaw = m_velocity_pitch = 0.0;
}

// Ease-out cubic from where the camera was to the focused hotspot, the short way round.
void Viewer::apply_focus_turn() {
    if (!m_focus_turn) return;
    const FocusTurn& f = *m_focus_turn;
    const double t = detail::progress(m_now - f.start_time, m_config.focus_turn_seconds);
    const double eased = 1.0 - std::pow(1.0 - t, 3.0);
    m_camera.yaw = f.from_yaw + math::wrap_degrees(f.to_yaw - f.from_yaw) * eased;
    m_camera.pitch = f.from_pitch + (f.to_pitch - f.from_pitch) * eased;
    if (t >= 1.0) m_focus_turn.reset();
}

// Turns only for the part of the tick after the idle time ran out.
void Viewer::apply_autorotate(double previous_now) {
    if (m_config.kiosk_idle_seconds <= 0.0) return;
    const double from = std::max(previous_now, m_last_input_time + m_config.kiosk_idle_seconds);
    if (m_now > from) m_camera.yaw += m_config.autorotate_deg_per_s * (m_now - from);
}

// hfov stays within the configured limits and never exceeds what a partial panorama covers.
void Viewer::clamp_camera() {
    m_camera.yaw = math::wrap_degrees(m_camera.yaw);
    if (m_camera.pitch > 90.0 || m_camera.pitch < -90.0) {
        m_camera.pitch = std::clamp(m_camera.pitch, -90.0, 90.0);
        m_velocity_pitch = 0.0;
    }
    const double lo = m_config.min_hfov;
    const double hi = std::max(lo, std::min(m_config.max_hfov, scene().panorama.haov));
    m_camera.hfov = std::clamp(m_camera.hfov, lo, hi);
}

} // namespace vrex::viewer
