#version 450
// The floor of `vrex bench`: a flat texture, sampled trilinear at the interpolated UV (render/flat_pass.hpp). With
// fullscreen.vert, whose "ray" the pass's push constant maps to (u, v, 1).
layout(set = 0, binding = 0) uniform sampler2D u_texture;

layout(location = 0) in vec3 in_uv;
layout(location = 0) out vec4 out_color;

void main() {
    out_color = texture(u_texture, in_uv.xy);
}
