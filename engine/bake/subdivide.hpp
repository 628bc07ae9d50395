#pragma once
// Splits a model's large triangles so that light computed per vertex (light_bake.hpp) can vary across a wall.
#include <cstdint>

#include "media/model.hpp"

namespace vrex::bake {

// Each triangle whose longest edge exceeds `max_edge` (metres) becomes n x n smaller ones (n = ceil(longest /
// max_edge), at most 64), attributes interpolated. Both triangles of a quad share their longest edge (the diagonal),
// so they split alike and no T-junction opens between them. `max_edge` grows as needed to keep the model within
// `max_triangles`. Vertices identical in every attribute are shared within a mesh; empty meshes are dropped.
void subdivide(media::Model& model, float max_edge, uint64_t max_triangles);

} // namespace vrex::bake
