#pragma once
// The mesh pipeline's fixed parts, shared by the renderer's pipeline setup and the mesh pass.
#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <span>
#include <vulkan/vulkan.h>

namespace vrex::render {

// media::Vertex as vertex input: position, normal, uv, tangent (shaders/mesh.vert locations 0..3).
std::span<const VkVertexInputBindingDescription> mesh_vertex_bindings();
std::span<const VkVertexInputAttributeDescription> mesh_vertex_attributes();
// The same with a vec4 of baked light per vertex at location 4, from binding 1 (ModelInstance::vertex_light).
std::span<const VkVertexInputBindingDescription> mesh_baked_vertex_bindings();
std::span<const VkVertexInputAttributeDescription> mesh_baked_vertex_attributes();

// The light rig's space for an object centred at `centre` (world): x right, y up, z from the object towards the
// visitor's standpoint (the world origin). The lights of shaders/mesh.frag are fixed in it, so an object is lit the
// same way whichever direction it stands in, in both eyes, however the head turns.
glm::mat4 rig_from_world(const glm::vec3& centre);

} // namespace vrex::render
