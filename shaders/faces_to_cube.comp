#version 450
// Six cube-face images (a 2D array in the order front, right, back, left, up, down, as Pannellum and most
// skybox tools write them: each face seen from inside, up/down with their edge towards the front face)
// resampled into mip level 0 of a Vulkan cubemap. Same sRGB handling as equirect_to_cube.comp.
layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;

layout(set = 0, binding = 0) uniform sampler2DArray u_faces;
layout(set = 0, binding = 1, rgba8) uniform writeonly imageCube u_cube;

layout(push_constant) uniform Push {
    int face_size;
} pc;

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

// Which source face shows direction d, and where (u right, v down in that image). World: -Z front, +X right.
vec3 face_uv(vec3 d) {
    vec3 a = abs(d);
    if (a.z >= a.x && a.z >= a.y) {
        if (d.z < 0.0) return vec3(0.5 + 0.5 * d.x / a.z, 0.5 - 0.5 * d.y / a.z, 0.0); // front
        return vec3(0.5 - 0.5 * d.x / a.z, 0.5 - 0.5 * d.y / a.z, 2.0);                // back
    }
    if (a.x >= a.y) {
        if (d.x > 0.0) return vec3(0.5 + 0.5 * d.z / a.x, 0.5 - 0.5 * d.y / a.x, 1.0); // right
        return vec3(0.5 - 0.5 * d.z / a.x, 0.5 - 0.5 * d.y / a.x, 3.0);                // left
    }
    if (d.y > 0.0) return vec3(0.5 + 0.5 * d.x / a.y, 0.5 - 0.5 * d.z / a.y, 4.0);     // up: front (-Z) at the bottom
    return vec3(0.5 + 0.5 * d.x / a.y, 0.5 + 0.5 * d.z / a.y, 5.0);                    // down: front at the top
}

vec3 srgb_encode(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

void main() {
    ivec3 id = ivec3(gl_GlobalInvocationID);
    if (id.x >= pc.face_size || id.y >= pc.face_size) return;
    vec2 st = (vec2(id.xy) + 0.5) / float(pc.face_size);
    vec3 linear = textureLod(u_faces, face_uv(cube_direction(id.z, st)), 0.0).rgb;
    imageStore(u_cube, id, vec4(srgb_encode(linear), 1.0));
}
