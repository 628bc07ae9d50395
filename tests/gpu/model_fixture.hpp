#pragma once
// Procedural models and a fixture that draws RenderScenes with models headless (validation on), for the mesh
// pipeline's tests and goldens.
#include <glm/gtc/type_precision.hpp>
#include <glm/mat4x4.hpp>
#include <optional>
#include <string>

#include "gpu_fixture.hpp"
#include "media/model.hpp"
#include "render/model.hpp"

namespace vrex::test {

// Textures (RGBA8, sRGB-encoded).
media::Image checker(uint32_t size, uint32_t squares, glm::u8vec4 a, glm::u8vec4 b);
// Opaque `colour` with round holes of alpha 0 on a grid of `holes` x `holes`.
media::Image holes(uint32_t size, uint32_t count, glm::u8vec4 colour);
// A tangent-space normal map (UNORM, +Y up) of `count` x `count` hemispherical bumps.
media::Image bumps(uint32_t size, uint32_t count);

// A cube of side 2 * half centred on the origin, the texture on each face, counter-clockwise faces outwards.
media::Model cube_model(float half, std::optional<media::Image> texture, const media::Material& material = {});
// A rectangle in the model's XY plane facing +Z (counter-clockwise seen from +Z), uv (0,0) at its top-left.
media::Model quad_model(float half_width, float half_height, const media::Material& material,
                        std::optional<media::Image> base_colour = std::nullopt,
                        std::optional<media::Image> normal_map = std::nullopt);

// translate(at) * rotate about y by yaw, then about x by pitch (degrees).
glm::mat4 placed(glm::vec3 at, float yaw_deg = 0, float pitch_deg = 0);

class ModelTest : public GpuTest {
protected:
    // Draws `scene` seen from `spec` (yaw, pitch, hfov, size), reads it back.
    media::Image draw(const render::RenderScene& scene, const ViewSpec& spec = {0, 0, 60, 320, 240});
    // The grid panorama of tests/data (the scene goldens' one), loaded on first use.
    const render::Panorama& grid();

private:
    std::optional<render::Panorama> m_grid;
};

// The golden `name` must reject `changed` (the scene without the object it shows). Prints the comparison's numbers.
::testing::AssertionResult golden_rejects(const std::string& name, const media::Image& changed,
                                          const std::string& what);

// Linear-light luminance of a pixel (x, y) of an sRGB image.
double luminance(const media::Image& image, uint32_t x, uint32_t y);
glm::u8vec4 pixel(const media::Image& image, uint32_t x, uint32_t y);

} // namespace vrex::test
