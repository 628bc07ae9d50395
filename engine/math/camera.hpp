#pragma once
// View and projection matrices for rectilinear (pinhole) views, desktop and XR alike.
#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

namespace vrex::math {

// Field of view as four angles from the view axis, in radians (like XrFovf): left and down are negative.
struct Fov {
    float left = 0, right = 0, up = 0, down = 0;
};

// Symmetric fov from a horizontal fov in degrees and the target's aspect (width / height).
Fov fov_from_hfov(double hfov_deg, double aspect);
// Vertical fov in degrees of a symmetric view.
double vfov_from_hfov(double hfov_deg, double aspect);

// World-from-view rotation for a camera that looks at (yaw, pitch), with roll about the view axis (degrees).
glm::mat4 orientation_from_yaw_pitch(double yaw_deg, double pitch_deg, double roll_deg = 0);

// Vulkan clip space (y down, depth 0..1, reversed: near -> 1, infinitely far -> 0) from view space.
glm::mat4 projection_from_fov(const Fov& fov, float near_m = 0.05f);

// Ray in view space (unnormalised, z = -1) through a point of the image, p in [0,1]² (x right, y down).
glm::vec3 view_ray(const Fov& fov, glm::vec2 p);

// How far a direction turned about the world vertical from `from` to `to`: the change of its yaw in degrees (positive
// turns right, DESIGN §2), in (-180, 180]. Exact for a turn about the vertical at any pitch; a roll about the direction
// adds nothing. 0 when either direction is within 90 - max_pitch_deg of straight up or down, where yaw means little.
// Directions need not be normalised.
double yaw_change_deg(const glm::dvec3& from, const glm::dvec3& to, double max_pitch_deg = 80);

} // namespace vrex::math
