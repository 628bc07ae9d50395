#include "bake/bvh.hpp"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <numeric>

namespace vrex::bake {
namespace {

constexpr uint32_t k_leaf_size = 4;
constexpr int k_max_depth = 48;

// Slab test of a ray against a box; `inv` is 1/dir per axis (infinities allowed).
bool hits_box(const glm::vec3& lo, const glm::vec3& hi, const glm::vec3& origin, const glm::vec3& inv, float max_t) {
    const glm::vec3 t0 = (lo - origin) * inv, t1 = (hi - origin) * inv;
    const glm::vec3 near = glm::min(t0, t1), far = glm::max(t0, t1);
    const float enter = std::max({near.x, near.y, near.z, 0.0f});
    const float leave = std::min({far.x, far.y, far.z, max_t});
    return enter <= leave;
}

} // namespace

Bvh::Bvh(const media::Model& model) {
    std::vector<glm::vec3> centres;
    for (const media::Mesh& mesh : model.meshes) {
        const size_t material = size_t(std::max(0, mesh.material));
        if (material < model.materials.size() && model.materials[material].alpha_mode == media::AlphaMode::blend)
            continue;
        for (size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
            if (mesh.indices[i] >= mesh.vertices.size() || mesh.indices[i + 1] >= mesh.vertices.size() ||
                mesh.indices[i + 2] >= mesh.vertices.size())
                continue;
            const glm::vec3 a = mesh.vertices[mesh.indices[i]].position;
            const glm::vec3 b = mesh.vertices[mesh.indices[i + 1]].position;
            const glm::vec3 c = mesh.vertices[mesh.indices[i + 2]].position;
            m_triangles.push_back({a, b - a, c - a});
            centres.push_back((a + b + c) / 3.0f);
        }
    }
    m_nodes.reserve(m_triangles.size() / k_leaf_size * 2 + 1);
    if (!m_triangles.empty()) build(0, uint32_t(m_triangles.size()), centres, 0);
}

uint32_t Bvh::build(uint32_t first, uint32_t count, std::vector<glm::vec3>& centres, int depth) {
    const uint32_t index = uint32_t(m_nodes.size());
    m_nodes.push_back({});
    glm::vec3 lo(INFINITY), hi(-INFINITY), clo(INFINITY), chi(-INFINITY);
    for (uint32_t i = first; i < first + count; ++i) {
        const Triangle& t = m_triangles[i];
        for (const glm::vec3& p : {t.a, t.a + t.e1, t.a + t.e2}) lo = glm::min(lo, p), hi = glm::max(hi, p);
        clo = glm::min(clo, centres[i]);
        chi = glm::max(chi, centres[i]);
    }
    m_nodes[index].lo = lo;
    m_nodes[index].hi = hi;
    const glm::vec3 extent = chi - clo;
    const int axis = extent.x >= extent.y && extent.x >= extent.z ? 0 : extent.y >= extent.z ? 1 : 2;
    if (count <= k_leaf_size || depth >= k_max_depth || extent[axis] <= 0.0f) {
        m_nodes[index].first = first;
        m_nodes[index].count = count;
        return index;
    }
    // Median split along the longest axis of the centres, triangles and centres reordered together.
    std::vector<uint32_t> order(count);
    std::iota(order.begin(), order.end(), first);
    const uint32_t half = count / 2;
    std::nth_element(order.begin(), order.begin() + half, order.end(),
                     [&](uint32_t a, uint32_t b) { return centres[a][axis] < centres[b][axis]; });
    std::vector<Triangle> tris(count);
    std::vector<glm::vec3> cs(count);
    for (uint32_t i = 0; i < count; ++i) tris[i] = m_triangles[order[i]], cs[i] = centres[order[i]];
    std::copy(tris.begin(), tris.end(), m_triangles.begin() + first);
    std::copy(cs.begin(), cs.end(), centres.begin() + first);
    build(first, half, centres, depth + 1);
    const uint32_t second = build(first + half, count - half, centres, depth + 1);
    m_nodes[index].first = second;
    return index;
}

bool Bvh::occluded(const glm::vec3& origin, const glm::vec3& dir, float max_t) const {
    if (m_nodes.empty()) return false;
    const glm::vec3 inv(1.0f / dir.x, 1.0f / dir.y, 1.0f / dir.z);
    uint32_t stack[2 * k_max_depth + 4];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const uint32_t index = stack[--top];
        const Node& node = m_nodes[index];
        if (!hits_box(node.lo, node.hi, origin, inv, max_t)) continue;
        if (node.count == 0) {
            stack[top++] = index + 1;
            stack[top++] = node.first;
            continue;
        }
        for (uint32_t i = node.first; i < node.first + node.count; ++i) {
            // Moller-Trumbore, both sides.
            const Triangle& t = m_triangles[i];
            const glm::vec3 p = glm::cross(dir, t.e2);
            const float det = glm::dot(t.e1, p);
            if (std::abs(det) < 1e-12f) continue;
            const float inv_det = 1.0f / det;
            const glm::vec3 s = origin - t.a;
            const float u = glm::dot(s, p) * inv_det;
            if (u < 0.0f || u > 1.0f) continue;
            const glm::vec3 q = glm::cross(s, t.e1);
            const float v = glm::dot(dir, q) * inv_det;
            if (v < 0.0f || u + v > 1.0f) continue;
            const float hit = glm::dot(t.e2, q) * inv_det;
            if (hit > 0.0f && hit < max_t) return true;
        }
    }
    return false;
}

} // namespace vrex::bake
