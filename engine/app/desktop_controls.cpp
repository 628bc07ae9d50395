#include "app/desktop_controls.hpp"

#include <GLFW/glfw3.h>
#include <cmath>

#include "math/camera.hpp"

namespace vrex::app {
namespace {
constexpr double k_drag_threshold_px = 4; // a press that moves less than this is a click
}

Ray ray_through_pixel(const Camera& camera, double x, double y, uint32_t width, uint32_t height) {
    const math::Fov fov = math::fov_from_hfov(camera.hfov, double(width) / std::max(1u, height));
    const glm::vec3 view_ray = math::view_ray(fov, {float(x / width), float(y / height)});
    const glm::mat4 orientation = math::orientation_from_yaw_pitch(camera.yaw, camera.pitch);
    return {glm::dvec3(0.0), glm::normalize(glm::dvec3(orientation * glm::vec4(view_ray, 0.0f)))};
}

// Keys pressed since the last poll, and arrow keys held.
void translate_keys(const platform::WindowInput& in, ViewerInput& out) {
    const bool shift = (in.mods & GLFW_MOD_SHIFT) != 0;
    for (int key : in.keys_pressed) {
        switch (key) {
        case GLFW_KEY_TAB:
            out.focus_step += shift ? -1 : 1;
            break;
        case GLFW_KEY_ENTER:
        case GLFW_KEY_KP_ENTER:
        case GLFW_KEY_SPACE:
            out.activate_focus = true;
            break;
        case GLFW_KEY_BACKSPACE:
            out.back = true;
            break;
        case GLFW_KEY_ESCAPE:
            out.close = true;
            break;
        case GLFW_KEY_L:
            out.cycle_language = true;
            break;
        case GLFW_KEY_LEFT: // steps an open gallery; otherwise the held key turns (key_yaw below)
            out.gallery_step -= 1;
            break;
        case GLFW_KEY_RIGHT:
            out.gallery_step += 1;
            break;
        case GLFW_KEY_EQUAL:
        case GLFW_KEY_KP_ADD:
            out.zoom_steps += 1;
            break;
        case GLFW_KEY_MINUS:
        case GLFW_KEY_KP_SUBTRACT:
            out.zoom_steps -= 1;
            break;
        default:
            break;
        }
    }
    out.key_yaw = (in.key_right ? 1.0 : 0.0) - (in.key_left ? 1.0 : 0.0);
    out.key_pitch = (in.key_up ? 1.0 : 0.0) - (in.key_down ? 1.0 : 0.0);
}

ViewerInput DesktopControls::translate(const platform::WindowInput& in, const Camera& camera) {
    ViewerInput out;
    m_clicked = false;
    if (in.width == 0 || in.height == 0) return out;
    if (in.cursor_inside) out.pointer = ray_through_pixel(camera, in.cursor_x, in.cursor_y, in.width, in.height);

    // Drag: the picture follows the cursor, so moving right turns the view left.
    if (in.left_pressed) {
        m_pressed = true;
        m_dragging = false;
        // From where the button went down: a drag that began before this poll keeps its first pixels.
        m_press_x = m_last_x = in.press_x;
        m_press_y = m_last_y = in.press_y;
    }
    if (m_pressed) {
        if (std::hypot(in.cursor_x - m_press_x, in.cursor_y - m_press_y) >= k_drag_threshold_px) m_dragging = true;
        if (m_dragging) {
            const double deg_per_px = camera.hfov / in.width;
            out.drag_yaw_deg = -(in.cursor_x - m_last_x) * deg_per_px;
            out.drag_pitch_deg = (in.cursor_y - m_last_y) * deg_per_px;
        }
        out.dragging = m_dragging && in.left_down;
        m_last_x = in.cursor_x;
        m_last_y = in.cursor_y;
    }
    if (in.left_released && m_pressed) {
        if (!m_dragging) {
            m_clicked = true;
            m_click_x = in.cursor_x;
            m_click_y = in.cursor_y;
            out.select = true;
        }
        m_pressed = false;
        m_dragging = false;
    }

    out.zoom_steps = in.scroll;
    translate_keys(in, out);
    return out;
}

} // namespace vrex::app
