// collect_nodes: named nodes and lights in model space. Runs on the scene as Assimp read it (before validation and
// post-processing), so the walk is iterative and bounded: a hierarchy deeper or larger than the limits is cut off.
#include <assimp/scene.h>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/mat4x4.hpp>
#include <unordered_map>
#include <utility>

#include "media/model_detail.hpp"

namespace vrex::media::detail {
namespace {

constexpr size_t k_max_nodes = 100000;
constexpr size_t k_max_depth = 256;

glm::mat4 to_glm(const aiMatrix4x4& m) {
    // Assimp's matrices are row-major (a1..a4 the first row); glm's constructor takes columns.
    return glm::mat4(m.a1, m.b1, m.c1, m.d1, m.a2, m.b2, m.c2, m.d2, m.a3, m.b3, m.c3, m.d3, m.a4, m.b4, m.c4, m.d4);
}

bool finite(const glm::vec3& v) {
    return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z);
}

// Every node's world transform, by name (the first of a name wins) and in walk order.
std::vector<std::pair<std::string, glm::mat4>> world_transforms(const aiNode* root) {
    std::vector<std::pair<std::string, glm::mat4>> out;
    struct Item {
        const aiNode* node;
        glm::mat4 parent;
        size_t depth;
    };
    std::vector<Item> stack{{root, glm::mat4(1.0f), 0}};
    while (!stack.empty() && out.size() < k_max_nodes) {
        const Item item = stack.back();
        stack.pop_back();
        if (!item.node) continue;
        const glm::mat4 world = item.parent * to_glm(item.node->mTransformation);
        out.emplace_back(std::string(item.node->mName.C_Str()), world);
        if (item.depth >= k_max_depth || !item.node->mChildren) continue;
        // Children pushed in reverse so that they come out in file order.
        for (unsigned i = item.node->mNumChildren; i-- > 0;)
            stack.push_back({item.node->mChildren[i], world, item.depth + 1});
    }
    return out;
}

std::optional<ModelLight> convert_light(const aiLight& light, const glm::mat4& world) {
    ModelLight out;
    out.name = light.mName.C_Str();
    switch (light.mType) {
    case aiLightSource_POINT:
        out.kind = ModelLight::Kind::point;
        break;
    case aiLightSource_SPOT:
        out.kind = ModelLight::Kind::spot;
        break;
    case aiLightSource_DIRECTIONAL:
        out.kind = ModelLight::Kind::directional;
        break;
    default:
        return std::nullopt; // ambient and area lights: the bake's sky term stands in for them
    }
    out.position = glm::vec3(world * glm::vec4(light.mPosition.x, light.mPosition.y, light.mPosition.z, 1.0f));
    glm::vec3 dir = glm::vec3(world * glm::vec4(light.mDirection.x, light.mDirection.y, light.mDirection.z, 0.0f));
    const float len = glm::length(dir);
    out.direction = len > 1e-6f ? dir / len : glm::vec3(0.0f, 0.0f, -1.0f);
    out.colour = {light.mColorDiffuse.r, light.mColorDiffuse.g, light.mColorDiffuse.b};
    out.inner_cone = light.mAngleInnerCone;
    out.outer_cone = light.mAngleOuterCone;
    if (!finite(out.position) || !finite(out.direction) || !finite(out.colour)) return std::nullopt;
    out.colour = glm::max(out.colour, glm::vec3(0.0f));
    return out;
}

} // namespace

void collect_nodes(const aiScene& scene, Model& model) {
    const auto transforms = world_transforms(scene.mRootNode);
    std::unordered_map<std::string, glm::mat4> by_name;
    for (const auto& [name, world] : transforms) {
        by_name.emplace(name, world);
        const glm::vec3 origin(world[3]);
        if (!name.empty() && finite(origin)) model.nodes.push_back({name, origin});
    }
    for (unsigned i = 0; scene.mLights && i < scene.mNumLights; ++i) {
        if (!scene.mLights[i]) continue;
        const auto it = by_name.find(scene.mLights[i]->mName.C_Str());
        const glm::mat4 world = it == by_name.end() ? glm::mat4(1.0f) : it->second;
        if (auto light = convert_light(*scene.mLights[i], world)) model.lights.push_back(std::move(*light));
    }
}

} // namespace vrex::media::detail
