#version 450
// Samples the panorama cubemap along the view ray (trilinear, sRGB decoded by the format).
layout(set = 0, binding = 0) uniform samplerCube u_panorama;

layout(location = 0) in vec3 in_ray;
layout(location = 0) out vec4 out_color;

void main() {
    out_color = vec4(texture(u_panorama, in_ray).rgb, 1.0);
}
