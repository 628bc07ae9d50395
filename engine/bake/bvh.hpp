#pragma once
// A bounding volume hierarchy over a model's triangles, for the bake's occlusion and shadow rays (CPU, read-only after
// construction, so any number of threads may query it at once).
#include <cstdint>
#include <vector>

#include <glm/vec3.hpp>

#include "media/model.hpp"

namespace vrex::bake {

class Bvh {
public:
    // All triangles of the model's meshes, in model space. Blended (glass-like) materials cast no shadow.
    explicit Bvh(const media::Model& model);

    // True when the segment origin + t * dir, 0 < t < max_t, hits a triangle (either side). `dir` need not be unit.
    bool occluded(const glm::vec3& origin, const glm::vec3& dir, float max_t) const;

    size_t triangle_count() const { return m_triangles.size(); }

private:
    struct Triangle {
        glm::vec3 a, e1, e2; // a vertex and the two edges from it
    };
    struct Node {
        glm::vec3 lo, hi;
        uint32_t first = 0; // leaf: first triangle; inner: the second child (the first follows the node)
        uint32_t count = 0; // leaf: triangles; 0 for an inner node
    };
    uint32_t build(uint32_t first, uint32_t count, std::vector<glm::vec3>& centres, int depth);

    std::vector<Triangle> m_triangles;
    std::vector<Node> m_nodes;
};

} // namespace vrex::bake
