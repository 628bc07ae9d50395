#pragma once
// Picking a model exhibit by its triangles: a copy of a media::Model's positions and triangles in a bounding volume
// hierarchy, built on the loading worker thread, so that a ray against a 2-million-triangle model costs microseconds
// on the frame loop's thread.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <glm/vec3.hpp>

#include "media/model.hpp"
#include "viewer/viewer.hpp"

namespace vrex::scene {

// The sphere a model exhibit is fitted by (viewer::model_transform): the centre of the model's bounds and half their
// diagonal. The scene draws, and picks, the model by it.
struct BoundingSphere {
    glm::dvec3 centre{0.0};
    double radius = 0;
};
BoundingSphere bounding_sphere(const media::Bounds& bounds);

class PickMesh {
public:
    PickMesh() = default; // no triangles: every ray misses
    // Copies the positions and triangles of every mesh (model space) and builds the hierarchy: O(n log n), for a
    // worker thread.
    explicit PickMesh(const media::Model& model);

    // The smallest t >= 0 at which origin + t·direction meets a triangle (from either side), in model space, or
    // nullopt.
    std::optional<double> intersect(const glm::dvec3& origin, const glm::dvec3& direction) const;

    const media::Bounds& bounds() const { return m_bounds; }
    std::size_t triangle_count() const { return m_triangles.size(); }

private:
    // A box of the hierarchy: a leaf (count > 0) holds triangles [first, first + count); an inner node (count == 0)
    // has its two children at nodes [first] and [first + 1].
    struct Node {
        glm::vec3 min{0.0f};
        uint32_t first = 0;
        glm::vec3 max{0.0f};
        uint32_t count = 0;
    };
    void build();

    std::vector<glm::vec3> m_positions;
    std::vector<glm::uvec3> m_triangles; // indices into m_positions, in the hierarchy's order
    std::vector<Node> m_nodes;           // [0] is the root
    media::Bounds m_bounds;
};

// Where a world ray meets the open model drawn from `mesh` as the scene places it (viewer::model_transform of the
// mesh's bounding sphere): the distance along the ray, in units of its direction's length, or nullopt.
std::optional<double> pick_model(const PickMesh& mesh, const viewer::ModelState& model, const viewer::Ray& ray);

} // namespace vrex::scene
