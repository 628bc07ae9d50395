// libFuzzer target for media::load_model (tests/fuzz/README.md). The input becomes a file in a folder of its own,
// named by its first byte: 'g' (GLB's "glTF" magic) .glb, '{' .gltf, anything else .obj. Every load must end in a
// model that keeps the promises of media/model.hpp, or in an error message naming the file. The same file's side files
// (media::model_side_files, what a served model's parts are fetched by), and the bytes read as a material library:
// at most 256 names of at most 1024 bytes, no data: URI.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "media/model.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path& folder() {
    static const fs::path dir = [] {
        std::string t = (fs::temp_directory_path() / "vrex-fuzz-model-XXXXXX").string();
        if (!mkdtemp(t.data())) std::abort();
        std::atexit([] { fs::remove_all(folder()); });
        return fs::path(t);
    }();
    return dir;
}

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_model: broken promise: %s\n", what);
    std::abort();
}

void check(const vrex::media::Model& m) {
    if (m.materials.empty()) fail("no material");
    if (m.meshes.empty()) fail("a model without meshes");
    uint64_t triangles = 0;
    for (const vrex::media::Mesh& mesh : m.meshes) {
        if (mesh.material < 0 || size_t(mesh.material) >= m.materials.size()) fail("mesh material out of range");
        if (mesh.indices.size() % 3 != 0) fail("indices not in triangles");
        for (uint32_t i : mesh.indices)
            if (i >= mesh.vertices.size()) fail("index past the vertices");
        triangles += mesh.indices.size() / 3;
    }
    if (triangles != m.triangle_count) fail("triangle_count");
    for (const vrex::media::Material& mat : m.materials)
        for (int t : {mat.base_colour_texture, mat.normal_texture})
            if (t < -1 || t >= int(m.textures.size())) fail("texture index out of range");
    for (const vrex::media::ModelTexture& t : m.textures)
        if (t.image.rgba.size() != size_t(t.image.width) * t.image.height * 4 || t.image.width == 0)
            fail("texture size");
}

void check_side_files(const fs::path& path, const vrex::media::ModelLimits& limits) {
    const std::vector<std::string> names = vrex::media::model_side_files(path, limits);
    if (names.size() > 256) fail("more than 256 side files");
    for (const std::string& n : names)
        if (n.empty() || n.size() > 1024 || n.starts_with("data:")) fail("a side file name out of its promise");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const char* name = size > 0 && data[0] == 'g' ? "in.glb" : size > 0 && data[0] == '{' ? "in.gltf" : "in.obj";
    const fs::path path = folder() / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), long(size));
    // Small limits: the fuzzer looks for crashes, not for the memory a legitimately big model takes.
    const vrex::media::ModelLimits limits{
        .max_file_bytes = 1 << 20, .max_triangles = 200'000, .max_texture_side = 1024, .max_texture_bytes = 16 << 20};
    auto model = vrex::media::load_model(path, limits);
    if (model)
        check(*model);
    else if (model.error().rfind(path.string() + ": ", 0) != 0)
        fail("the error does not start with the file's name");
    check_side_files(path, limits);
    fs::remove(path);
    const fs::path mtl = folder() / "in.mtl";
    std::ofstream(mtl, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), long(size));
    check_side_files(mtl, limits);
    fs::remove(mtl);
    return 0;
}
