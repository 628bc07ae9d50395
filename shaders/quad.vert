#version 450
// A textured rectangle: centre and half-extent vectors in world space (or NDC when view_proj is the identity).
layout(push_constant) uniform Push {
    mat4 view_proj;
    vec4 centre;
    vec4 right; // half width
    vec4 up;    // half height, towards the top of the texture
    vec4 tint;
} pc;

layout(location = 0) out vec2 out_uv;

void main() {
    vec2 uv = vec2(gl_VertexIndex & 1, gl_VertexIndex >> 1); // triangle strip: 0 1 2 3
    vec3 p = pc.centre.xyz + pc.right.xyz * (uv.x * 2.0 - 1.0) + pc.up.xyz * (1.0 - uv.y * 2.0);
    out_uv = uv;
    gl_Position = pc.view_proj * vec4(p, 1.0);
}
