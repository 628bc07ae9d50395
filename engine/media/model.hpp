#pragma once
// 3D exhibits on the CPU: meshes, materials and textures read through Assimp (glTF 2.0 / GLB, OBJ + MTL, FBX,
// COLLADA), with no GPU code. Node transforms are baked into the vertices (exhibits are static), so a Model is a
// flat list of meshes in model space (metres, +Y up as glTF says; other formats as Assimp converts them).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "core/expected.hpp"
#include "media/image.hpp"

namespace vrex::media {

struct Vertex {
    glm::vec3 position{0.0f};
    glm::vec3 normal{0.0f, 1.0f, 0.0f};
    glm::vec2 uv{0.0f};            // glTF convention: (0, 0) is the image's top-left
    glm::vec4 tangent{1, 0, 0, 1}; // xyz tangent (along growing u), w handedness: w * cross(normal, tangent) is
                                   // the bitangent and points up the image (to v = 0), as glTF's TANGENT does.
                                   // From the file, or computed when a material has a normal map; otherwise
                                   // some unit vector perpendicular to the normal
};

enum class AlphaMode { opaque, mask, blend };

struct Material {
    std::string name;
    glm::vec4 base_colour{1.0f};  // linear RGBA factor
    int base_colour_texture = -1; // index into Model::textures (sRGB), -1: none
    int normal_texture = -1;      // index into Model::textures (linear, tangent space), -1: none
    AlphaMode alpha_mode = AlphaMode::opaque;
    float alpha_cutoff = 0.5f; // for AlphaMode::mask
    bool double_sided = false;
};

struct Mesh {
    std::vector<Vertex> vertices;
    std::vector<uint32_t> indices; // triangles
    int material = 0;              // index into Model::materials (always valid)
};

struct ModelTexture {
    Image image;        // RGBA8
    bool srgb = true;   // base colour: true; normal maps: false
    std::string source; // the file, or "embedded #N", for messages
};

struct Bounds {
    glm::vec3 min{0.0f};
    glm::vec3 max{0.0f};
};

// A light of the model (glTF KHR_lights_punctual, or what Assimp reads from other formats), in model space.
struct ModelLight {
    enum class Kind { point, spot, directional };
    Kind kind = Kind::point;
    std::string name;
    glm::vec3 position{0.0f};                   // point, spot
    glm::vec3 direction{0.0f, 0.0f, -1.0f};     // spot, directional: where the light shines to (unit)
    glm::vec3 colour{1.0f};                     // linear, the intensity included (glTF: candela, or lux if directional)
    float inner_cone = 0.0f, outer_cone = 0.0f; // spot: half angles, radians
};

// A named node's origin in model space (e.g. "hotspot:to-reading-room", placed by the modeller).
struct ModelNode {
    std::string name;
    glm::vec3 origin{0.0f};
};

struct Model {
    std::vector<Mesh> meshes;
    std::vector<Material> materials; // at least one
    std::vector<ModelTexture> textures;
    Bounds bounds; // of all vertices, model space
    uint64_t triangle_count = 0;
    std::vector<ModelLight> lights;
    std::vector<ModelNode> nodes; // every named node of the hierarchy, in file order (at most 100000)
    // e.g. "m/spider.obj: material \"Skin\": texture .\\wal67ar_small.jpg not found; the material keeps its colour"
    std::vector<std::string> warnings;
    // The files the load read, or looked for (a texture not found): the model, its buffers and material libraries,
    // its textures. A viewer notices with them that the model changed on disk (scene::ModelCache).
    std::vector<std::filesystem::path> files;
};

// Checked before memory is spent on the content: file size first, then the scene's counts, then each texture's
// header (the same decoders and limits as panoramas, media/image.hpp). max_file_bytes bounds the model file, all the
// files it reads together (a glTF's .bin buffers, an OBJ's .mtl), each texture file, and the bytes a glTF's accessors
// decode to. Triangles count once per node that draws them (instances are baked into the vertices).
struct ModelLimits {
    uint64_t max_file_bytes = 256ull << 20;
    uint64_t max_triangles = 4'000'000;
    uint32_t max_texture_side = 8192;
    uint64_t max_texture_bytes = 512ull << 20; // all textures, decoded
};

// Reads a model file. Errors name the file and say what is wrong ("duck.gltf: not a model vrex can read (glTF 1.0
// / 0.8 is not supported)", "big.glb: 5200000 triangles, more than the limit of 4000000"). A missing or broken
// texture is not an error: the material falls back to its colour factor (grey where that factor is plain white) and
// a warning says so. Never throws; safe to call from several threads at once.
core::Expected<Model, std::string> load_model(const std::filesystem::path& path, const ModelLimits& limits = {});

// The files a model file names besides itself, as written there: a glTF's (or a GLB's JSON's) buffer and image URIs
// (not data: URIs), an OBJ's material libraries, a material library's (.mtl) texture maps. For fetching a served
// model's parts before it is loaded (app/remote_tour.cpp); the loader still refuses what leaves the model's folder.
// Untrusted input: at most 256 names of at most 1024 bytes, none for a file over `limits.max_file_bytes`, a corrupt
// one or another format. Never throws.
std::vector<std::string> model_side_files(const std::filesystem::path& path, const ModelLimits& limits = {});

} // namespace vrex::media
