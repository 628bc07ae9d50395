// Shared by panorama_equirect.frag and panorama_equirect_blend.frag: the view ray to equirect (u, v) (DESIGN.md §2
// conventions: yaw 0 at the image's horizontal centre, positive yaw to the right, pitch up), and the output.
layout(push_constant) uniform Push {
    layout(offset = 64) vec4 coverage; // haov, vaov, voffset (radians), the weight of the coarser level
} pc;

layout(location = 0) in vec3 in_ray;
layout(location = 0) out vec4 out_color;

const float PI = 3.14159265358979;

// Both angles are independent of the ray's length: no normalisation.
vec2 equirect_uv(vec3 d) {
    return vec2(0.5 + atan(d.x, -d.z) / pc.coverage.x, 0.5 - (atan(d.y, length(d.xz)) - pc.coverage.z) / pc.coverage.y);
}

// Partial panoramas are black outside their coverage.
void write_color(vec2 uv, vec3 c) {
    bool partial = pc.coverage.x < 2.0 * PI - 1e-4;
    bool outside = uv.y < 0.0 || uv.y > 1.0 || (partial && (uv.x < 0.0 || uv.x > 1.0));
    out_color = vec4(outside ? vec3(0.0) : c, 1.0);
}
