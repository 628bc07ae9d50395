#version 450
// One tile of a tiled cube panorama: a quad on the unit cube (render/tile_select.hpp), drawn as a triangle strip. The
// renderer widens each quad by a texel of its level on every side (rect and uv_rect say where its corners are, on the
// face and in the tile's slot), so that neighbours overlap: no crack where tiles of different levels meet.
layout(push_constant) uniform Push {
    mat4 view_proj;   // projection * the view's rotation (the panorama is at infinity)
    vec4 rect;        // a0, b0, a1, b1: face-plane coordinates of the corners, a right and b down in the face image
    vec4 uv_rect;     // u0, v0, u1, v1: the same corners in the tile's slot
    vec4 clamp_uv;    // u0, v0, u1, v1: the centres of the tile's outer texels
    vec4 slot;        // the slot's layer, the face
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
    out_uv = vec2(right ? pc.uv_rect.z : pc.uv_rect.x, bottom ? pc.uv_rect.w : pc.uv_rect.y);
    gl_Position = pc.view_proj * vec4(cube_point(int(pc.slot.y), a, b), 1.0);
}
