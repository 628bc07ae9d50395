#version 450
// The equirect pass with a level of detail per pixel (RendererOptions::lod_per_pixel: the default on a real GPU, and
// with an anisotropic sampler). panorama_equirect.frag takes one level per view instead (the default on a CPU device).
// Samples an equirect panorama directly along the view ray: no cube, no conversion (DESIGN.md §2 conventions:
// yaw 0 at the image's horizontal centre, positive yaw to the right, pitch up). The mip level comes from the ray's
// own footprint, with two corrections the hardware's derivatives lack: across the seam at yaw +-180 degrees u jumps
// by a whole turn between neighbours (the wrapped difference is the true one), and near the poles a step in u covers
// only cos(pitch) of the distance (the rows shrink to a point), so the poles stay as sharp as the rest (with an
// anisotropic sampler, RendererOptions::anisotropy, the sampler filters along the rows there instead).
layout(set = 0, binding = 0) uniform sampler2D u_panorama; // sRGB, repeat in u, clamp in v, trilinear

layout(push_constant) uniform Push {
    layout(offset = 64) vec4 coverage; // haov, vaov, voffset (radians), gradient scale
    vec4 poles; // x: 1 = scale u's gradient by cos(pitch); 0 = the sampler is anisotropic and filters along u itself
} pc;

layout(location = 0) in vec3 in_ray;
layout(location = 0) out vec4 out_color;

const float PI = 3.14159265358979;

void main() {
    // Both angles are independent of the ray's length: no normalisation.
    vec3 d = in_ray;
    float horizontal = length(d.xz);
    vec2 uv = vec2(0.5 + atan(d.x, -d.z) / pc.coverage.x, 0.5 - (atan(d.y, horizontal) - pc.coverage.z) / pc.coverage.y);
    vec2 dx = dFdx(uv);
    vec2 dy = dFdy(uv);
    float turn = 2.0 * PI / pc.coverage.x; // u of a whole turn
    vec3 c;
    if (pc.poles.x > 0.5 || abs(dx.x) > 0.25 * turn || abs(dy.x) > 0.25 * turn) {
        float pole = mix(1.0, horizontal * inversesqrt(dot(d, d)), pc.poles.x); // cos(pitch), or 1 (anisotropy)
        dx.x = (dx.x - turn * round(dx.x / turn)) * pole;
        dy.x = (dy.x - turn * round(dy.x / turn)) * pole;
        c = textureGrad(u_panorama, uv, dx * pc.coverage.w, dy * pc.coverage.w).rgb;
    } else {
        // Anisotropic, away from the seam: the implicit derivatives are right, and the level comes from the
        // footprint's short axis, sharp already. (lavapipe's anisotropic filter, Mesa 22.3, shows stray texels with
        // explicit gradients or a bias.)
        c = texture(u_panorama, uv).rgb;
    }
    bool partial = pc.coverage.x < 2.0 * PI - 1e-4;
    bool outside = uv.y < 0.0 || uv.y > 1.0 || (partial && (uv.x < 0.0 || uv.x > 1.0));
    out_color = vec4(outside ? vec3(0.0) : c, 1.0);
}
