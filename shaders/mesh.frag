#version 450
// Lit, textured mesh: base colour (texture in linear light through its sRGB view, times the factor), an optional
// tangent-space normal map, a key + fill + ambient light rig, alpha MASK by discard and BLEND by alpha out.
layout(set = 0, binding = 0) uniform sampler2D u_base_colour;
layout(set = 0, binding = 1) uniform sampler2D u_normal; // UNORM, tangent space (+Y up, glTF's)
layout(set = 0, binding = 2) uniform Material {
    vec4 base_colour;   // linear RGBA factor
    float alpha_cutoff; // MASK: fragments with alpha below are discarded; else -1
    float blend;        // 1: BLEND (alpha out, blended by the pipeline); 0: opaque (alpha 1 out)
    float normal_map;   // 1: u_normal holds a normal map; 0: the default flat one
} u_material;

layout(location = 0) in vec3 in_normal;
layout(location = 1) in vec4 in_tangent;
layout(location = 2) in vec2 in_uv;
layout(location = 0) out vec4 out_color;

// The rig's space: x right, y up, z from the object towards the visitor. Directions point towards the lights.
const vec3 k_key_dir = vec3(-0.4472, 0.7155, 0.5367); // normalize(-0.5, 0.8, 0.6): above, left, in front
const vec3 k_fill_dir = vec3(0.8083, 0.1155, 0.5774); // normalize(0.7, 0.1, 0.5): right, in front
const vec3 k_key = vec3(0.85);
const vec3 k_fill = vec3(0.30);
const vec3 k_sky = vec3(0.28);    // ambient from above
const vec3 k_ground = vec3(0.12); // ambient from below

vec3 shading_normal() {
    vec3 n = normalize(in_normal);
    if (u_material.normal_map > 0.5) {
        vec3 t = in_tangent.xyz - n * dot(n, in_tangent.xyz);
        if (dot(t, t) > 1e-12) {
            t = normalize(t);
            vec3 b = cross(n, t) * (in_tangent.w < 0.0 ? -1.0 : 1.0);
            vec3 tn = texture(u_normal, in_uv).xyz * 2.0 - 1.0;
            n = normalize(mat3(t, b, n) * tn);
        }
    }
    return gl_FrontFacing ? n : -n; // a double-sided material's back faces are lit from their side
}

void main() {
    vec4 base = texture(u_base_colour, in_uv) * u_material.base_colour;
    if (base.a < u_material.alpha_cutoff) discard;
    vec3 n = shading_normal();
    vec3 light = k_key * max(dot(n, k_key_dir), 0.0) + k_fill * max(dot(n, k_fill_dir), 0.0) +
                 mix(k_ground, k_sky, n.y * 0.5 + 0.5);
    out_color = vec4(base.rgb * light, u_material.blend > 0.5 ? base.a : 1.0);
}
