#include "bake/subdivide.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <glm/geometric.hpp>
#include <unordered_map>

namespace vrex::bake {
namespace {

constexpr int k_max_split = 64;

int splits(const media::Vertex& a, const media::Vertex& b, const media::Vertex& c, float max_edge) {
    const float longest = std::max({glm::distance(a.position, b.position), glm::distance(b.position, c.position),
                                    glm::distance(c.position, a.position)});
    if (!std::isfinite(longest)) return 1;
    return std::clamp(int(std::ceil(longest / max_edge)), 1, k_max_split);
}

media::Vertex mix(const media::Vertex& a, const media::Vertex& b, const media::Vertex& c, float wb, float wc) {
    const float wa = 1.0f - wb - wc;
    media::Vertex v;
    v.position = a.position * wa + b.position * wb + c.position * wc;
    const glm::vec3 n = a.normal * wa + b.normal * wb + c.normal * wc;
    v.normal = glm::length(n) > 1e-8f ? glm::normalize(n) : a.normal;
    v.uv = a.uv * wa + b.uv * wb + c.uv * wc;
    const glm::vec3 t = glm::vec3(a.tangent) * wa + glm::vec3(b.tangent) * wb + glm::vec3(c.tangent) * wc;
    v.tangent = glm::vec4(glm::length(t) > 1e-8f ? glm::normalize(t) : glm::vec3(a.tangent), a.tangent.w);
    return v;
}

// Shares vertices equal in every byte.
struct VertexKey {
    media::Vertex v;
    bool operator==(const VertexKey& o) const { return std::memcmp(&v, &o.v, sizeof(v)) == 0; }
};
struct VertexHash {
    size_t operator()(const VertexKey& k) const {
        const auto* words = reinterpret_cast<const uint32_t*>(&k.v);
        size_t h = 1469598103934665603ull;
        for (size_t i = 0; i < sizeof(k.v) / 4; ++i) h = (h ^ words[i]) * 1099511628211ull;
        return h;
    }
};
static_assert(sizeof(media::Vertex) % 4 == 0);

void subdivide_mesh(media::Mesh& mesh, float max_edge) {
    media::Mesh out;
    out.material = mesh.material;
    std::unordered_map<VertexKey, uint32_t, VertexHash> index_of;
    auto add = [&](const media::Vertex& v) {
        const auto [it, fresh] = index_of.emplace(VertexKey{v}, uint32_t(out.vertices.size()));
        if (fresh) out.vertices.push_back(v);
        return it->second;
    };
    std::vector<uint32_t> grid;
    for (size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
        if (std::max({mesh.indices[i], mesh.indices[i + 1], mesh.indices[i + 2]}) >= mesh.vertices.size()) continue;
        const media::Vertex& a = mesh.vertices[mesh.indices[i]];
        const media::Vertex& b = mesh.vertices[mesh.indices[i + 1]];
        const media::Vertex& c = mesh.vertices[mesh.indices[i + 2]];
        const int n = splits(a, b, c, max_edge);
        // Row r (0..n) holds n - r + 1 points: weights (j / n for b, r / n for c).
        grid.clear();
        for (int r = 0; r <= n; ++r)
            for (int j = 0; j <= n - r; ++j) grid.push_back(add(mix(a, b, c, float(j) / n, float(r) / n)));
        auto at = [&](int r, int j) { return grid[size_t(r * (n + 1) - r * (r - 1) / 2 + j)]; };
        for (int r = 0; r < n; ++r)
            for (int j = 0; j < n - r; ++j) {
                out.indices.insert(out.indices.end(), {at(r, j), at(r, j + 1), at(r + 1, j)});
                if (j + 1 < n - r)
                    out.indices.insert(out.indices.end(), {at(r, j + 1), at(r + 1, j + 1), at(r + 1, j)});
            }
    }
    mesh = std::move(out);
}

uint64_t triangles_after(const media::Model& model, float max_edge) {
    uint64_t total = 0;
    for (const media::Mesh& mesh : model.meshes)
        for (size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
            if (std::max({mesh.indices[i], mesh.indices[i + 1], mesh.indices[i + 2]}) >= mesh.vertices.size()) continue;
            const uint64_t n = uint64_t(splits(mesh.vertices[mesh.indices[i]], mesh.vertices[mesh.indices[i + 1]],
                                               mesh.vertices[mesh.indices[i + 2]], max_edge));
            total += n * n;
        }
    return total;
}

} // namespace

void subdivide(media::Model& model, float max_edge, uint64_t max_triangles) {
    while (triangles_after(model, max_edge) > max_triangles && max_edge < 1e6f) max_edge *= 1.5f;
    uint64_t triangles = 0;
    for (media::Mesh& mesh : model.meshes) {
        subdivide_mesh(mesh, max_edge);
        triangles += mesh.indices.size() / 3;
    }
    std::erase_if(model.meshes, [](const media::Mesh& m) { return m.vertices.empty() || m.indices.size() < 3; });
    model.triangle_count = triangles;
}

} // namespace vrex::bake
