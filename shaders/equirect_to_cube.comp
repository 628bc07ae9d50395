#version 450
// Converts an equirectangular panorama into mip level 0 of a cubemap (DESIGN.md §2 conventions).
// The cube is written through a UNORM storage view of an sRGB image, so the shader encodes sRGB itself;
// the equirect is read through an sRGB view, so filtering happens in linear light.
layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;

layout(set = 0, binding = 0) uniform sampler2D u_equirect;
layout(set = 0, binding = 1, rgba8) uniform writeonly imageCube u_cube;

layout(push_constant) uniform Push {
    int face_size;
    int samples;    // supersampling per axis
    int first_face; // face of gl_GlobalInvocationID.z == 0
    // Coverage of a partial panorama, radians: horizontal and vertical angle of view, vertical offset of its
    // centre (up positive). A full panorama is (2 pi, pi, 0). Directions outside it are black.
    float haov;
    float vaov;
    float voffset;
} pc;

const float PI = 3.14159265358979;

// Inverse of the Vulkan spec's cube face selection: direction for face-local (s, t) in [0,1].
vec3 cube_direction(int face, vec2 st) {
    vec2 c = st * 2.0 - 1.0;
    switch (face) {
    case 0: return vec3(1.0, -c.y, -c.x);
    case 1: return vec3(-1.0, -c.y, c.x);
    case 2: return vec3(c.x, 1.0, c.y);
    case 3: return vec3(c.x, -1.0, -c.y);
    case 4: return vec3(c.x, -c.y, 1.0);
    default: return vec3(-c.x, -c.y, -1.0);
    }
}

vec2 equirect_uv(vec3 d) {
    d = normalize(d);
    float yaw = atan(d.x, -d.z);
    float pitch = asin(clamp(d.y, -1.0, 1.0));
    return vec2(0.5 + yaw / pc.haov, 0.5 - (pitch - pc.voffset) / pc.vaov);
}

vec3 sample_equirect(vec3 d) {
    vec2 uv = equirect_uv(d);
    bool full_width = pc.haov >= 2.0 * PI - 1e-4;
    if (uv.y < 0.0 || uv.y > 1.0 || (!full_width && (uv.x < 0.0 || uv.x > 1.0))) return vec3(0.0);
    return textureLod(u_equirect, uv, 0.0).rgb;
}

vec3 srgb_encode(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

void main() {
    ivec3 id = ivec3(gl_GlobalInvocationID) + ivec3(0, 0, pc.first_face);
    if (id.x >= pc.face_size || id.y >= pc.face_size) return;
    vec3 sum = vec3(0.0);
    for (int j = 0; j < pc.samples; ++j) {
        for (int i = 0; i < pc.samples; ++i) {
            vec2 st = (vec2(id.xy) + (vec2(i, j) + 0.5) / float(pc.samples)) / float(pc.face_size);
            sum += sample_equirect(cube_direction(id.z, st));
        }
    }
    vec3 linear = sum / float(pc.samples * pc.samples);
    imageStore(u_cube, id, vec4(srgb_encode(linear), 1.0));
}
