// The pick hierarchy: a binary tree of boxes split at the median centroid along the longest axis (built once per
// model, so a simple build that always halves is enough: depth log2(n / 4), no degenerate chains), and a nearest-
// first traversal that skips every box farther than the nearest triangle found so far.
#include "scene/model_pick.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/mat4x4.hpp>
#include <glm/matrix.hpp>

namespace vrex::scene {
namespace {

constexpr uint32_t k_leaf_size = 4;
constexpr float k_inf = std::numeric_limits<float>::infinity();

struct Box {
    glm::vec3 min{k_inf};
    glm::vec3 max{-k_inf};
    void grow(const glm::vec3& p) {
        min = glm::min(min, p);
        max = glm::max(max, p);
    }
};

// Slab test: the entry distance of the ray into the box if it enters before `t_max`, else infinity.
float enter_box(const glm::vec3& min, const glm::vec3& max, const glm::vec3& origin, const glm::vec3& inv_dir,
                float t_max) {
    const glm::vec3 t0 = (min - origin) * inv_dir;
    const glm::vec3 t1 = (max - origin) * inv_dir;
    const glm::vec3 near = glm::min(t0, t1), far = glm::max(t0, t1);
    const float enter = std::max(std::max(near.x, near.y), std::max(near.z, 0.0f));
    const float leave = std::min(std::min(far.x, far.y), std::min(far.z, t_max));
    return enter <= leave ? enter : k_inf; // NaN (a zero direction component on a slab's plane) counts as a miss
}

// Möller–Trumbore, both sides: t of the hit, or infinity.
float hit_triangle(const glm::vec3& a, const glm::vec3& b, const glm::vec3& c, const glm::vec3& origin,
                   const glm::vec3& dir) {
    const glm::vec3 e1 = b - a, e2 = c - a;
    const glm::vec3 p = glm::cross(dir, e2);
    const float det = glm::dot(e1, p);
    if (std::abs(det) < 1e-20f) return k_inf; // parallel, or a degenerate triangle
    const float inv = 1.0f / det;
    const glm::vec3 s = origin - a;
    const float u = glm::dot(s, p) * inv;
    if (u < 0.0f || u > 1.0f) return k_inf;
    const glm::vec3 q = glm::cross(s, e1);
    const float v = glm::dot(dir, q) * inv;
    if (v < 0.0f || u + v > 1.0f) return k_inf;
    const float t = glm::dot(e2, q) * inv;
    return t >= 0.0f ? t : k_inf;
}

} // namespace

BoundingSphere bounding_sphere(const media::Bounds& bounds) {
    const glm::dvec3 min(bounds.min), max(bounds.max);
    return {(min + max) * 0.5, glm::length(max - min) * 0.5};
}

PickMesh::PickMesh(const media::Model& model) : m_bounds(model.bounds) {
    std::size_t vertices = 0, triangles = 0;
    for (const media::Mesh& mesh : model.meshes) {
        vertices += mesh.vertices.size();
        triangles += mesh.indices.size() / 3;
    }
    m_positions.reserve(vertices);
    m_triangles.reserve(triangles);
    for (const media::Mesh& mesh : model.meshes) {
        const auto base = uint32_t(m_positions.size());
        for (const media::Vertex& v : mesh.vertices) m_positions.push_back(v.position);
        for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
            const glm::uvec3 t(mesh.indices[i], mesh.indices[i + 1], mesh.indices[i + 2]);
            if (t.x < mesh.vertices.size() && t.y < mesh.vertices.size() && t.z < mesh.vertices.size())
                m_triangles.push_back(t + base);
        }
    }
    build();
}

void PickMesh::build() {
    const auto n = uint32_t(m_triangles.size());
    if (n == 0) return;
    std::vector<glm::vec3> centroids(n);
    for (uint32_t i = 0; i < n; ++i) {
        const glm::uvec3& t = m_triangles[i];
        centroids[i] = (m_positions[t.x] + m_positions[t.y] + m_positions[t.z]) / 3.0f;
    }
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i) order[i] = i;
    m_nodes.reserve(2 * (n / k_leaf_size + 1));
    m_nodes.push_back({});
    struct Task {
        uint32_t node, begin, end;
    };
    std::vector<Task> tasks{{0, 0, n}};
    while (!tasks.empty()) {
        const Task task = tasks.back();
        tasks.pop_back();
        Box box, centres;
        for (uint32_t i = task.begin; i < task.end; ++i) {
            const glm::uvec3& t = m_triangles[order[i]];
            box.grow(m_positions[t.x]);
            box.grow(m_positions[t.y]);
            box.grow(m_positions[t.z]);
            centres.grow(centroids[order[i]]);
        }
        m_nodes[task.node].min = box.min;
        m_nodes[task.node].max = box.max;
        const glm::vec3 extent = centres.max - centres.min;
        const int axis = extent.x >= extent.y && extent.x >= extent.z ? 0 : extent.y >= extent.z ? 1 : 2;
        if (task.end - task.begin <= k_leaf_size || !(extent[axis] > 0.0f)) { // few, or all at one point: a leaf
            m_nodes[task.node].first = task.begin;
            m_nodes[task.node].count = task.end - task.begin;
            continue;
        }
        const uint32_t mid = task.begin + (task.end - task.begin) / 2;
        std::nth_element(order.begin() + task.begin, order.begin() + mid, order.begin() + task.end,
                         [&](uint32_t a, uint32_t b) { return centroids[a][axis] < centroids[b][axis]; });
        const auto left = uint32_t(m_nodes.size());
        m_nodes[task.node].first = left;
        m_nodes.push_back({});
        m_nodes.push_back({});
        tasks.push_back({left, task.begin, mid});
        tasks.push_back({left + 1, mid, task.end});
    }
    std::vector<glm::uvec3> sorted(n);
    for (uint32_t i = 0; i < n; ++i) sorted[i] = m_triangles[order[i]];
    m_triangles = std::move(sorted);
}

std::optional<double> PickMesh::intersect(const glm::dvec3& origin_d, const glm::dvec3& direction_d) const {
    if (m_nodes.empty()) return std::nullopt;
    const glm::vec3 origin(origin_d), dir(direction_d);
    const glm::vec3 inv_dir = 1.0f / dir; // ±infinity for a zero component: the slab test copes
    float best = k_inf;
    std::array<uint32_t, 64> stack{}; // the tree halves its triangles at each level: depth < 32
    std::size_t top = 0;
    if (enter_box(m_nodes[0].min, m_nodes[0].max, origin, inv_dir, best) < k_inf) stack[top++] = 0;
    while (top > 0) {
        const Node& node = m_nodes[stack[--top]];
        if (enter_box(node.min, node.max, origin, inv_dir, best) == k_inf) continue; // a nearer hit came since
        if (node.count > 0) {
            for (uint32_t i = node.first; i < node.first + node.count; ++i) {
                const glm::uvec3& t = m_triangles[i];
                best = std::min(best, hit_triangle(m_positions[t.x], m_positions[t.y], m_positions[t.z], origin, dir));
            }
            continue;
        }
        const float near_a = enter_box(m_nodes[node.first].min, m_nodes[node.first].max, origin, inv_dir, best);
        const float near_b = enter_box(m_nodes[node.first + 1].min, m_nodes[node.first + 1].max, origin, inv_dir, best);
        // The nearer child goes on top of the stack, so it is searched first.
        const bool a_first = near_a <= near_b;
        const float far_t = a_first ? near_b : near_a;
        const uint32_t far_node = a_first ? node.first + 1 : node.first;
        const float near_t = a_first ? near_a : near_b;
        const uint32_t near_node = a_first ? node.first : node.first + 1;
        if (far_t < k_inf) stack[top++] = far_node;
        if (near_t < k_inf) stack[top++] = near_node;
    }
    if (best == k_inf) return std::nullopt;
    return double(best);
}

// An affine map keeps the parameter along a ray: t in model space is t in world space.
std::optional<double> pick_model(const PickMesh& mesh, const viewer::ModelState& model, const viewer::Ray& ray) {
    const BoundingSphere sphere = bounding_sphere(mesh.bounds());
    const glm::dmat4 model_from_world = glm::inverse(viewer::model_transform(model, sphere.centre, sphere.radius));
    const glm::dvec3 origin = glm::dvec3(model_from_world * glm::dvec4(ray.origin, 1.0));
    const glm::dvec3 direction = glm::dvec3(model_from_world * glm::dvec4(ray.direction, 0.0));
    return mesh.intersect(origin, direction);
}

} // namespace vrex::scene
