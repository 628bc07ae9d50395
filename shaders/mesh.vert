#version 450
// A mesh vertex (media::Vertex) to clip space, with its normal and tangent in the light rig's space (see
// render/mesh_pass.cpp: a rig per instance, aimed from the visitor's standpoint at the instance).
layout(location = 0) in vec3 in_position;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec2 in_uv;
layout(location = 3) in vec4 in_tangent; // xyz tangent, w handedness

layout(push_constant) uniform Push {
    mat4 clip_from_model;
    mat4 rig_from_model; // affine; any scale (normals go through its inverse transpose)
} pc;

layout(location = 0) out vec3 out_normal;
layout(location = 1) out vec4 out_tangent;
layout(location = 2) out vec2 out_uv;

void main() {
    mat3 m = mat3(pc.rig_from_model);
    out_normal = transpose(inverse(m)) * in_normal;
    out_tangent = vec4(m * in_tangent.xyz, in_tangent.w);
    out_uv = in_uv;
    gl_Position = pc.clip_from_model * vec4(in_position, 1.0);
}
