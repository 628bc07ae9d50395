#pragma once
// A glTF 2.0 writer for box-and-panel geometry: triangles grouped by material, one node for the mesh and one empty
// node per named marker (`hotspot:NAME`, read by `vrex bake --hotspots`). Output is byte-for-byte deterministic.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/expected.hpp"
#include "media/image.hpp"

namespace vrex::roomgen {

class GltfBuilder {
public:
    // A material of one sRGB colour, or of a texture (white factor) when `texture` has pixels. Same colour, same
    // material; each texture is its own.
    int colour_material(glm::vec3 srgb);
    int texture_material(media::Image texture, bool repeat = false);

    // A rectangle seen from the side `cross(right, up)` points to; uv (0,0) at its top-left corner, or world metres
    // divided by `uv_metres` (along right and -up) when that is positive (tiling textures).
    void quad(int material, glm::vec3 centre, glm::vec3 right, glm::vec3 up, glm::vec2 size, float uv_metres = 0);
    // An axis-aligned box in the frame `transform`, from `min` to `max`; all six faces point out.
    void box(int material, const glm::mat4& transform, glm::vec3 min, glm::vec3 max);
    // A closed cylinder (a cone when the radii differ) along +Y from `base`, `segments` sides.
    void cylinder(int material, glm::vec3 base, float radius_bottom, float radius_top, float height, int segments = 32);
    void marker(const std::string& name, glm::vec3 position);
    const std::vector<std::pair<std::string, glm::vec3>>& markers() const { return m_markers; }

    // Writes DIR/STEM.gltf, DIR/STEM.bin and DIR/STEM-N.png (the textures).
    core::Expected<bool, std::string> write(const std::filesystem::path& dir, const std::string& stem) const;

private:
    struct Vertex {
        glm::vec3 position, normal;
        glm::vec2 uv;
    };
    struct Material {
        glm::vec3 srgb{1.0f};
        int texture = -1;
    };
    struct Texture {
        media::Image image;
        bool repeat = false;
    };
    void triangle_fan(int material, const std::vector<Vertex>& polygon);

    std::vector<Material> m_materials;
    std::map<std::tuple<float, float, float>, int> m_colour_index;
    std::vector<Texture> m_textures;
    std::vector<std::vector<Vertex>> m_vertices; // per material
    std::vector<std::vector<uint32_t>> m_indices;
    std::vector<std::pair<std::string, glm::vec3>> m_markers;
};

} // namespace vrex::roomgen
