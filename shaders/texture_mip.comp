#version 450
// Builds one mip level of a model texture from the level above: a 2x2 box filter (one bilinear tap at the shared
// corner of the four source texels), in linear light for sRGB textures (sampled through an sRGB view and encoded by
// hand, as the storage view is UNORM). Alpha is filtered and kept.
layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;

layout(set = 0, binding = 0) uniform sampler2D u_src; // previous level, linear filter
layout(set = 0, binding = 1, rgba8) uniform writeonly image2D u_dst;

layout(push_constant) uniform Push {
    ivec2 dst_size;
    int srgb; // 1: u_src is an sRGB view, encode the result
} pc;

vec3 srgb_encode(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

void main() {
    ivec2 id = ivec2(gl_GlobalInvocationID.xy);
    if (id.x >= pc.dst_size.x || id.y >= pc.dst_size.y) return;
    vec4 c = textureLod(u_src, (vec2(id) + 0.5) / vec2(pc.dst_size), 0.0);
    if (pc.srgb != 0) c.rgb = srgb_encode(c.rgb);
    imageStore(u_dst, id, c);
}
