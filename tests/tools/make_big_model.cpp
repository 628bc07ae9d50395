// Writes a big GLB for the load tests: make_big_model OUT.glb [TRIANGLES]
// A torus of TRIANGLES (default 2,000,000, rounded to a square grid of quads) triangles, with positions and normals,
// one mesh, one untextured material. Made at test time so that no big file is committed; std only.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct Grid {
    uint32_t n = 0; // quads around each way; 2 n^2 triangles, n^2 vertices (the torus wraps both ways)
    std::vector<float> positions, normals;
    std::vector<uint32_t> indices;
    float lo[3] = {1e9f, 1e9f, 1e9f}, hi[3] = {-1e9f, -1e9f, -1e9f};
};

// A torus in the XY plane (its hole faces +Z, the viewer), ring radius 0.35 m, tube radius 0.15 m, a little ripple
// along the tube so that the turntable's turn shows.
void make_torus(Grid& g) {
    const double two_pi = 6.283185307179586;
    for (uint32_t i = 0; i < g.n; ++i) {
        const double u = two_pi * i / g.n;
        for (uint32_t j = 0; j < g.n; ++j) {
            const double v = two_pi * j / g.n;
            const double r = 0.15 * (1.0 + 0.08 * std::sin(12 * u));
            const double nx = std::cos(u) * std::cos(v), ny = std::sin(u) * std::cos(v), nz = std::sin(v);
            const double p[3] = {0.35 * std::cos(u) + r * nx, 0.35 * std::sin(u) + r * ny, r * nz};
            const double n[3] = {nx, ny, nz};
            for (int k = 0; k < 3; ++k) {
                g.positions.push_back(float(p[k]));
                g.normals.push_back(float(n[k]));
                g.lo[k] = std::min(g.lo[k], float(p[k]));
                g.hi[k] = std::max(g.hi[k], float(p[k]));
            }
        }
    }
    for (uint32_t i = 0; i < g.n; ++i)
        for (uint32_t j = 0; j < g.n; ++j) {
            const uint32_t a = i * g.n + j, b = ((i + 1) % g.n) * g.n + j;
            const uint32_t c = ((i + 1) % g.n) * g.n + (j + 1) % g.n, d = i * g.n + (j + 1) % g.n;
            for (uint32_t index : {a, b, c, a, c, d}) g.indices.push_back(index);
        }
}

template <typename T> void append(std::string& out, const std::vector<T>& v) {
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

std::string gltf_json(const Grid& g, size_t pos_bytes, size_t nrm_bytes, size_t idx_bytes) {
    const size_t vertices = g.positions.size() / 3;
    char buf[2048];
    std::snprintf(
        buf, sizeof buf,
        R"({"asset":{"version":"2.0","generator":"vrex make_big_model"},"scene":0,"scenes":[{"nodes":[0]}],)"
        R"("nodes":[{"mesh":0}],"meshes":[{"primitives":[{"attributes":{"POSITION":0,"NORMAL":1},"indices":2,)"
        R"("material":0}]}],"materials":[{"pbrMetallicRoughness":{"baseColorFactor":[0.8,0.55,0.2,1]}}],)"
        R"("buffers":[{"byteLength":%zu}],"bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":%zu},)"
        R"({"buffer":0,"byteOffset":%zu,"byteLength":%zu},{"buffer":0,"byteOffset":%zu,"byteLength":%zu}],)"
        R"("accessors":[{"bufferView":0,"componentType":5126,"count":%zu,"type":"VEC3",)"
        R"("min":[%g,%g,%g],"max":[%g,%g,%g]},{"bufferView":1,"componentType":5126,"count":%zu,"type":"VEC3"},)"
        R"({"bufferView":2,"componentType":5125,"count":%zu,"type":"SCALAR"}]})",
        pos_bytes + nrm_bytes + idx_bytes, pos_bytes, pos_bytes, nrm_bytes, pos_bytes + nrm_bytes, idx_bytes, vertices,
        g.lo[0], g.lo[1], g.lo[2], g.hi[0], g.hi[1], g.hi[2], vertices, g.indices.size());
    return buf;
}

void put_u32(std::string& out, uint32_t v) {
    out.append(reinterpret_cast<const char*>(&v), 4); // GLB is little-endian, as every machine vrex runs on
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: make_big_model OUT.glb [TRIANGLES]\n");
        return 2;
    }
    const double triangles = argc == 3 ? std::atof(argv[2]) : 2e6;
    Grid g;
    g.n = uint32_t(std::lround(std::sqrt(triangles / 2)));
    if (g.n < 3) {
        std::fprintf(stderr, "make_big_model: too few triangles\n");
        return 2;
    }
    make_torus(g);
    std::string bin;
    append(bin, g.positions);
    append(bin, g.normals);
    append(bin, g.indices);
    std::string json = gltf_json(g, g.positions.size() * 4, g.normals.size() * 4, g.indices.size() * sizeof(uint32_t));
    while (json.size() % 4) json += ' ';
    while (bin.size() % 4) bin += '\0';
    std::string glb;
    put_u32(glb, 0x46546C67); // "glTF"
    put_u32(glb, 2);
    put_u32(glb, uint32_t(12 + 8 + json.size() + 8 + bin.size()));
    put_u32(glb, uint32_t(json.size()));
    put_u32(glb, 0x4E4F534A); // "JSON"
    glb += json;
    put_u32(glb, uint32_t(bin.size()));
    put_u32(glb, 0x004E4942); // "BIN\0"
    glb += bin;
    std::ofstream out(argv[1], std::ios::binary);
    out.write(glb.data(), std::streamsize(glb.size()));
    if (!out) {
        std::fprintf(stderr, "make_big_model: cannot write %s\n", argv[1]);
        return 1;
    }
    std::printf("%s: %zu triangles, %zu vertices, %zu bytes\n", argv[1], g.indices.size() / 3, g.positions.size() / 3,
                glb.size());
    return 0;
}
