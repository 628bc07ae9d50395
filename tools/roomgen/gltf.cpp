// glTF 2.0 out: one buffer (positions, normals, uvs, indices per material, 4-byte aligned), one primitive per
// material, textures as PNGs beside the file. nlohmann-json writes the JSON (keys sorted, shortest round-trip
// numbers), so the same calls give the same bytes.
#include "gltf.hpp"

#include <cmath>
#include <cstring>
#include <fstream>

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>
#include <nlohmann/json.hpp>

#include "media/png_write.hpp"

namespace vrex::roomgen {
namespace {

using nlohmann::json;

float linear(float c) {
    return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

template <typename T> void append(std::vector<uint8_t>& bin, const std::vector<T>& values) {
    const size_t at = bin.size();
    bin.resize(at + values.size() * sizeof(T));
    std::memcpy(bin.data() + at, values.data(), values.size() * sizeof(T));
    bin.resize((bin.size() + 3) & ~size_t(3), 0);
}

// Adds a buffer view and an accessor for `values` (floats of `components`, or uint32 indices) and returns its index.
template <typename T>
int add_accessor(json& doc, std::vector<uint8_t>& bin, const std::vector<T>& values, int components, bool indices) {
    const size_t offset = bin.size();
    append(bin, values);
    json view = {{"buffer", 0}, {"byteOffset", offset}, {"byteLength", values.size() * sizeof(T)}};
    view["target"] = indices ? 34963 : 34962;
    doc["bufferViews"].push_back(view);
    static const char* types[] = {"", "SCALAR", "VEC2", "VEC3"};
    json accessor = {{"bufferView", doc["bufferViews"].size() - 1},
                     {"componentType", indices ? 5125 : 5126},
                     {"count", values.size() / components},
                     {"type", types[components]}};
    if (components == 3 && !indices) { // POSITION needs its bounds
        json lo = {1e30f, 1e30f, 1e30f}, hi = {-1e30f, -1e30f, -1e30f};
        for (size_t i = 0; i < values.size(); ++i) {
            const size_t c = i % 3;
            lo[c] = std::min(lo[c].get<float>(), float(values[i]));
            hi[c] = std::max(hi[c].get<float>(), float(values[i]));
        }
        accessor["min"] = lo;
        accessor["max"] = hi;
    }
    doc["accessors"].push_back(accessor);
    return int(doc["accessors"].size() - 1);
}

} // namespace

int GltfBuilder::colour_material(glm::vec3 srgb) {
    const auto key = std::make_tuple(srgb.r, srgb.g, srgb.b);
    if (auto it = m_colour_index.find(key); it != m_colour_index.end()) return it->second;
    m_materials.push_back({srgb, -1});
    m_vertices.emplace_back();
    m_indices.emplace_back();
    return m_colour_index[key] = int(m_materials.size() - 1);
}

int GltfBuilder::texture_material(media::Image texture, bool repeat) {
    m_textures.push_back({std::move(texture), repeat});
    m_materials.push_back({glm::vec3(1.0f), int(m_textures.size() - 1)});
    m_vertices.emplace_back();
    m_indices.emplace_back();
    return int(m_materials.size() - 1);
}

void GltfBuilder::triangle_fan(int material, const std::vector<Vertex>& polygon) {
    auto& v = m_vertices[material];
    const auto first = uint32_t(v.size());
    v.insert(v.end(), polygon.begin(), polygon.end());
    for (uint32_t i = 1; i + 1 < polygon.size(); ++i)
        m_indices[material].insert(m_indices[material].end(), {first, first + i, first + i + 1});
}

void GltfBuilder::quad(int material, glm::vec3 centre, glm::vec3 right, glm::vec3 up, glm::vec2 size, float uv_metres) {
    const glm::vec3 normal = glm::normalize(glm::cross(right, up));
    const glm::vec3 r = right * (size.x / 2), u = up * (size.y / 2);
    const glm::vec3 corners[4] = {centre - r - u, centre + r - u, centre + r + u, centre - r + u};
    const glm::vec2 unit[4] = {{0, 1}, {1, 1}, {1, 0}, {0, 0}};
    std::vector<Vertex> polygon;
    for (int i = 0; i < 4; ++i) {
        glm::vec2 uv = unit[i];
        if (uv_metres > 0) uv = glm::vec2(glm::dot(corners[i], right), -glm::dot(corners[i], up)) / uv_metres;
        polygon.push_back({corners[i], normal, uv});
    }
    triangle_fan(material, polygon);
}

void GltfBuilder::box(int material, const glm::mat4& transform, glm::vec3 min, glm::vec3 max) {
    const glm::vec3 c = (min + max) * 0.5f, s = max - min;
    const glm::vec3 x = glm::normalize(glm::vec3(transform[0])), y = glm::normalize(glm::vec3(transform[1])),
                    z = glm::normalize(glm::vec3(transform[2]));
    const glm::vec3 centre = glm::vec3(transform * glm::vec4(c, 1.0f));
    quad(material, centre + z * (s.z / 2), x, y, {s.x, s.y});
    quad(material, centre - z * (s.z / 2), -x, y, {s.x, s.y});
    quad(material, centre + x * (s.x / 2), -z, y, {s.z, s.y});
    quad(material, centre - x * (s.x / 2), z, y, {s.z, s.y});
    quad(material, centre + y * (s.y / 2), x, -z, {s.x, s.z});
    quad(material, centre - y * (s.y / 2), x, z, {s.x, s.z});
}

void GltfBuilder::cylinder(int material, glm::vec3 base, float radius_bottom, float radius_top, float height,
                           int segments) {
    const float slope = (radius_bottom - radius_top) / height;
    std::vector<Vertex> top, bottom;
    for (int i = 0; i < segments; ++i) {
        const float a0 = glm::two_pi<float>() * float(i) / float(segments);
        const float a1 = glm::two_pi<float>() * float(i + 1) / float(segments);
        const glm::vec3 d0(std::sin(a0), 0, std::cos(a0)), d1(std::sin(a1), 0, std::cos(a1));
        const glm::vec3 n0 = glm::normalize(d0 + glm::vec3(0, slope, 0)),
                        n1 = glm::normalize(d1 + glm::vec3(0, slope, 0));
        const glm::vec3 up(0, height, 0);
        triangle_fan(material, {{base + d0 * radius_bottom, n0, {0, 1}},
                                {base + d1 * radius_bottom, n1, {1, 1}},
                                {base + up + d1 * radius_top, n1, {1, 0}},
                                {base + up + d0 * radius_top, n0, {0, 0}}});
        top.push_back({base + up + d0 * radius_top, {0, 1, 0}, {0, 0}});
        bottom.insert(bottom.begin(), Vertex{base + d0 * radius_bottom, {0, -1, 0}, {0, 0}});
    }
    triangle_fan(material, top);
    triangle_fan(material, bottom);
}

void GltfBuilder::marker(const std::string& name, glm::vec3 position) {
    m_markers.emplace_back(name, position);
}

core::Expected<bool, std::string> GltfBuilder::write(const std::filesystem::path& dir, const std::string& stem) const {
    json doc = {{"asset", {{"version", "2.0"}, {"generator", "vrex_roomgen"}}}, {"scene", 0}};
    doc["bufferViews"] = json::array();
    doc["accessors"] = json::array();
    std::vector<uint8_t> bin;
    json primitives = json::array();
    for (size_t m = 0; m < m_materials.size(); ++m) {
        const auto& verts = m_vertices[m];
        const glm::vec3 c = m_materials[m].srgb;
        std::string name = "m";
        name += std::to_string(m);
        json material = {{"name", name},
                         {"pbrMetallicRoughness",
                          {{"baseColorFactor", {linear(c.r), linear(c.g), linear(c.b), 1.0f}},
                           {"metallicFactor", 0.0f},
                           {"roughnessFactor", 0.9f}}}};
        if (m_materials[m].texture >= 0)
            material["pbrMetallicRoughness"]["baseColorTexture"] = {{"index", m_materials[m].texture}};
        doc["materials"].push_back(material);
        if (verts.empty()) continue;
        std::vector<float> pos, nrm, uv;
        for (const auto& v : verts) {
            pos.insert(pos.end(), {v.position.x, v.position.y, v.position.z});
            nrm.insert(nrm.end(), {v.normal.x, v.normal.y, v.normal.z});
            uv.insert(uv.end(), {v.uv.x, v.uv.y});
        }
        json attributes = {{"POSITION", add_accessor(doc, bin, pos, 3, false)},
                           {"NORMAL", add_accessor(doc, bin, nrm, 3, false)},
                           {"TEXCOORD_0", add_accessor(doc, bin, uv, 2, false)}};
        const int indices = add_accessor(doc, bin, m_indices[m], 1, true);
        primitives.push_back({{"attributes", attributes}, {"indices", indices}, {"material", m}});
    }
    doc["meshes"] = {{{"name", stem}, {"primitives", primitives}}};
    doc["nodes"] = {{{"name", stem}, {"mesh", 0}}};
    json children = {0};
    for (const auto& [name, p] : m_markers) {
        doc["nodes"].push_back({{"name", name}, {"translation", {p.x, p.y, p.z}}});
        children.push_back(doc["nodes"].size() - 1);
    }
    doc["scenes"] = {{{"nodes", children}}};
    doc["buffers"] = {{{"uri", stem + ".bin"}, {"byteLength", bin.size()}}};
    // 33071 clamp-to-edge for panels (no bleeding across the edge), 10497 repeat for tiled floors.
    doc["samplers"] = {{{"wrapS", 33071}, {"wrapT", 33071}}, {{"wrapS", 10497}, {"wrapT", 10497}}};
    for (size_t t = 0; t < m_textures.size(); ++t) {
        const std::string file = stem + "-" + std::to_string(t) + ".png";
        auto written = media::write_png(dir / file, m_textures[t].image);
        if (!written) return core::unexpected(written.error());
        doc["images"].push_back({{"uri", file}});
        doc["textures"].push_back({{"source", t}, {"sampler", m_textures[t].repeat ? 1 : 0}});
    }
    std::ofstream bin_out(dir / (stem + ".bin"), std::ios::binary);
    bin_out.write(reinterpret_cast<const char*>(bin.data()), std::streamsize(bin.size()));
    std::ofstream gltf_out(dir / (stem + ".gltf"), std::ios::binary);
    gltf_out << doc.dump(1) << "\n";
    if (!bin_out || !gltf_out) return core::unexpected((dir / stem).string() + ".gltf/.bin: cannot be written");
    return true;
}

} // namespace vrex::roomgen
