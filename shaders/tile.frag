#version 450
// A tile from its slot of the tile cache (a 2D array, sRGB: filtered in linear light), bilinear, sampled no further
// out than its outer texels' centres: the slot may hold another tile's texels beyond a narrow tile, and the quad's
// one-texel margin (tile.vert) repeats the edge texels (a seam under a texel, measured by the tile seam test).
layout(set = 0, binding = 0) uniform sampler2DArray u_tiles;

layout(push_constant) uniform Push {
    mat4 view_proj;
    vec4 rect;
    vec4 uv_rect;
    vec4 clamp_uv;
    vec4 slot;
} pc;

layout(location = 0) in vec2 in_uv;
layout(location = 0) out vec4 out_color;

void main() {
    vec2 uv = clamp(in_uv, pc.clamp_uv.xy, pc.clamp_uv.zw);
    out_color = vec4(textureLod(u_tiles, vec3(uv, pc.slot.x), 0.0).rgb, 1.0);
}
