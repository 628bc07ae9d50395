// glTF checks before Assimp: Assimp reads every buffer and builds a node per path through the node graph (a cycle
// recurses until the stack runs out), so the counts are read from the JSON alone, which is small.
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "media/model_detail.hpp"

namespace vrex::media::detail {
namespace {

using Json = nlohmann::json;

constexpr uint32_t k_glb_magic = 0x46546C67; // "glTF"
constexpr uint32_t k_glb_chunk_json = 0x4E4F534A;
constexpr uint64_t k_max_node_visits = 1'000'000;
constexpr size_t k_max_node_depth = 256;

std::string unsupported(const std::string& name) {
    return name + ": not a model vrex can read (glTF 1.0 / 0.8 is not supported)";
}

uint64_t add_sat(uint64_t a, uint64_t b) {
    uint64_t r = 0;
    return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

uint64_t mul_sat(uint64_t a, uint64_t b) {
    uint64_t r = 0;
    return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

// An unsigned integer member of an object, or `fallback` when absent or of another type.
uint64_t get_uint(const Json& obj, const char* key, uint64_t fallback) {
    if (!obj.is_object()) return fallback;
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_unsigned()) return fallback;
    return it->get<uint64_t>();
}

const Json* get_array(const Json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    const auto it = obj.find(key);
    return it != obj.end() && it->is_array() ? &*it : nullptr;
}

uint64_t element_bytes(const Json& accessor) {
    static const std::pair<const char*, uint64_t> k_types[] = {{"SCALAR", 1}, {"VEC2", 2}, {"VEC3", 3}, {"VEC4", 4},
                                                               {"MAT2", 4},   {"MAT3", 9}, {"MAT4", 16}};
    if (!accessor.is_object()) return 0;
    const auto type = accessor.find("type");
    if (type == accessor.end() || !type->is_string()) return 0;
    uint64_t components = 0;
    for (const auto& [t, n] : k_types)
        if (*type == t) components = n;
    const uint64_t component_type = get_uint(accessor, "componentType", 0);
    const uint64_t size = component_type == 5120 || component_type == 5121   ? 1
                          : component_type == 5122 || component_type == 5123 ? 2
                          : component_type == 5125 || component_type == 5126 ? 4
                                                                             : 0;
    return components * size;
}

uint64_t accessor_count(const Json* accessors, uint64_t index) {
    if (!accessors || index >= accessors->size()) return 0;
    return get_uint((*accessors)[index], "count", 0);
}

// The vertices a primitive draws: its index count, else its vertex count (0 without positions), as Assimp takes it.
uint64_t primitive_vertices(const Json& primitive, const Json* accessors) {
    if (!primitive.is_object()) return 0;
    if (primitive.contains("indices")) return accessor_count(accessors, get_uint(primitive, "indices", UINT64_MAX));
    if (primitive.contains("attributes"))
        return accessor_count(accessors, get_uint(primitive["attributes"], "POSITION", UINT64_MAX));
    return 0;
}

// Triangles per mesh (mode 4 list, 5 strip, 6 fan). Strips, fans and line strips and loops too short to draw are
// refused: Assimp 5.2.5 computes their face count as n - 2 (or n - 1) and allocates 2^32 faces when n is smaller.
std::string mesh_triangles(const Json& gltf, const std::string& name, std::vector<uint64_t>& out) {
    const Json* meshes = get_array(gltf, "meshes");
    const Json* accessors = get_array(gltf, "accessors");
    if (!meshes) return {};
    for (size_t m = 0; m < meshes->size(); ++m) {
        uint64_t sum = 0;
        const Json* primitives = get_array((*meshes)[m], "primitives");
        for (size_t p = 0; primitives && p < primitives->size(); ++p) {
            const uint64_t mode = get_uint((*primitives)[p], "mode", 4);
            const uint64_t n = primitive_vertices((*primitives)[p], accessors);
            const uint64_t least = mode == 5 || mode == 6 ? 3 : mode == 2 || mode == 3 ? 2 : 0;
            if (n < least)
                return name + ": corrupt glTF (mesh " + std::to_string(m) + ", primitive " + std::to_string(p) +
                       ": a strip, fan or loop of " + std::to_string(n) + " vertices)";
            sum = add_sat(sum, mode == 4 ? n / 3 : mode == 5 || mode == 6 ? n - 2 : 0);
        }
        out.push_back(sum);
    }
    return {};
}

// The default scene's root nodes; without scenes, every node that is nobody's child.
std::vector<uint64_t> root_nodes(const Json& gltf, size_t node_count) {
    std::vector<uint64_t> roots;
    const Json* scenes = get_array(gltf, "scenes");
    const uint64_t scene = get_uint(gltf, "scene", 0);
    if (scenes && scene < scenes->size()) {
        if (const Json* nodes = get_array((*scenes)[scene], "nodes"))
            for (const Json& n : *nodes)
                if (n.is_number_unsigned()) roots.push_back(n.get<uint64_t>());
        return roots;
    }
    std::vector<char> is_child(node_count, 0);
    if (const Json* nodes = get_array(gltf, "nodes"))
        for (const Json& node : *nodes)
            if (const Json* children = get_array(node, "children"))
                for (const Json& c : *children)
                    if (c.is_number_unsigned() && c.get<uint64_t>() < node_count) is_child[c.get<uint64_t>()] = 1;
    for (size_t i = 0; i < node_count; ++i)
        if (!is_child[i]) roots.push_back(i);
    return roots;
}

struct NodeWalk {
    const Json& nodes;
    const std::vector<uint64_t>& mesh_tris;
    const std::string& name;
    std::vector<char> on_path = std::vector<char>(nodes.size(), 0);
    uint64_t visits = 0;
    uint64_t triangles = 0;

    // Depth-first over one root, with an explicit stack: a path per instance, as Assimp builds them.
    std::string walk(uint64_t root) {
        struct Frame {
            uint64_t node;
            size_t next_child;
        };
        std::vector<Frame> stack;
        if (root >= nodes.size()) return {}; // Assimp reports the dangling index
        if (std::string e = enter(root, stack.size()); !e.empty()) return e;
        stack.push_back({root, 0});
        while (!stack.empty()) {
            Frame& top = stack.back();
            const Json* children = get_array(nodes[top.node], "children");
            if (!children || top.next_child >= children->size()) {
                on_path[top.node] = 0;
                stack.pop_back();
                continue;
            }
            const Json& c = (*children)[top.next_child++];
            if (!c.is_number_unsigned() || c.get<uint64_t>() >= nodes.size()) continue;
            if (std::string e = enter(c.get<uint64_t>(), stack.size()); !e.empty()) return e;
            stack.push_back({c.get<uint64_t>(), 0});
        }
        return {};
    }

    std::string enter(uint64_t node, size_t depth) {
        if (on_path[node]) return name + ": corrupt glTF (node " + std::to_string(node) + " is its own ancestor)";
        if (depth >= k_max_node_depth)
            return name + ": nodes nested deeper than " + std::to_string(k_max_node_depth) + " levels";
        if (++visits > k_max_node_visits)
            return name + ": more than " + std::to_string(k_max_node_visits) + " node instances";
        on_path[node] = 1;
        const uint64_t mesh = get_uint(nodes[node], "mesh", UINT64_MAX);
        if (mesh < mesh_tris.size()) triangles = add_sat(triangles, mesh_tris[mesh]);
        return {};
    }
};

// data: URIs of buffers and images that are not base64: Assimp 5.2.5 allocates the decoded bytes, meets the bad
// character, throws, and leaks them.
std::string check_data_uris(const Json& gltf, const std::string& name) {
    static const char* k_base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
    for (const auto& [key, what] : {std::pair{"buffers", "buffer "}, std::pair{"images", "image "}}) {
        const Json* list = get_array(gltf, key);
        for (size_t i = 0; list && i < list->size(); ++i) {
            const Json& item = (*list)[i];
            const auto uri = item.is_object() ? item.find("uri") : item.end();
            if (!item.is_object() || uri == item.end() || !uri->is_string()) continue;
            const std::string& s = uri->get_ref<const std::string&>();
            const size_t comma = s.find(',');
            if (!s.starts_with("data:") || comma == std::string::npos || s.rfind(";base64", comma) == std::string::npos)
                continue;
            if (s.find_first_not_of(k_base64, comma + 1) != std::string::npos)
                return name + ": corrupt glTF (" + what + std::to_string(i) + ": its data: URI is not base64)";
        }
    }
    return {};
}

std::string check_counts(const Json& gltf, const ModelLimits& limits, const std::string& name) {
    uint64_t vertex_bytes = 0;
    if (const Json* accessors = get_array(gltf, "accessors"))
        for (const Json& a : *accessors)
            vertex_bytes = add_sat(vertex_bytes, mul_sat(get_uint(a, "count", 0), element_bytes(a)));
    if (vertex_bytes > limits.max_file_bytes)
        return name + ": accessors hold " + std::to_string(vertex_bytes) +
               " bytes of mesh data, more than the limit of " + std::to_string(limits.max_file_bytes);
    static const Json k_empty = Json::array();
    const Json* nodes = get_array(gltf, "nodes");
    std::vector<uint64_t> tris;
    if (std::string e = mesh_triangles(gltf, name, tris); !e.empty()) return e;
    NodeWalk walk{nodes ? *nodes : k_empty, tris, name};
    for (uint64_t root : root_nodes(gltf, walk.nodes.size()))
        if (std::string e = walk.walk(root); !e.empty()) return e;
    if (walk.triangles > limits.max_triangles)
        return name + ": " + std::to_string(walk.triangles) + " triangles, more than the limit of " +
               std::to_string(limits.max_triangles);
    return {};
}

uint32_t read_u32_le(const unsigned char* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// The JSON chunk of a GLB: a 12-byte header (magic, version, length), then chunks of (length, type, data).
std::string read_glb_json(std::ifstream& in, uint64_t file_size, const std::string& name, std::string& json) {
    unsigned char h[20] = {};
    if (file_size < 20 || !in.read(reinterpret_cast<char*>(h), 20)) return name + ": truncated GLB (no header)";
    if (read_u32_le(h) != k_glb_magic) return name + ": not a GLB file (no glTF magic)";
    const uint32_t version = read_u32_le(h + 4);
    if (version == 1) return unsupported(name);
    if (version != 2) return name + ": GLB version " + std::to_string(version) + " is not supported";
    if (read_u32_le(h + 8) > file_size)
        return name + ": truncated GLB (its header says " + std::to_string(read_u32_le(h + 8)) +
               " bytes, the file has " + std::to_string(file_size) + ")";
    const uint32_t json_size = read_u32_le(h + 12);
    if (read_u32_le(h + 16) != k_glb_chunk_json) return name + ": corrupt GLB (the first chunk is not JSON)";
    if (json_size > file_size - 20) return name + ": truncated GLB (the JSON chunk runs past the end)";
    json.resize(json_size);
    if (!in.read(json.data(), json_size)) return name + ": truncated GLB (cannot read the JSON chunk)";
    return {};
}

} // namespace

std::string check_gltf_json(std::string_view text, const ModelLimits& limits, const std::string& name) {
    try {
        const Json gltf = Json::parse(text.begin(), text.end(), nullptr, false);
        if (gltf.is_discarded() || !gltf.is_object()) return name + ": corrupt glTF (the JSON does not parse)";
        const auto asset = gltf.find("asset");
        if (asset == gltf.end() || !asset->is_object()) return unsupported(name);
        const auto version = asset->find("version");
        if (version == asset->end() || !version->is_string() || !version->get<std::string>().starts_with("2."))
            return unsupported(name);
        if (std::string e = check_data_uris(gltf, name); !e.empty()) return e;
        return check_counts(gltf, limits, name);
    } catch (const Json::exception& e) {
        return name + ": corrupt glTF (" + e.what() + ")";
    }
}

std::string read_gltf_json(const std::filesystem::path& path, ModelFormat format, uint64_t file_size,
                           const std::string& name, std::string& json) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return name + ": cannot open the file";
    if (format == ModelFormat::glb) return read_glb_json(in, file_size, name, json);
    json.resize(file_size);
    if (!in.read(json.data(), std::streamsize(file_size))) return name + ": cannot read the file";
    return {};
}

// External buffers shorter than their byteLength (a .bin cut short, or being written): Assimp 5.2.5 throws and leaks
// what it had allocated (LeakSanitizer, cli.midtour). Said here with the file's name instead; a buffer that is no
// plain file is left to Assimp, which says so.
std::string check_buffer_files(std::string_view text, const std::filesystem::path& path, const std::string& name) {
    const Json gltf = Json::parse(text.begin(), text.end(), nullptr, false);
    const Json* buffers = gltf.is_object() ? get_array(gltf, "buffers") : nullptr;
    for (size_t i = 0; buffers && i < buffers->size(); ++i) {
        const Json& b = (*buffers)[i];
        const auto uri = b.is_object() ? b.find("uri") : b.end();
        if (!b.is_object() || uri == b.end() || !uri->is_string()) continue;
        const std::string& s = uri->get_ref<const std::string&>();
        if (s.empty() || s.starts_with("data:") || s.find(':') != std::string::npos) continue;
        std::error_code ec;
        const std::filesystem::path file = path.parent_path() / s;
        if (!std::filesystem::is_regular_file(file, ec)) continue;
        const uint64_t size = std::filesystem::file_size(file, ec), wanted = get_uint(b, "byteLength", 0);
        if (!ec && size < wanted)
            return name + ": truncated glTF buffer " + std::to_string(i) + " (" + s + " has " + std::to_string(size) +
                   " bytes, the glTF says " + std::to_string(wanted) + ")";
    }
    return {};
}

std::string check_gltf_header(const std::filesystem::path& path, ModelFormat format, uint64_t file_size,
                              const ModelLimits& limits, const std::string& name) {
    std::string json;
    if (std::string e = read_gltf_json(path, format, file_size, name, json); !e.empty()) return e;
    if (std::string e = check_gltf_json(json, limits, name); !e.empty()) return e;
    return check_buffer_files(json, path, name);
}

} // namespace vrex::media::detail
