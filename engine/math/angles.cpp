#include "math/angles.hpp"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <numbers>

#include "core/mutation.hpp"

namespace vrex::math {
namespace {
constexpr double k_deg = std::numbers::pi / 180.0;
}

double wrap_degrees(double deg) {
    double r = std::fmod(deg, 360.0);
    if (r <= -180.0) r += 360.0;
    if (r > 180.0) r -= 360.0;
    return r;
}

glm::dvec3 direction_from_yaw_pitch(double yaw_deg, double pitch_deg) {
    if (core::mutated(core::Mutation::flip_yaw)) yaw_deg = -yaw_deg;
    const double y = yaw_deg * k_deg, p = pitch_deg * k_deg;
    return {std::sin(y) * std::cos(p), std::sin(p), -std::cos(y) * std::cos(p)};
}

YawPitch yaw_pitch_from_direction(const glm::dvec3& dir) {
    const glm::dvec3 d = glm::normalize(dir);
    const double horizontal = std::hypot(d.x, d.z);
    const double yaw = horizontal < 1e-12 ? 0.0 : std::atan2(d.x, -d.z) / k_deg;
    const double pitch = std::atan2(d.y, horizontal) / k_deg;
    return {wrap_degrees(yaw), pitch};
}

glm::dvec2 equirect_uv_from_yaw_pitch(double yaw_deg, double pitch_deg) {
    return {0.5 + wrap_degrees(yaw_deg) / 360.0, 0.5 - pitch_deg / 180.0};
}

YawPitch yaw_pitch_from_equirect_uv(const glm::dvec2& uv) {
    return {wrap_degrees((uv.x - 0.5) * 360.0), std::clamp((0.5 - uv.y) * 180.0, -90.0, 90.0)};
}

glm::dvec2 equirect_uv_from_direction(const glm::dvec3& dir) {
    const YawPitch yp = yaw_pitch_from_direction(dir);
    return equirect_uv_from_yaw_pitch(yp.yaw, yp.pitch);
}

glm::dvec3 direction_from_equirect_uv(const glm::dvec2& uv) {
    const YawPitch yp = yaw_pitch_from_equirect_uv(uv);
    return direction_from_yaw_pitch(yp.yaw, yp.pitch);
}

CubeCoord cube_coord_from_direction(const glm::dvec3& r) {
    // Vulkan spec, "Cube Map Face Selection": major axis, then (sc, tc).
    const double ax = std::abs(r.x), ay = std::abs(r.y), az = std::abs(r.z);
    CubeFace face;
    double sc, tc, ma;
    if (ax >= ay && ax >= az) {
        face = r.x >= 0 ? CubeFace::PosX : CubeFace::NegX;
        sc = r.x >= 0 ? -r.z : r.z;
        tc = -r.y;
        ma = ax;
    } else if (ay >= az) {
        face = r.y >= 0 ? CubeFace::PosY : CubeFace::NegY;
        sc = r.x;
        tc = r.y >= 0 ? r.z : -r.z;
        ma = ay;
    } else {
        face = r.z >= 0 ? CubeFace::PosZ : CubeFace::NegZ;
        sc = r.z >= 0 ? r.x : -r.x;
        tc = -r.y;
        ma = az;
    }
    return {face, {0.5 * (sc / ma + 1.0), 0.5 * (tc / ma + 1.0)}};
}

glm::dvec3 direction_from_cube_coord(const CubeCoord& c) {
    const double sc = 2.0 * c.st.x - 1.0, tc = 2.0 * c.st.y - 1.0;
    switch (c.face) {
    case CubeFace::PosX:
        return {1.0, -tc, -sc};
    case CubeFace::NegX:
        return {-1.0, -tc, sc};
    case CubeFace::PosY:
        return {sc, 1.0, tc};
    case CubeFace::NegY:
        return {sc, -1.0, -tc};
    case CubeFace::PosZ:
        return {sc, -tc, 1.0};
    case CubeFace::NegZ:
        return {-sc, -tc, -1.0};
    }
    return {0.0, 0.0, -1.0};
}

} // namespace vrex::math
