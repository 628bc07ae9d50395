#pragma once
// The angle conventions of DESIGN.md §2, in one place. Degrees at the API, radians inside.
//   yaw 0 = centre of the equirect image, positive yaw turns right; positive pitch looks up.
//   World: right-handed, +Y up, yaw 0 looks along -Z. dir(yaw, pitch) = (sin y cos p, sin p, -cos y cos p).
//   Equirect uv: u = 0.5 + yaw/360, v = 0.5 - pitch/180.
//   Cube faces in Vulkan layer order +X, -X, +Y, -Y, +Z, -Z, with (s, t) as the Vulkan spec's cube map table.
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

namespace vrex::math {

struct YawPitch {
    double yaw = 0;   // degrees, (-180, 180]
    double pitch = 0; // degrees, [-90, 90]
};

enum class CubeFace : int { PosX = 0, NegX = 1, PosY = 2, NegY = 3, PosZ = 4, NegZ = 5 };

struct CubeCoord {
    CubeFace face = CubeFace::PosX;
    glm::dvec2 st{0.5, 0.5}; // [0,1]², s right, t down within the face image
};

// Wraps any angle into (-180, 180].
double wrap_degrees(double deg);

glm::dvec3 direction_from_yaw_pitch(double yaw_deg, double pitch_deg);
// Direction need not be normalised. At the poles yaw is 0.
YawPitch yaw_pitch_from_direction(const glm::dvec3& dir);

glm::dvec2 equirect_uv_from_yaw_pitch(double yaw_deg, double pitch_deg);
YawPitch yaw_pitch_from_equirect_uv(const glm::dvec2& uv);
glm::dvec2 equirect_uv_from_direction(const glm::dvec3& dir);
glm::dvec3 direction_from_equirect_uv(const glm::dvec2& uv);

// Which face and texel the Vulkan cube sampler reads for this direction, and its inverse (unnormalised direction).
CubeCoord cube_coord_from_direction(const glm::dvec3& dir);
glm::dvec3 direction_from_cube_coord(const CubeCoord& c);

} // namespace vrex::math
