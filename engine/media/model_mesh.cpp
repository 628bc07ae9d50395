// Assimp meshes → vrex meshes. Assimp's UVs have their origin at the image's bottom-left (it flips glTF's on
// import); vrex's, like glTF's and Vulkan's, at the top-left, so v is flipped back here. Tangents are flipped with
// nothing: Assimp's bitangent points to growing Assimp v, which is up the image, as a glTF tangent's w says.
#include <assimp/scene.h>
#include <cmath>
#include <glm/geometric.hpp>

#include "media/model_detail.hpp"

namespace vrex::media::detail {
namespace {

bool finite(const aiVector3D& v) {
    return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z);
}

glm::vec3 to_glm(const aiVector3D& v) {
    return {v.x, v.y, v.z};
}

// A unit vector perpendicular to n, for vertices without a usable tangent.
glm::vec3 any_perpendicular(const glm::vec3& n) {
    const glm::vec3 axis = std::abs(n.x) < 0.9f ? glm::vec3(1, 0, 0) : glm::vec3(0, 1, 0);
    return glm::normalize(glm::cross(axis, n));
}

glm::vec3 normal_of(const aiMesh& m, unsigned i) {
    if (!m.mNormals || !finite(m.mNormals[i])) return {0.0f, 1.0f, 0.0f};
    const glm::vec3 n = to_glm(m.mNormals[i]);
    const float len = glm::length(n);
    return len > 1e-12f ? n / len : glm::vec3(0.0f, 1.0f, 0.0f);
}

// Gram-Schmidt against the normal; w = -1 where Assimp's bitangent is the mirror of cross(normal, tangent).
glm::vec4 tangent_of(const aiMesh& m, unsigned i, const glm::vec3& n) {
    if (!m.mTangents || !finite(m.mTangents[i])) return {any_perpendicular(n), 1.0f};
    glm::vec3 t = to_glm(m.mTangents[i]);
    t -= n * glm::dot(n, t);
    const float len = glm::length(t);
    if (!(len > 1e-12f)) return {any_perpendicular(n), 1.0f};
    t /= len;
    float w = 1.0f;
    if (m.mBitangents && finite(m.mBitangents[i]) && glm::dot(glm::cross(n, t), to_glm(m.mBitangents[i])) < 0.0f)
        w = -1.0f;
    return {t, w};
}

// The first UV channel with data (glTF's TEXCOORD_0, OBJ's vt, a COLLADA mesh's first set).
const aiVector3D* uv_channel(const aiMesh& m) {
    for (unsigned c = 0; c < AI_MAX_NUMBER_OF_TEXTURECOORDS; ++c)
        if (m.mTextureCoords[c]) return m.mTextureCoords[c];
    return nullptr;
}

// False when a position is not a finite number (the bounds and the GPU would be garbage).
bool convert_vertices(const aiMesh& m, Mesh& out) {
    const aiVector3D* uv = uv_channel(m);
    out.vertices.resize(m.mNumVertices);
    for (unsigned i = 0; i < m.mNumVertices; ++i) {
        if (!finite(m.mVertices[i])) return false;
        Vertex& v = out.vertices[i];
        v.position = to_glm(m.mVertices[i]);
        v.normal = normal_of(m, i);
        v.tangent = tangent_of(m, i, v.normal);
        if (uv && std::isfinite(uv[i].x) && std::isfinite(uv[i].y)) v.uv = {uv[i].x, 1.0f - uv[i].y};
    }
    return true;
}

void convert_indices(const aiMesh& m, Mesh& out) {
    out.indices.reserve(size_t(m.mNumFaces) * 3);
    for (unsigned f = 0; f < m.mNumFaces; ++f) {
        const aiFace& face = m.mFaces[f];
        if (face.mNumIndices != 3) continue;
        if (face.mIndices[0] >= m.mNumVertices || face.mIndices[1] >= m.mNumVertices ||
            face.mIndices[2] >= m.mNumVertices)
            continue;
        out.indices.insert(out.indices.end(), face.mIndices, face.mIndices + 3);
    }
}

void grow(Bounds& b, const glm::vec3& p, bool first) {
    b.min = first ? p : glm::min(b.min, p);
    b.max = first ? p : glm::max(b.max, p);
}

} // namespace

uint64_t count_scene_triangles(const aiScene& scene) {
    std::vector<uint64_t> per_mesh(scene.mNumMeshes, 0);
    for (unsigned i = 0; i < scene.mNumMeshes; ++i) {
        const aiMesh* m = scene.mMeshes[i];
        for (unsigned f = 0; m && f < m->mNumFaces; ++f)
            if (m->mFaces[f].mNumIndices >= 3) per_mesh[i] += m->mFaces[f].mNumIndices - 2;
    }
    // Assimp's node tree is a tree (each node has one parent), walked without recursion.
    uint64_t total = 0;
    std::vector<const aiNode*> stack;
    if (scene.mRootNode) stack.push_back(scene.mRootNode);
    while (!stack.empty()) {
        const aiNode* node = stack.back();
        stack.pop_back();
        for (unsigned i = 0; i < node->mNumMeshes; ++i)
            if (node->mMeshes[i] < scene.mNumMeshes) total += per_mesh[node->mMeshes[i]];
        for (unsigned i = 0; i < node->mNumChildren; ++i)
            if (node->mChildren[i]) stack.push_back(node->mChildren[i]);
    }
    return total;
}

std::string convert_meshes(const aiScene& scene, Model& model, const std::string& name) {
    bool first = true;
    for (unsigned i = 0; i < scene.mNumMeshes; ++i) {
        const aiMesh* m = scene.mMeshes[i];
        if (!m || !(m->mPrimitiveTypes & aiPrimitiveType_TRIANGLE) || m->mNumVertices == 0) continue;
        Mesh mesh;
        mesh.material = int(m->mMaterialIndex);
        if (!convert_vertices(*m, mesh)) return name + ": vertex positions that are not finite numbers";
        convert_indices(*m, mesh);
        if (mesh.indices.empty()) continue;
        for (const Vertex& v : mesh.vertices) {
            grow(model.bounds, v.position, first);
            first = false;
        }
        model.triangle_count += mesh.indices.size() / 3;
        model.meshes.push_back(std::move(mesh));
    }
    if (model.meshes.empty()) return name + ": the model has no triangles";
    return {};
}

} // namespace vrex::media::detail
