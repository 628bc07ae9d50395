#include "bake/light_bake.hpp"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>
#include <numbers>
#include <thread>

#include "bake/bvh.hpp"

namespace vrex::bake {
namespace {

constexpr float k_offset = 1e-3f; // metres off the surface where rays start (no self-hit)
constexpr float k_inset = 5e-3f;  // metres into the vertex's triangles where rays start (inset_directions)
const glm::vec3 k_fill_dir = glm::normalize(glm::vec3(-0.4f, 0.8f, 0.45f));

float radical_inverse(uint32_t i) {
    i = (i << 16u) | (i >> 16u);
    i = ((i & 0x55555555u) << 1u) | ((i & 0xAAAAAAAAu) >> 1u);
    i = ((i & 0x33333333u) << 2u) | ((i & 0xCCCCCCCCu) >> 2u);
    i = ((i & 0x0F0F0F0Fu) << 4u) | ((i & 0xF0F0F0F0u) >> 4u);
    i = ((i & 0x00FF00FFu) << 8u) | ((i & 0xFF00FF00u) >> 8u);
    return float(i) * 2.3283064365386963e-10f;
}

// Cosine-weighted directions about +Z (Hammersley points), the same set for every vertex: equal vertices get equal
// light, so vertices split along a crease or between triangles show no step.
std::vector<glm::vec3> hemisphere(int count) {
    std::vector<glm::vec3> dirs;
    for (int i = 0; i < count; ++i) {
        const float u = (float(i) + 0.5f) / float(count), phi = 2.0f * std::numbers::pi_v<float> * radical_inverse(i);
        const float r = std::sqrt(u);
        dirs.push_back({r * std::cos(phi), r * std::sin(phi), std::sqrt(std::max(0.0f, 1.0f - u))});
    }
    return dirs;
}

// An orthonormal basis whose third column is `n` (Duff et al. 2017).
glm::mat3 basis(const glm::vec3& n) {
    const float sign = std::copysign(1.0f, n.z);
    const float a = -1.0f / (sign + n.z), b = n.x * n.y * a;
    return glm::mat3(glm::vec3(1.0f + sign * n.x * n.x * a, sign * b, -sign * n.x),
                     glm::vec3(b, sign + n.y * n.y * a, -n.y), n);
}

struct Baker {
    const media::Model& model;
    const LightOptions& o;
    Bvh bvh;
    std::vector<glm::vec3> dirs;
    glm::vec3 sky_mean;

    Baker(const media::Model& m, const LightOptions& options)
        : model(m), o(options), bvh(m), dirs(hemisphere(std::max(1, options.ao_rays))),
          sky_mean((options.sky + options.ground) * 0.5f) {}

    glm::vec3 environment(const glm::vec3& dir) const { return glm::mix(o.ground, o.sky, dir.y * 0.5f + 0.5f); }

    // The hemisphere's light at a point, each ray that meets geometry within ao_distance bringing only the bounce.
    glm::vec3 ambient(const glm::vec3& p, const glm::vec3& n) const {
        const glm::mat3 frame = basis(n);
        const glm::vec3 origin = p + n * k_offset;
        glm::vec3 sum(0.0f);
        for (const glm::vec3& local : dirs) {
            const glm::vec3 d = frame * local;
            sum += bvh.occluded(origin, d, o.ao_distance) ? sky_mean * o.bounce : environment(d);
        }
        return sum / float(dirs.size()) + o.fill * std::max(0.0f, glm::dot(n, k_fill_dir));
    }

    // Irradiance from one model light, shadowed.
    glm::vec3 direct(const media::ModelLight& light, const glm::vec3& p, const glm::vec3& n) const {
        glm::vec3 l = -light.direction;
        float distance = 1e4f, falloff = 1.0f;
        if (light.kind != media::ModelLight::Kind::directional) {
            const glm::vec3 to = light.position - p;
            distance = glm::length(to);
            if (distance < 1e-4f) return glm::vec3(0.0f);
            l = to / distance;
            falloff = 1.0f / std::max(distance * distance, 0.01f);
        }
        const float cosine = glm::dot(n, l);
        if (cosine <= 0.0f) return glm::vec3(0.0f);
        if (light.kind == media::ModelLight::Kind::spot) {
            const float outer = std::cos(light.outer_cone),
                        inner = std::cos(std::min(light.inner_cone, light.outer_cone));
            const float c = glm::dot(-l, light.direction);
            falloff *=
                inner > outer ? glm::clamp((c - outer) / (inner - outer), 0.0f, 1.0f) : (c >= outer ? 1.0f : 0.0f);
            if (falloff <= 0.0f) return glm::vec3(0.0f);
        }
        if (bvh.occluded(p + n * k_offset, l, distance - 2 * k_offset)) return glm::vec3(0.0f);
        return light.colour * (cosine * falloff);
    }

    glm::vec3 direct(const glm::vec3& p, const glm::vec3& n) const {
        glm::vec3 sum(0.0f);
        for (const media::ModelLight& light : model.lights) sum += direct(light, p, n);
        return sum;
    }
};

// Every vertex's area share (a third of each triangle it is a corner of), in vertex order.
std::vector<float> vertex_areas(const media::Model& model) {
    std::vector<float> areas;
    for (const media::Mesh& mesh : model.meshes) {
        const size_t base = areas.size();
        areas.resize(base + mesh.vertices.size(), 0.0f);
        for (size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
            const uint32_t a = mesh.indices[i], b = mesh.indices[i + 1], c = mesh.indices[i + 2];
            if (std::max({a, b, c}) >= mesh.vertices.size()) continue;
            const float area = 0.5f * glm::length(glm::cross(mesh.vertices[b].position - mesh.vertices[a].position,
                                                             mesh.vertices[c].position - mesh.vertices[a].position));
            for (uint32_t v : {a, b, c}) areas[base + v] += area / 3.0f;
        }
    }
    return areas;
}

// For each vertex at a surface's boundary, the unit direction into its triangles (the mean of the directions to their
// centroids, in its plane; zero inside a surface). Light is
// taken a few millimetres that way: a vertex on the edge where a wall meets the ceiling lies in the wall's plane, and
// rays from there would slip through the join and light the corner that should be darkest.
std::vector<glm::vec3> inset_directions(const media::Model& model) {
    std::vector<glm::vec3> out;
    for (const media::Mesh& mesh : model.meshes) {
        const size_t base = out.size();
        out.resize(base + mesh.vertices.size(), glm::vec3(0.0f));
        for (size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
            const uint32_t t[3] = {mesh.indices[i], mesh.indices[i + 1], mesh.indices[i + 2]};
            if (std::max({t[0], t[1], t[2]}) >= mesh.vertices.size()) continue;
            const glm::vec3 centroid =
                (mesh.vertices[t[0]].position + mesh.vertices[t[1]].position + mesh.vertices[t[2]].position) / 3.0f;
            for (uint32_t v : t) {
                const glm::vec3 d = centroid - mesh.vertices[v].position;
                const float len = glm::length(d);
                if (len > 1e-9f) out[base + v] += d / len;
            }
        }
        // In the vertex's plane, and only at a boundary: inside a surface the directions cancel out, and what is left
        // of them is rounding that may point anywhere (into the wall behind, once seen).
        for (size_t v = base; v < out.size(); ++v) {
            const glm::vec3 n = mesh.vertices[v - base].normal;
            const glm::vec3 d = out[v] - n * glm::dot(out[v], n);
            const float len = glm::length(d);
            out[v] = len > 0.5f ? d / len : glm::vec3(0.0f);
        }
    }
    return out;
}

// Light as it is up to 0.7, then rolling off smoothly towards 1.1: a ceiling next to a lamp goes bright without
// a hard-clipped patch.
glm::vec3 shoulder(const glm::vec3& light) {
    glm::vec3 out;
    for (int c = 0; c < 3; ++c)
        out[c] = light[c] <= 0.7f ? light[c] : 0.7f + 0.4f * (1.0f - std::exp(-(light[c] - 0.7f) / 0.4f));
    return out;
}

// The luminance below which three quarters of the surface area lie.
float upper_quartile(const std::vector<glm::vec3>& light, const std::vector<float>& areas) {
    std::vector<std::pair<float, float>> items; // luminance, area
    float total = 0;
    for (size_t i = 0; i < light.size(); ++i) {
        items.push_back({glm::dot(light[i], glm::vec3(0.2126f, 0.7152f, 0.0722f)), areas[i]});
        total += areas[i];
    }
    std::sort(items.begin(), items.end());
    float seen = 0;
    for (const auto& [lum, area] : items)
        if ((seen += area) >= 0.75f * total) return lum;
    return items.empty() ? 0.0f : items.back().first;
}

template <typename F> void parallel(size_t count, int threads, F&& f) {
    const size_t n = size_t(threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (size_t t = 0; t < n; ++t)
        pool.emplace_back([&, t] {
            for (size_t i = t; i < count; i += n) f(i);
        });
    for (std::thread& th : pool) th.join();
}

} // namespace

std::vector<glm::vec4> bake_vertex_light(const media::Model& model, const LightOptions& o) {
    std::vector<const media::Vertex*> vertices;
    for (const media::Mesh& mesh : model.meshes)
        for (const media::Vertex& v : mesh.vertices) vertices.push_back(&v);
    const std::vector<glm::vec3> inward = inset_directions(model);
    const Baker baker(model, o);
    std::vector<glm::vec3> ambient(vertices.size()), direct(vertices.size(), glm::vec3(0.0f));
    const bool lit = !model.lights.empty();
    parallel(vertices.size(), o.threads, [&](size_t i) {
        const glm::vec3 n = glm::length(vertices[i]->normal) > 1e-6f ? glm::normalize(vertices[i]->normal)
                                                                     : glm::vec3(0.0f, 1.0f, 0.0f);
        const glm::vec3 p = vertices[i]->position + inward[i] * k_inset;
        ambient[i] = baker.ambient(p, n);
        if (lit) direct[i] = baker.direct(p, n);
    });
    float scale = 0.0f;
    if (lit) {
        const float quartile = upper_quartile(direct, vertex_areas(model));
        scale = quartile > 0.0f ? o.exposure / quartile : 0.0f;
    }
    const float ambient_scale = lit && scale > 0.0f ? o.ambient_with_lights : 1.0f;
    std::vector<glm::vec4> out(vertices.size());
    for (size_t i = 0; i < vertices.size(); ++i)
        out[i] = glm::vec4(shoulder(ambient[i] * ambient_scale + direct[i] * scale), 1.0f);
    return out;
}

} // namespace vrex::bake
