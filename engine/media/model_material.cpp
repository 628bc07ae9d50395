// Assimp materials → vrex materials: base colour (glTF's PBR base colour, the diffuse colour elsewhere), normal map,
// alpha mode, double-sidedness. Only the materials that meshes use are converted, so unused textures are never read.
#include <algorithm>
#include <assimp/GltfMaterial.h>
#include <assimp/material.h>
#include <assimp/scene.h>
#include <cmath>
#include <cstring>
#include <spdlog/fmt/fmt.h>

#include "media/model_detail.hpp"

namespace vrex::media::detail {
namespace {

// Linear grey for a material whose texture is missing and which has no colour of its own.
constexpr float k_neutral_grey = 0.5f;

struct SourceMaterial {
    Material material;
    bool has_colour = false; // the file gives a colour that is not plain white
    std::string base_texture;
    std::string normal_texture;
};

float unit(float v, float fallback) {
    return std::isfinite(v) ? std::clamp(v, 0.0f, 1.0f) : fallback;
}

std::string first_texture(const aiMaterial& m, std::initializer_list<aiTextureType> types) {
    for (aiTextureType t : types) {
        aiString path;
        if (m.GetTextureCount(t) > 0 && m.GetTexture(t, 0, &path) == AI_SUCCESS && path.length > 0) return path.C_Str();
    }
    return {};
}

// A boolean property whichever way the importer stored it (glTF: one byte, COLLADA: an int).
bool flag(const aiMaterial& m, const char* key, unsigned type, unsigned index) {
    const aiMaterialProperty* p = nullptr;
    if (aiGetMaterialProperty(&m, key, type, index, &p) != AI_SUCCESS || !p || p->mDataLength == 0) return false;
    if (p->mType == aiPTI_Float && p->mDataLength >= sizeof(float)) {
        float f = 0;
        std::memcpy(&f, p->mData, sizeof f);
        return f != 0.0f;
    }
    return std::any_of(p->mData, p->mData + std::min<unsigned>(p->mDataLength, 4), [](char c) { return c != 0; });
}

void read_alpha(const aiMaterial& m, bool gltf, Material& out) {
    aiString mode;
    if (gltf && m.Get(AI_MATKEY_GLTF_ALPHAMODE, mode) == AI_SUCCESS) {
        out.alpha_mode = std::strcmp(mode.C_Str(), "MASK") == 0    ? AlphaMode::mask
                         : std::strcmp(mode.C_Str(), "BLEND") == 0 ? AlphaMode::blend
                                                                   : AlphaMode::opaque;
        float cutoff = 0.5f;
        if (m.Get(AI_MATKEY_GLTF_ALPHACUTOFF, cutoff) == AI_SUCCESS) out.alpha_cutoff = unit(cutoff, 0.5f);
        return;
    }
    // OBJ's d (or 1 - Tr), COLLADA's transparency and FBX's opacity all arrive as the opacity.
    float opacity = 1.0f;
    if (m.Get(AI_MATKEY_OPACITY, opacity) == AI_SUCCESS) out.base_colour.a = unit(opacity, 1.0f);
    if (out.base_colour.a < 1.0f) out.alpha_mode = AlphaMode::blend;
}

SourceMaterial read_material(const aiMaterial& m, bool gltf) {
    SourceMaterial s;
    aiString name;
    s.material.name = m.Get(AI_MATKEY_NAME, name) == AI_SUCCESS ? name.C_Str() : "";
    aiColor4D c(1, 1, 1, 1);
    if ((gltf && aiGetMaterialColor(&m, AI_MATKEY_BASE_COLOR, &c) == AI_SUCCESS) ||
        aiGetMaterialColor(&m, AI_MATKEY_COLOR_DIFFUSE, &c) == AI_SUCCESS) {
        s.material.base_colour = {unit(c.r, 1.0f), unit(c.g, 1.0f), unit(c.b, 1.0f), unit(c.a, 1.0f)};
        s.has_colour = glm::vec3(s.material.base_colour) != glm::vec3(1.0f);
    }
    read_alpha(m, gltf, s.material);
    s.material.double_sided = flag(m, AI_MATKEY_TWOSIDED);
    s.base_texture = first_texture(m, {aiTextureType_BASE_COLOR, aiTextureType_DIFFUSE});
    s.normal_texture = first_texture(m, {aiTextureType_NORMALS});
    return s;
}

// The material as drawn once its textures are known: a lost base texture leaves the colour factor, or grey when the
// factor is plain white (glTF's default, and what Assimp gives a COLLADA slot that holds a texture). In FBX a texture
// connected to the diffuse colour replaces that colour; glTF and MTL multiply the texture by the factor.
Material finish(const SourceMaterial& s, int base, int normal, ModelFormat format) {
    Material m = s.material;
    m.base_colour_texture = base;
    m.normal_texture = normal;
    if (!s.base_texture.empty() && base < 0 && !s.has_colour)
        m.base_colour = {k_neutral_grey, k_neutral_grey, k_neutral_grey, m.base_colour.a};
    if (base >= 0 && format == ModelFormat::fbx) m.base_colour = {1.0f, 1.0f, 1.0f, m.base_colour.a};
    return m;
}

} // namespace

bool scene_has_normal_maps(const aiScene& scene) {
    for (unsigned i = 0; i < scene.mNumMaterials; ++i)
        if (scene.mMaterials[i] && scene.mMaterials[i]->GetTextureCount(aiTextureType_NORMALS) > 0) return true;
    return false;
}

std::string convert_materials(const aiScene& scene, ModelFormat format, const std::filesystem::path& model_path,
                              const ModelLimits& limits, Model& model) {
    const bool gltf = format == ModelFormat::gltf || format == ModelFormat::glb;
    std::error_code ec;
    const auto folder = std::filesystem::weakly_canonical(model_path, ec).parent_path();
    TextureLoader textures(scene, format, folder, limits, model_path.string());
    // Assimp's index → ours; index mNumMaterials stands for a default material (a mesh with a bad index).
    std::vector<int> ours(size_t(scene.mNumMaterials) + 1, -1);
    std::vector<SourceMaterial> sources;
    std::vector<std::pair<int, int>> slots;
    for (Mesh& mesh : model.meshes) {
        const unsigned theirs =
            mesh.material >= 0 && unsigned(mesh.material) < scene.mNumMaterials && scene.mMaterials[mesh.material]
                ? unsigned(mesh.material)
                : scene.mNumMaterials;
        if (ours[theirs] < 0) {
            ours[theirs] = int(sources.size());
            SourceMaterial s =
                theirs < scene.mNumMaterials ? read_material(*scene.mMaterials[theirs], gltf) : SourceMaterial{};
            const std::string label = s.material.name.empty() ? fmt::format("#{}", theirs) : s.material.name;
            slots.emplace_back(s.base_texture.empty() ? -1 : textures.request(s.base_texture, true, label),
                               s.normal_texture.empty() ? -1 : textures.request(s.normal_texture, false, label));
            sources.push_back(std::move(s));
        }
        mesh.material = ours[theirs];
    }
    if (std::string error = textures.load(model); !error.empty()) return error;
    for (size_t i = 0; i < sources.size(); ++i)
        model.materials.push_back(finish(sources[i], textures.texture_index(slots[i].first),
                                         textures.texture_index(slots[i].second), format));
    return {};
}

} // namespace vrex::media::detail
