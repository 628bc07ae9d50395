#version 450
// Builds one cube mip level from the level above: a 2x2 box filter in linear light (one bilinear tap at the
// shared corner of the four source texels), sRGB-encoded by hand because the storage view is UNORM.
layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;

layout(set = 0, binding = 0) uniform sampler2DArray u_src; // previous level, sRGB view, linear filter
layout(set = 0, binding = 1, rgba8) uniform writeonly image2DArray u_dst;

layout(push_constant) uniform Push {
    int dst_size; // the first member of the loader's push block; the rest is for equirect_to_cube.comp
} pc;

vec3 srgb_encode(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

void main() {
    ivec3 id = ivec3(gl_GlobalInvocationID);
    if (id.x >= pc.dst_size || id.y >= pc.dst_size) return;
    vec2 uv = (vec2(id.xy) + 0.5) / float(pc.dst_size);
    vec3 c = textureLod(u_src, vec3(uv, float(id.z)), 0.0).rgb;
    imageStore(u_dst, id, vec4(srgb_encode(c), 1.0));
}
