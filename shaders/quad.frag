#version 450
// Texture (sRGB, straight alpha) times tint; blended over what is there.
layout(set = 0, binding = 0) uniform sampler2D u_texture;

layout(push_constant) uniform Push {
    layout(offset = 112) vec4 tint;
} pc;

layout(location = 0) in vec2 in_uv;
layout(location = 0) out vec4 out_color;

void main() {
    out_color = texture(u_texture, in_uv) * pc.tint;
}
