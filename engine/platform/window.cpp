#include "platform/window.hpp"

#include <algorithm>
#include <cstdlib>
#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>

#include "core/vk_check.hpp"

namespace vrex::platform {
namespace {

Window* self(GLFWwindow* w) {
    return static_cast<Window*>(glfwGetWindowUserPointer(w));
}

std::string glfw_error() {
    const char* description = nullptr;
    glfwGetError(&description);
    return description ? description : "unknown GLFW error";
}

} // namespace

bool WindowInput::pressed(int key) const {
    return std::find(keys_pressed.begin(), keys_pressed.end(), key) != keys_pressed.end();
}

Window::Window(const std::string& title, uint32_t width, uint32_t height) {
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
        throw core::Error("cannot open a window: no display (DISPLAY is not set)");
    if (!glfwInit()) throw core::Error("cannot open a window: " + glfw_error());
    if (!glfwVulkanSupported()) {
        glfwTerminate();
        throw core::Error("cannot open a window: GLFW finds no Vulkan loader");
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    m_window = glfwCreateWindow(int(width), int(height), title.c_str(), nullptr, nullptr);
    if (!m_window) {
        const std::string e = glfw_error();
        glfwTerminate();
        throw core::Error("cannot open a window: " + e);
    }
    glfwSetWindowUserPointer(m_window, this);
    glfwSetKeyCallback(m_window, on_key);
    glfwSetMouseButtonCallback(m_window, on_button);
    glfwSetScrollCallback(m_window, on_scroll);
    glfwSetCursorEnterCallback(m_window, on_enter);
    glfwSetCursorPosCallback(m_window, on_cursor);
    glfwSetWindowIconifyCallback(m_window, on_iconify);
    glfwSetWindowCloseCallback(m_window, on_close);
    glfwGetCursorPos(m_window, &m_event_x, &m_event_y);
}

Window::~Window() {
    if (m_window) glfwDestroyWindow(m_window);
    glfwTerminate();
}

std::vector<std::string> Window::required_instance_extensions() {
    uint32_t count = 0;
    const char** names = glfwGetRequiredInstanceExtensions(&count);
    if (!names) throw core::Error("GLFW cannot present with Vulkan here: " + glfw_error());
    return {names, names + count};
}

VkSurfaceKHR Window::create_surface(VkInstance instance) const {
    VkSurfaceKHR surface = VK_NULL_HANDLE;
    VK_CHECK(glfwCreateWindowSurface(instance, m_window, nullptr, &surface));
    return surface;
}

bool Window::poll(WindowInput& input, double wait_seconds) {
    if (wait_seconds > 0)
        glfwWaitEventsTimeout(wait_seconds);
    else
        glfwPollEvents();
    input = std::move(m_pending);
    m_pending = WindowInput{};
    glfwGetCursorPos(m_window, &input.cursor_x, &input.cursor_y);
    framebuffer_size(input.width, input.height);
    input.cursor_inside = glfwGetWindowAttrib(m_window, GLFW_HOVERED) != 0;
    input.left_down = glfwGetMouseButton(m_window, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS;
    input.key_left = glfwGetKey(m_window, GLFW_KEY_LEFT) == GLFW_PRESS;
    input.key_right = glfwGetKey(m_window, GLFW_KEY_RIGHT) == GLFW_PRESS;
    input.key_up = glfwGetKey(m_window, GLFW_KEY_UP) == GLFW_PRESS;
    input.key_down = glfwGetKey(m_window, GLFW_KEY_DOWN) == GLFW_PRESS;
    // A held arrow key turns the view every tick; a held button changes nothing until the pointer moves (motion,
    // press and release set `any` through the callbacks).
    input.any = input.any || input.key_left || input.key_right || input.key_up || input.key_down;
    return !glfwWindowShouldClose(m_window);
}

void Window::set_title(const std::string& title) {
    glfwSetWindowTitle(m_window, title.c_str());
}

void Window::toggle_fullscreen() {
    if (glfwGetWindowMonitor(m_window)) {
        glfwSetWindowMonitor(m_window, nullptr, m_windowed_x, m_windowed_y, m_windowed_w, m_windowed_h, 0);
        return;
    }
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (!monitor) return;
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    glfwGetWindowPos(m_window, &m_windowed_x, &m_windowed_y);
    glfwGetWindowSize(m_window, &m_windowed_w, &m_windowed_h);
    glfwSetWindowMonitor(m_window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
}

void Window::set_clipboard(const std::string& text) {
    glfwSetClipboardString(m_window, text.c_str());
}

// Windows reports a minimised window as 0x0 by itself; X11 keeps its size, so an iconified window counts as 0x0.
void Window::framebuffer_size(uint32_t& width, uint32_t& height) const {
    int w = 0, h = 0;
    if (!m_iconified) glfwGetFramebufferSize(m_window, &w, &h);
    width = uint32_t(std::max(0, w));
    height = uint32_t(std::max(0, h));
}

void Window::request_close() {
    glfwSetWindowShouldClose(m_window, GLFW_TRUE);
}

// GLFW has set the close flag when this runs; clearing it here refuses the close (GLFW's window guide).
void Window::on_close(GLFWwindow* w) {
    if (self(w)->m_closable) return;
    glfwSetWindowShouldClose(w, GLFW_FALSE);
    self(w)->m_pending.close_refused = true;
    self(w)->m_pending.any = true;
}

void Window::on_key(GLFWwindow* w, int key, int, int action, int mods) {
    if (action == GLFW_RELEASE) return;
    WindowInput& in = self(w)->m_pending;
    in.keys_pressed.push_back(key);
    in.mods = mods;
    in.any = true;
}

void Window::on_button(GLFWwindow* w, int button, int action, int) {
    if (button != GLFW_MOUSE_BUTTON_LEFT) return;
    WindowInput& in = self(w)->m_pending;
    // Where the cursor was when the button went down: the position of the last motion event before this one.
    if (action == GLFW_PRESS) {
        in.press_x = self(w)->m_event_x;
        in.press_y = self(w)->m_event_y;
    }
    (action == GLFW_PRESS ? in.left_pressed : in.left_released) = true;
    in.any = true;
}

void Window::on_scroll(GLFWwindow* w, double, double dy) {
    WindowInput& in = self(w)->m_pending;
    in.scroll += dy;
    in.any = true;
}

void Window::on_cursor(GLFWwindow* w, double x, double y) {
    self(w)->m_event_x = x;
    self(w)->m_event_y = y;
    self(w)->m_pending.any = true; // the pointer moved: hover may change
}

void Window::on_enter(GLFWwindow* w, int) {
    self(w)->m_pending.any = true;
}

void Window::on_iconify(GLFWwindow* w, int iconified) {
    self(w)->m_iconified = iconified == GLFW_TRUE;
    self(w)->m_pending.any = true;
}

} // namespace vrex::platform
