#version 450
#extension GL_GOOGLE_include_directive : require
// Samples an equirect panorama directly along the view ray: no cube, no conversion. The level of detail is one per
// view, chosen by the renderer from the texels per pixel at the view's centre (where a pinhole's pixels span the
// widest angle; elsewhere they are smaller, so nothing aliases), and sampled bilinearly from a single-level view; the
// renderer draws with panorama_equirect_blend.frag where two levels are blended. A level per pixel (textureGrad,
// trilinear) costs a CPU rasteriser twice the frame (vrex bench: 2.1-2.3x the flat pass, against 1.06x for one
// bilinear level); a level per view also needs no care at the seam (no derivatives) and treats the poles as the rest
// (the footprint is an angle, whatever a row's length).
layout(set = 0, binding = 0) uniform sampler2D u_fine; // the level, sRGB, repeat in u, clamp in v

#include "panorama_equirect.glsl"

void main() {
    vec2 uv = equirect_uv(in_ray);
    write_color(uv, textureLod(u_fine, uv, 0.0).rgb);
}
