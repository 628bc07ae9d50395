#pragma once
// A GLFW window and the input it received, for the desktop viewer. Vulkan-agnostic apart from the surface.
#include <cstdint>
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

struct GLFWwindow;

namespace vrex::platform {

// Input gathered since the previous poll. Positions in window pixels, origin top-left.
struct WindowInput {
    double cursor_x = 0, cursor_y = 0;
    bool cursor_inside = false;
    bool left_down = false;          // held now
    bool left_pressed = false;       // went down since the last poll...
    double press_x = 0, press_y = 0; // ...here (the cursor may have moved on before the poll)
    bool left_released = false;      // went up since the last poll
    double scroll = 0;               // wheel notches, positive = away from the user
    std::vector<int> keys_pressed;   // GLFW key codes that went down (or repeated) since the last poll
    int mods = 0;                    // GLFW modifier bits of the last key
    bool key_left = false, key_right = false, key_up = false, key_down = false; // held now
    uint32_t width = 0, height = 0; // framebuffer size; 0 while minimised (iconified)
    bool any = false;               // anything at all happened, or an arrow key is held (for idle detection)
    bool close_refused = false;     // the window manager asked to close a window that is not closable

    bool pressed(int key) const;
};

class Window {
public:
    // Throws core::Error when there is no display ("cannot open a window: no display (DISPLAY is not set)").
    Window(const std::string& title, uint32_t width, uint32_t height);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // Vulkan instance extensions the surface needs.
    static std::vector<std::string> required_instance_extensions();
    VkSurfaceKHR create_surface(VkInstance instance) const;

    // Processes events; `wait_seconds` > 0 sleeps until an event or the timeout (nothing is animating).
    // Returns false once the window should close.
    bool poll(WindowInput& input, double wait_seconds = 0);
    void set_title(const std::string& title);
    void toggle_fullscreen();
    void set_clipboard(const std::string& text);
    void framebuffer_size(uint32_t& width, uint32_t& height) const; // 0x0 while minimised
    void request_close();
    // false (a kiosk): a close asked for by the window manager (the title bar's button, Alt+F4) is refused and
    // reported as WindowInput::close_refused; request_close still closes.
    void set_closable(bool closable) { m_closable = closable; }

private:
    static void on_key(GLFWwindow* w, int key, int scancode, int action, int mods);
    static void on_button(GLFWwindow* w, int button, int action, int mods);
    static void on_scroll(GLFWwindow* w, double dx, double dy);
    static void on_enter(GLFWwindow* w, int entered);
    static void on_cursor(GLFWwindow* w, double x, double y);
    static void on_iconify(GLFWwindow* w, int iconified);
    static void on_close(GLFWwindow* w);

    GLFWwindow* m_window = nullptr;
    WindowInput m_pending; // filled by callbacks, handed out by poll
    // The cursor as of the event being handled (glfwGetCursorPos asks the X server for where it is *now*).
    double m_event_x = 0, m_event_y = 0;
    int m_windowed_x = 0, m_windowed_y = 0, m_windowed_w = 0, m_windowed_h = 0;
    bool m_iconified = false;
    bool m_closable = true;
};

} // namespace vrex::platform
