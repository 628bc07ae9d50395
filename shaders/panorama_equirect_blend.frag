#version 450
#extension GL_GOOGLE_include_directive : require
// panorama_equirect.frag between two levels of detail: level L and L + 1, each bilinear, blended by the weight the
// renderer gives (one per view).
layout(set = 0, binding = 0) uniform sampler2D u_fine;   // level L, sRGB, repeat in u, clamp in v
layout(set = 0, binding = 1) uniform sampler2D u_coarse; // level L + 1

#include "panorama_equirect.glsl"

void main() {
    vec2 uv = equirect_uv(in_ray);
    write_color(uv, mix(textureLod(u_fine, uv, 0.0).rgb, textureLod(u_coarse, uv, 0.0).rgb, pc.coverage.w));
}
