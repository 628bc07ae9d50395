#include "model_fixture.hpp"

#include <cmath>
#include <glm/gtc/matrix_transform.hpp>
#include <iostream>

#include "core/error.hpp"
#include "math/camera.hpp"
#include "media/srgb.hpp"
#include "platform/offscreen_presenter.hpp"

namespace vrex::test {
namespace {

void set(media::Image& img, uint32_t x, uint32_t y, glm::u8vec4 c) {
    uint8_t* p = &img.rgba[(size_t(y) * img.width + x) * 4];
    p[0] = c.r;
    p[1] = c.g;
    p[2] = c.b;
    p[3] = c.a;
}

media::Image blank(uint32_t size) {
    return media::Image{size, size, std::vector<uint8_t>(size_t(size) * size * 4)};
}

// One face: corners at n*h +- u*h +- v*h (u x v = n), counter-clockwise seen from outside.
void add_face(media::Mesh& mesh, glm::vec3 n, glm::vec3 u, glm::vec3 v, float hu, float hv, float hn) {
    const uint32_t base = uint32_t(mesh.vertices.size());
    const glm::vec2 corners[4] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
    for (const glm::vec2 c : corners) {
        media::Vertex vertex;
        vertex.position = n * hn + u * (c.x * hu) + v * (c.y * hv);
        vertex.normal = n;
        vertex.uv = {(c.x + 1) * 0.5f, (1 - c.y) * 0.5f}; // glTF: v = 0 at the top
        vertex.tangent = glm::vec4(u, 1.0f);
        mesh.vertices.push_back(vertex);
    }
    for (uint32_t i : {0u, 1u, 2u, 0u, 2u, 3u}) mesh.indices.push_back(base + i);
}

void finish(media::Model& model) {
    model.bounds.min = model.bounds.max = model.meshes.at(0).vertices.at(0).position;
    for (const media::Mesh& m : model.meshes) {
        for (const media::Vertex& v : m.vertices) {
            model.bounds.min = glm::min(model.bounds.min, v.position);
            model.bounds.max = glm::max(model.bounds.max, v.position);
        }
        model.triangle_count += m.indices.size() / 3;
    }
}

} // namespace

media::Image checker(uint32_t size, uint32_t squares, glm::u8vec4 a, glm::u8vec4 b) {
    media::Image img = blank(size);
    for (uint32_t y = 0; y < size; ++y)
        for (uint32_t x = 0; x < size; ++x) set(img, x, y, ((x * squares / size) + (y * squares / size)) % 2 ? b : a);
    return img;
}

media::Image holes(uint32_t size, uint32_t count, glm::u8vec4 colour) {
    media::Image img = blank(size);
    const float cell = float(size) / float(count);
    for (uint32_t y = 0; y < size; ++y)
        for (uint32_t x = 0; x < size; ++x) {
            const float fx = std::fmod(x + 0.5f, cell) / cell - 0.5f, fy = std::fmod(y + 0.5f, cell) / cell - 0.5f;
            glm::u8vec4 c = colour;
            c.a = fx * fx + fy * fy < 0.3f * 0.3f ? 0 : 255;
            set(img, x, y, c);
        }
    return img;
}

media::Image bumps(uint32_t size, uint32_t count) {
    media::Image img = blank(size);
    const float cell = float(size) / float(count);
    for (uint32_t y = 0; y < size; ++y)
        for (uint32_t x = 0; x < size; ++x) {
            // Image y points down, the normal map's +Y (green) up.
            const float fx = std::fmod(x + 0.5f, cell) / cell * 2 - 1, fy = -(std::fmod(y + 0.5f, cell) / cell * 2 - 1);
            const float r2 = fx * fx + fy * fy;
            const glm::vec3 n = r2 < 0.64f ? glm::vec3(fx, fy, std::sqrt(1.0f - r2)) : glm::vec3(0, 0, 1);
            const glm::vec3 e = (glm::normalize(n) * 0.5f + 0.5f) * 255.0f + 0.5f;
            set(img, x, y, {uint8_t(e.x), uint8_t(e.y), uint8_t(e.z), 255});
        }
    return img;
}

media::Model cube_model(float half, std::optional<media::Image> texture, const media::Material& material) {
    media::Model model;
    model.materials.push_back(material);
    if (texture) {
        model.textures.push_back({std::move(*texture), true, "cube texture"});
        model.materials[0].base_colour_texture = 0;
    }
    media::Mesh mesh;
    const glm::vec3 x(1, 0, 0), y(0, 1, 0), z(0, 0, 1);
    add_face(mesh, z, x, y, half, half, half);   // front
    add_face(mesh, -z, -x, y, half, half, half); // back
    add_face(mesh, x, -z, y, half, half, half);  // right
    add_face(mesh, -x, z, y, half, half, half);  // left
    add_face(mesh, y, x, -z, half, half, half);  // top
    add_face(mesh, -y, x, z, half, half, half);  // bottom
    model.meshes.push_back(std::move(mesh));
    finish(model);
    return model;
}

media::Model quad_model(float half_width, float half_height, const media::Material& material,
                        std::optional<media::Image> base_colour, std::optional<media::Image> normal_map) {
    media::Model model;
    model.materials.push_back(material);
    if (base_colour) {
        model.materials[0].base_colour_texture = int(model.textures.size());
        model.textures.push_back({std::move(*base_colour), true, "base colour"});
    }
    if (normal_map) {
        model.materials[0].normal_texture = int(model.textures.size());
        model.textures.push_back({std::move(*normal_map), false, "normal map"});
    }
    media::Mesh mesh;
    add_face(mesh, {0, 0, 1}, {1, 0, 0}, {0, 1, 0}, half_width, half_height, 0.0f);
    model.meshes.push_back(std::move(mesh));
    finish(model);
    return model;
}

glm::mat4 placed(glm::vec3 at, float yaw_deg, float pitch_deg) {
    glm::mat4 m = glm::translate(glm::mat4(1.0f), at);
    m = glm::rotate(m, glm::radians(yaw_deg), glm::vec3(0, 1, 0));
    return glm::rotate(m, glm::radians(pitch_deg), glm::vec3(1, 0, 0));
}

media::Image ModelTest::draw(const render::RenderScene& scene, const ViewSpec& spec) {
    platform::OffscreenPresenter presenter(*ctx, {spec.width, spec.height});
    gpu::Frame& frame = presenter.begin_frame();
    gpu::View& view = frame.views[0];
    view.world_from_view = math::orientation_from_yaw_pitch(spec.yaw, spec.pitch);
    view.projection = math::projection_from_fov(math::fov_from_hfov(spec.hfov, double(spec.width) / spec.height));
    renderer->draw(frame.cmd, scene, view);
    presenter.end_frame(frame);
    platform::Pixels px = presenter.read_pixels(0);
    return media::Image{px.width, px.height, std::move(px.rgba)};
}

const render::Panorama& ModelTest::grid() {
    if (!m_grid) {
        auto img = media::decode_image(source_path("tests/data/grid_512x256.jpg"));
        if (!img) throw core::Error(img.error());
        m_grid = renderer->load_panorama(*img);
    }
    return *m_grid;
}

::testing::AssertionResult golden_rejects(const std::string& name, const media::Image& changed,
                                          const std::string& what) {
    auto golden = media::decode_image(golden_path(name));
    if (!golden) return ::testing::AssertionFailure() << "no golden " << name << ": " << golden.error();
    const GoldenComparison c = compare_images(*golden, changed);
    std::cout << "[ sensitivity ] " << name << " " << what << ": " << (c.passed() ? "NOT caught" : "caught") << " ("
              << c.summary() << ")\n";
    if (c.passed()) return ::testing::AssertionFailure() << name << " does not see " << what;
    return ::testing::AssertionSuccess();
}

glm::u8vec4 pixel(const media::Image& image, uint32_t x, uint32_t y) {
    const uint8_t* p = &image.rgba[(size_t(y) * image.width + x) * 4];
    return {p[0], p[1], p[2], p[3]};
}

double luminance(const media::Image& image, uint32_t x, uint32_t y) {
    const glm::u8vec4 p = pixel(image, x, y);
    return 0.2126 * media::srgb_to_linear(p.r) + 0.7152 * media::srgb_to_linear(p.g) +
           0.0722 * media::srgb_to_linear(p.b);
}

} // namespace vrex::test
