#version 450
// One triangle that covers the target. Outputs the unnormalised world-space view ray per vertex; a pinhole ray
// is linear in screen space, so the interpolated value is exact per pixel and the fragment shader stays cheap.
layout(push_constant) uniform Push {
    // Affine map from NDC to the world-space ray: ray = (m * vec4(ndc.x, ndc.y, 1, 0)).xyz.
    mat4 ndc_to_world_ray;
} pc;

layout(location = 0) out vec3 out_ray;

void main() {
    vec2 ndc = vec2((gl_VertexIndex << 1) & 2, gl_VertexIndex & 2) * 2.0 - 1.0;
    out_ray = (pc.ndc_to_world_ray * vec4(ndc, 1.0, 0.0)).xyz;
    gl_Position = vec4(ndc, 0.0, 1.0);
}
