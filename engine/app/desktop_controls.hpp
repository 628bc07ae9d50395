#pragma once
// Mouse and keyboard of the desktop window, translated into ViewerInput.
#include "app/modules.hpp"
#include "platform/window.hpp"
#include "viewer/viewer.hpp"

namespace vrex::app {

// The world ray through window pixel (x, y) for a camera (DESIGN §2 conventions).
Ray ray_through_pixel(const Camera& camera, double x, double y, uint32_t width, uint32_t height);

class DesktopControls {
public:
    // `edit`: curator mode, where a click reports its yaw/pitch instead of activating hotspots.
    ViewerInput translate(const platform::WindowInput& in, const Camera& camera);

    // Set by translate when the left button was clicked (pressed and released without dragging).
    bool clicked() const { return m_clicked; }
    double click_x() const { return m_click_x; }
    double click_y() const { return m_click_y; }

private:
    bool m_pressed = false;  // a press that has not been released yet
    bool m_dragging = false; // it moved far enough to be a drag
    double m_press_x = 0, m_press_y = 0;
    double m_last_x = 0, m_last_y = 0;
    bool m_clicked = false;
    double m_click_x = 0, m_click_y = 0;
};

} // namespace vrex::app
