#pragma once
// The bake's lighting, per vertex on the CPU: a sky/ground hemisphere with ambient occlusion (rays against the model's
// triangles), a soft shadowless fill from above, and the model's own lights (point, spot, directional) with ray-cast
// shadows. Light is linear RGB, multiplied with the base colour by shaders/mesh_baked.frag; 1 keeps a white surface
// white. Subdivide the model first (subdivide.hpp) so that light can vary across large faces.
#include <cstdint>
#include <vector>

#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "media/model.hpp"

namespace vrex::bake {

struct LightOptions {
    int ao_rays = 32;                      // hemisphere rays per vertex
    float ao_distance = 1.2f;              // metres: geometry farther than this does not occlude
    glm::vec3 sky{1.0f, 0.98f, 0.95f};     // light from above (at zenith)
    glm::vec3 ground{0.55f, 0.52f, 0.50f}; // light from below (the floor's bounce)
    float bounce = 0.30f;                  // what an occluded ray still brings (interreflection), times the average sky
    float fill = 0.15f;                    // shadowless light from above-front-left, for faces to read apart
    // With model lights: the hemisphere dimmed to this, and the lights scaled so that the brighter quarter of the
    // surfaces (by area) gets `exposure` from them.
    float ambient_with_lights = 0.45f;
    float exposure = 0.75f;
    int threads = 0; // 0: one per hardware thread
};

// One light value per vertex (w = 1), for every mesh's vertices in order (the GPU model's vertex order: meshes with no
// triangles must already be gone, as subdivide leaves them).
std::vector<glm::vec4> bake_vertex_light(const media::Model& model, const LightOptions& options = {});

} // namespace vrex::bake
