#pragma once
// A bake's six views: 90-degree faces rendered through the engine's renderer and OffscreenPresenter, supersampled
// and box-filtered down in linear light, each with a one-pixel margin beyond its 90 degrees so that bilinear
// sampling near a face's edge reads real neighbours (no seam between faces).
#include <array>
#include <cstdint>
#include <vector>

#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>

#include "gpu/context.hpp"
#include "render/renderer.hpp"

namespace vrex::bake {

// Faces in the order front (yaw 0, looking along -Z), right (yaw 90), back, left, up, down.
constexpr int k_face_count = 6;

struct CubeFaces {
    uint32_t inner = 0;                                  // pixels across the face's 90 degrees
    uint32_t size = 0;                                   // pixels across the image: inner + 2 (the margin)
    std::array<std::vector<uint8_t>, k_face_count> rgba; // sRGB RGBA8, size x size, top row first
    std::array<glm::mat3, k_face_count> world_from_face; // rotation: x right, y up, -z the face's centre
};

struct CaptureOptions {
    uint32_t inner = 512;     // pixels across 90 degrees, after the supersampling
    uint32_t supersample = 2; // each face rendered at this many times its size, then box-filtered
    glm::vec3 eye{0.0f};      // world position of the camera
    // Stereo: the camera moved by this (metres, signed: negative for the left eye) along each side face's right axis;
    // the up and down faces stay at `eye` (an omnidirectional-stereo approximation per face).
    float side_offset = 0.0f;
};

// The rotation of face `face` (0..5, see k_face_count).
glm::mat3 face_rotation(int face);

// Renders `scene` six times. Throws core::Error on GPU failure or when the supersampled face exceeds the device's
// image limit (check max_face_inner first).
CubeFaces capture_cube(gpu::Context& ctx, render::Renderer& renderer, const render::RenderScene& scene,
                       const CaptureOptions& options);

// The largest `inner` that capture_cube can render at `supersample` on this device.
uint32_t max_face_inner(const gpu::Context& ctx, uint32_t supersample);

} // namespace vrex::bake
