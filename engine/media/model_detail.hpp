#pragma once
// The parts of load_model (model.cpp), one file each: glTF header checks, Assimp I/O, meshes, materials, textures.
// Internal to engine/media; exposed here so that tests can call the pieces directly.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "media/model.hpp"

struct aiScene;
struct aiTexture;
namespace Assimp {
class IOSystem;
}

namespace vrex::media::detail {

enum class ModelFormat { gltf, glb, obj, fbx, collada };

// By extension, case-insensitive: .gltf .glb .obj .fbx .dae; nullopt for anything else.
std::optional<ModelFormat> model_format(const std::filesystem::path& path);

// Reads a glTF's JSON (from the .gltf, or the JSON chunk of a .glb) without the buffers and checks what Assimp would
// otherwise find out only after allocating: the version (2.x only), the triangle count of the default scene with
// instancing, the bytes its accessors decode to (at most max_file_bytes), and node cycles. Empty string: fine;
// otherwise the error, naming `name`.
std::string check_gltf_header(const std::filesystem::path& path, ModelFormat format, uint64_t file_size,
                              const ModelLimits& limits, const std::string& name);
// The JSON of a .gltf, or of a .glb's first chunk, into `json`; the error (naming `name`) or "".
std::string read_gltf_json(const std::filesystem::path& path, ModelFormat format, uint64_t file_size,
                           const std::string& name, std::string& json);
// The same on JSON text already in memory.
std::string check_gltf_json(std::string_view json, const ModelLimits& limits, const std::string& name);

// What Assimp may read during one load: files inside `folder` (canonical), at most `max_bytes` in all, each file
// counted once. Shared by load_model and the Assimp::IOSystem of make_model_io, which the Importer owns.
struct ModelFileAccess {
    std::filesystem::path folder;
    uint64_t max_bytes = 0;
    std::string name; // the model, for messages
    uint64_t bytes = 0;
    std::vector<std::string> opened;
    std::string error;                // set when the files together exceed max_bytes
    std::vector<std::string> refused; // paths outside the folder that Assimp asked for
};
// A new IOSystem for Importer::SetIOHandler (which takes ownership); `access` must outlive the Importer.
Assimp::IOSystem* make_model_io(ModelFileAccess& access);
// Sends Assimp's messages to spdlog at debug level instead of nowhere (Assimp's default); once per process.
void route_assimp_logs();

// Face, line and point statements of an OBJ that name a vertex the file does not have. Assimp 5.2.5 refuses those
// too, but leaks the mesh it was building; this check comes first. Empty string: fine.
std::string check_obj_indices(std::string_view obj, const std::string& name);

// The file a texture reference of a model in `folder` names, or why it may not be read ("is a URL", "is an
// absolute path", "leaves the model's folder"). Backslashes count as separators (OBJ files from Windows).
core::Expected<std::filesystem::path, std::string> resolve_model_path(const std::filesystem::path& folder,
                                                                      std::string_view reference);

// The textures a model's materials ask for, loaded in two passes so that limits are checked before memory is spent:
// every texture's header is read and its size checked against the limits, and only then is anything decoded.
class TextureLoader {
public:
    TextureLoader(const aiScene& scene, ModelFormat format, const std::filesystem::path& folder,
                  const ModelLimits& limits, const std::string& name);

    // A texture as the model writes it ("*0" for glTF's embedded ones, ".\\tex.jpg", "tex.png"); `material` names
    // the material in warnings. Returns a slot, the same for the same reference and colour space.
    int request(const std::string& written, bool srgb, const std::string& material);

    // Reads, checks and decodes every requested texture into model.textures. A missing, refused or broken texture
    // becomes a warning in model.warnings; a texture over the limits is the returned error.
    std::string load(Model& model);

    // The model.textures index of a slot once loaded, -1 when that texture could not be read.
    int texture_index(int slot) const;

    struct Slot {
        std::string written;
        bool srgb = true;
        std::string material;
        std::string source;             // the file, or "embedded #N"
        std::vector<uint8_t> bytes;     // the compressed image, between the passes
        const aiTexture* raw = nullptr; // an embedded texture of uncompressed texels
        uint32_t width = 0, height = 0; // from the header
        bool readable = false;          // header read; decoded once index >= 0
        int index = -1;
    };

private:
    // Find the texture and read its header (slot.readable), or add a warning; the result is an error over a limit.
    std::string read_header(Slot& slot, Model& model);
    std::string find_file(Slot& slot, Model& model);
    void decode(Slot& slot, Model& model);
    std::string warning(const Slot& slot, const std::string& what) const;

    const aiScene& m_scene;
    ModelFormat m_format;
    std::filesystem::path m_folder;
    const ModelLimits& m_limits;
    std::string m_name;
    std::vector<Slot> m_slots;
};

// Triangles the scene draws once node transforms are baked: polygons of n corners count n - 2, a mesh counts once
// per node that references it.
uint64_t count_scene_triangles(const aiScene& scene);

// Converts the post-processed scene's triangle meshes (UVs flipped to a top-left origin) into model.meshes, with
// Assimp material indices; returns the error for vertices that are not finite numbers.
std::string convert_meshes(const aiScene& scene, Model& model, const std::string& name);

// Fills model.materials (and model.textures, model.warnings) for the materials model.meshes use, and renumbers
// Mesh::material to index model.materials. An error (a texture over the limits) fails the whole load.
std::string convert_materials(const aiScene& scene, ModelFormat format, const std::filesystem::path& model_path,
                              const ModelLimits& limits, Model& model);

// The scene's lights and named nodes with their world (model-space) placement, read before the post-processing bakes
// the node hierarchy into the vertices.
void collect_nodes(const aiScene& scene, Model& model);

// True when any material of the scene has a normal map (tangents are worth computing).
bool scene_has_normal_maps(const aiScene& scene);

} // namespace vrex::media::detail
