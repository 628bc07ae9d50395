#pragma once
// Shared by the scene drawer's files.
#include <cmath>
#include <glm/vec3.hpp>
#include <numbers>
#include <string>
#include <string_view>

namespace vrex::scene {

struct ScreenInfo;

inline constexpr double k_deg = std::numbers::pi / 180.0;
inline constexpr float k_marker_distance_m = 8.0f; // markers sit "on" the panorama, well beyond the panels

// Right and up unit vectors of a rectangle facing the origin from direction `dir` (level, no roll).
void facing_axes(const glm::dvec3& dir, glm::vec3& right, glm::vec3& up);

// Pixels for a texture `width_m` wide at `distance_m` that is sharp on `screen` (its on-screen width, in steps of
// 64 px), within [256, 2048].
int panel_pixels(double width_m, double distance_m, const ScreenInfo& screen);

inline std::string tag(const std::string& key, std::string_view language, int size) {
    return key + "|" + std::string(language) + "|" + std::to_string(size);
}

} // namespace vrex::scene
