#version 450
// A mesh lit by light baked per vertex (`vrex bake`): base colour (texture in linear light through its sRGB view,
// times the factor) times the interpolated light; alpha MASK by discard and BLEND by alpha out, as mesh.frag. The
// normal map is not used: the light was computed from the vertex normals.
layout(set = 0, binding = 0) uniform sampler2D u_base_colour;
layout(set = 0, binding = 1) uniform sampler2D u_normal;
layout(set = 0, binding = 2) uniform Material {
    vec4 base_colour;
    float alpha_cutoff;
    float blend;
    float normal_map;
} u_material;

layout(location = 0) in vec3 in_light;
layout(location = 1) in vec2 in_uv;
layout(location = 0) out vec4 out_color;

void main() {
    vec4 base = texture(u_base_colour, in_uv) * u_material.base_colour;
    if (base.a < u_material.alpha_cutoff) discard;
    out_color = vec4(base.rgb * in_light, u_material.blend > 0.5 ? base.a : 1.0);
}
