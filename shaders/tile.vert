#version 450
// One tile of a tiled cube panorama: a quad on the unit cube (render/tile_select.hpp), drawn as a triangle strip.
// Corners are taken, not interpolated, from the rectangle, so tiles that share an edge share its vertices exactly.
layout(push_constant) uniform Push {
    mat4 view_proj;   // projection * the view's rotation (the panorama is at infinity)
    vec4 rect;        // a0, b0, a1, b1: face-plane coordinates, a right and b down in the face image
    vec4 tile;        // u and v of the tile's far corner in its slot, the slot's layer, the face
    vec4 clamp_uv;    // u0, v0, u1, v1: the centres of the tile's outer texels
} pc;

layout(location = 0) out vec2 out_uv;

vec3 cube_point(int face, float a, float b) {
    switch (face) {
    case 0: return vec3(a, -b, -1.0);
    case 1: return vec3(1.0, -b, a);
    case 2: return vec3(-a, -b, 1.0);
    case 3: return vec3(-1.0, -b, -a);
    case 4: return vec3(a, 1.0, -b);
    default: return vec3(a, -1.0, b);
    }
}

void main() {
    bool right = (gl_VertexIndex & 1) != 0, bottom = (gl_VertexIndex & 2) != 0;
    float a = right ? pc.rect.z : pc.rect.x;
    float b = bottom ? pc.rect.w : pc.rect.y;
    out_uv = vec2(right ? pc.tile.x : 0.0, bottom ? pc.tile.y : 0.0);
    gl_Position = pc.view_proj * vec4(cube_point(int(pc.tile.w), a, b), 1.0);
}
