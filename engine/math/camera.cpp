#include "math/camera.hpp"

#include <cmath>
#include <glm/gtc/matrix_transform.hpp>
#include <numbers>

#include "math/angles.hpp"

namespace vrex::math {
namespace {
constexpr double k_deg = std::numbers::pi / 180.0;
}

double vfov_from_hfov(double hfov_deg, double aspect) {
    return 2.0 * std::atan(std::tan(hfov_deg * k_deg * 0.5) / aspect) / k_deg;
}

Fov fov_from_hfov(double hfov_deg, double aspect) {
    const float h = static_cast<float>(hfov_deg * k_deg * 0.5);
    const float v = static_cast<float>(vfov_from_hfov(hfov_deg, aspect) * k_deg * 0.5);
    return {-h, h, v, -v};
}

glm::mat4 orientation_from_yaw_pitch(double yaw_deg, double pitch_deg, double roll_deg) {
    // Yaw turns right = negative rotation about +Y; pitch up = positive rotation about +X; roll about -Z.
    glm::mat4 m(1.0f);
    m = glm::rotate(m, static_cast<float>(-yaw_deg * k_deg), glm::vec3(0, 1, 0));
    m = glm::rotate(m, static_cast<float>(pitch_deg * k_deg), glm::vec3(1, 0, 0));
    m = glm::rotate(m, static_cast<float>(-roll_deg * k_deg), glm::vec3(0, 0, -1));
    return m;
}

glm::mat4 projection_from_fov(const Fov& fov, float near_m) {
    const float l = std::tan(fov.left), r = std::tan(fov.right);
    const float u = std::tan(fov.up), d = std::tan(fov.down);
    const float w = r - l, h = d - u; // Vulkan y points down: top of the image is `up`.
    glm::mat4 p(0.0f);
    p[0][0] = 2.0f / w;
    p[1][1] = 2.0f / h;
    p[2][0] = (r + l) / w;
    p[2][1] = (d + u) / h;
    p[2][2] = 0.0f; // reversed, infinite far plane
    p[2][3] = -1.0f;
    p[3][2] = near_m;
    return p;
}

glm::vec3 view_ray(const Fov& fov, glm::vec2 p) {
    const float l = std::tan(fov.left), r = std::tan(fov.right);
    const float u = std::tan(fov.up), d = std::tan(fov.down);
    return {l + (r - l) * p.x, u + (d - u) * p.y, -1.0f};
}

double yaw_change_deg(const glm::dvec3& from, const glm::dvec3& to, double max_pitch_deg) {
    const YawPitch a = yaw_pitch_from_direction(from), b = yaw_pitch_from_direction(to);
    if (std::abs(a.pitch) > max_pitch_deg || std::abs(b.pitch) > max_pitch_deg) return 0.0;
    return wrap_degrees(b.yaw - a.yaw);
}

} // namespace vrex::math
