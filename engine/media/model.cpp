// load_model: the order of the checks is the point. Each step refuses what it can before the next one spends memory:
// the file's size (stat), a glTF's JSON counts (before Assimp reads a buffer), Assimp's own counts (before the post-
// processing bakes instances into vertices), the textures' headers (before any is decoded).
#include <algorithm>
#include <assimp/BaseImporter.h>
#include <assimp/Importer.hpp>
#include <assimp/config.h>
#include <assimp/importerdesc.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <cctype>
#include <cstring>

#include "core/file.hpp"
#include "media/model_detail.hpp"

namespace vrex::media {
namespace {

namespace fs = std::filesystem;
using detail::ModelFormat;

const char* importer_name(ModelFormat format) {
    switch (format) {
    case ModelFormat::gltf:
    case ModelFormat::glb:
        return "glTF2 Importer";
    case ModelFormat::obj:
        return "Wavefront Object Importer";
    case ModelFormat::fbx:
        return "Autodesk FBX Importer";
    case ModelFormat::collada:
        return "Collada Importer";
    }
    return "";
}

// Leaves the importer with the one reader the extension names. Assimp otherwise falls back to sniffing the bytes with
// its other 47 readers (MD2, BSP, IFC, ...): a broken .glb would be parsed as whatever format it happens to resemble.
bool keep_only_reader(Assimp::Importer& importer, ModelFormat format) {
    std::vector<Assimp::BaseImporter*> others;
    bool found = false;
    for (size_t i = 0; i < importer.GetImporterCount(); ++i) {
        const aiImporterDesc* desc = importer.GetImporterInfo(i);
        if (desc && std::strcmp(desc->mName, importer_name(format)) == 0)
            found = true;
        else
            others.push_back(importer.GetImporter(i));
    }
    // UnregisterLoader only takes a reader off the list; the Importer deletes the readers still on it.
    for (Assimp::BaseImporter* reader : others) {
        importer.UnregisterLoader(reader);
        delete reader;
    }
    return found;
}

std::string check_file(const fs::path& path, const ModelLimits& limits, const std::string& name, uint64_t& size) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) return name + ": file not found";
    if (!fs::is_regular_file(status)) return name + ": not a file";
    size = fs::file_size(path, ec);
    if (ec) return name + ": cannot read the file (" + ec.message() + ")";
    if (size == 0) return name + ": file is empty";
    if (size > limits.max_file_bytes)
        return name + ": file is " + std::to_string(size) + " bytes, more than the limit of " +
               std::to_string(limits.max_file_bytes);
    return {};
}

std::string check_obj(const fs::path& path, const std::string& name) {
    auto bytes = core::read_file(path);
    if (!bytes) return name + ": cannot read the file (" + bytes.error() + ")";
    return detail::check_obj_indices({reinterpret_cast<const char*>(bytes->data()), bytes->size()}, name);
}

void configure(Assimp::Importer& importer) {
    importer.SetPropertyInteger(AI_CONFIG_PP_SBP_REMOVE, aiPrimitiveType_POINT | aiPrimitiveType_LINE);
    importer.SetPropertyBool(AI_CONFIG_IMPORT_FBX_READ_ANIMATIONS, false);
    importer.SetPropertyBool(AI_CONFIG_IMPORT_NO_SKELETON_MESHES, true);
}

// Bakes node transforms into the vertices (exhibits are static), makes triangles, fills in missing normals, and
// tangents where a normal map will need them. ValidateDataStructure first: later steps trust indices blindly.
unsigned post_processing(const aiScene& scene) {
    unsigned flags = aiProcess_ValidateDataStructure | aiProcess_Triangulate | aiProcess_SortByPType |
                     aiProcess_PreTransformVertices | aiProcess_GenSmoothNormals | aiProcess_JoinIdenticalVertices;
    if (detail::scene_has_normal_maps(scene)) flags |= aiProcess_CalcTangentSpace;
    return flags;
}

core::Expected<Model, std::string> load(const fs::path& path, const ModelLimits& limits, const std::string& name) {
    const std::optional<ModelFormat> format = detail::model_format(path);
    if (!format)
        return core::unexpected(name + ": not a model vrex can read (vrex reads .gltf and .glb (glTF 2.0), "
                                       ".obj, .fbx and .dae)");
    uint64_t size = 0;
    if (std::string e = check_file(path, limits, name, size); !e.empty()) return core::unexpected(e);
    if (format == ModelFormat::gltf || format == ModelFormat::glb)
        if (std::string e = detail::check_gltf_header(path, *format, size, limits, name); !e.empty())
            return core::unexpected(e);
    if (format == ModelFormat::obj)
        if (std::string e = check_obj(path, name); !e.empty()) return core::unexpected(e);

    detail::route_assimp_logs();
    Assimp::Importer importer;
    if (!keep_only_reader(importer, *format)) return core::unexpected(name + ": this Assimp cannot read the format");
    configure(importer);
    std::error_code ec;
    detail::ModelFileAccess access{fs::weakly_canonical(path, ec).parent_path(), limits.max_file_bytes, name};
    importer.SetIOHandler(detail::make_model_io(access));
    const aiScene* scene = importer.ReadFile(path.string(), 0);
    if (!access.error.empty()) return core::unexpected(access.error);
    if (!scene && !access.refused.empty())
        return core::unexpected(name + ": " + access.refused[0] + " is outside the model's folder; not read");
    if (!scene) return core::unexpected(name + ": cannot read the model (" + importer.GetErrorString() + ")");
    if (const uint64_t triangles = detail::count_scene_triangles(*scene); triangles > limits.max_triangles)
        return core::unexpected(name + ": " + std::to_string(triangles) + " triangles, more than the limit of " +
                                std::to_string(limits.max_triangles));
    if (scene->mNumMeshes == 0) return core::unexpected(name + ": the model has no triangles");
    Model model;
    detail::collect_nodes(*scene, model);
    scene = importer.ApplyPostProcessing(post_processing(*scene));
    if (!scene) return core::unexpected(name + ": corrupt model (" + importer.GetErrorString() + ")");

    model.files.assign(access.opened.begin(), access.opened.end());
    for (const std::string& refused : access.refused)
        model.warnings.push_back(name + ": " + refused + " is outside the model's folder; not read");
    if (std::string e = detail::convert_meshes(*scene, model, name); !e.empty()) return core::unexpected(e);
    if (std::string e = detail::convert_materials(*scene, *format, path, limits, model); !e.empty())
        return core::unexpected(e);
    return model;
}

} // namespace

namespace detail {

std::optional<ModelFormat> model_format(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == ".gltf") return ModelFormat::gltf;
    if (ext == ".glb") return ModelFormat::glb;
    if (ext == ".obj") return ModelFormat::obj;
    if (ext == ".fbx") return ModelFormat::fbx;
    if (ext == ".dae") return ModelFormat::collada;
    return std::nullopt;
}

} // namespace detail

core::Expected<Model, std::string> load_model(const fs::path& path, const ModelLimits& limits) {
    const std::string name = path.string();
    try {
        return load(path, limits, name);
    } catch (const std::exception& e) {
        // Assimp catches its own exceptions; what remains is running out of memory, which is bad input here too.
        return core::unexpected(name + ": cannot read the model (" + e.what() + ")");
    }
}

} // namespace vrex::media
