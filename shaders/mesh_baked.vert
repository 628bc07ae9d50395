#version 450
// A mesh vertex (media::Vertex) with light computed ahead for it (`vrex bake`, engine/bake/light_bake.hpp) to clip
// space. Push constants as mesh.vert's; the rig matrix is not used.
layout(location = 0) in vec3 in_position;
layout(location = 2) in vec2 in_uv;
layout(location = 4) in vec4 in_light; // linear RGB (normal and tangent, locations 1 and 3, are not read)

layout(push_constant) uniform Push {
    mat4 clip_from_model;
    mat4 rig_from_model;
} pc;

layout(location = 0) out vec3 out_light;
layout(location = 1) out vec2 out_uv;

void main() {
    out_light = in_light.rgb;
    out_uv = in_uv;
    gl_Position = pc.clip_from_model * vec4(in_position, 1.0);
}
