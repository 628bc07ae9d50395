#pragma once
// Shared by the media_model_*_test.cpp files: a temporary folder per test, copies of the sample models in
// tests/data/models (edited copies for the broken cases), and a small glTF written from scratch.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "media/model.hpp"

namespace model_test {

namespace fs = std::filesystem;

inline fs::path data(const std::string& rel) {
    return fs::path(VREX_SOURCE_DIR) / "tests/data/models" / rel;
}

inline std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline fs::path write_bytes(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
    return p;
}

class ModelTest : public ::testing::Test {
protected:
    fs::path dir;

    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir = fs::temp_directory_path() / ("vrex-model-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }

    // A writable copy of tests/data/models/<name> in dir/<name>.
    fs::path copy_model(const std::string& name) {
        const fs::path to = dir / name;
        fs::create_directories(to);
        for (const auto& e : fs::directory_iterator(data(name))) {
            fs::copy_file(e.path(), to / e.path().filename(), fs::copy_options::overwrite_existing);
            fs::permissions(to / e.path().filename(), fs::perms::owner_write, fs::perm_options::add);
        }
        return to;
    }

    // Replaces the first `from` in the file with `to`; fails the test when `from` is not there.
    static void edit(const fs::path& file, const std::string& from, const std::string& to) {
        std::string text = read_text(file);
        const size_t at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from << " not in " << file;
        text.replace(at, from.size(), to);
        write_bytes(file, text);
    }
};

inline std::string base64(const std::string& bytes) {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
        if (i + 1 < bytes.size()) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
        if (i + 2 < bytes.size()) n |= uint8_t(bytes[i + 2]);
        out += k[n >> 18 & 63];
        out += k[n >> 12 & 63];
        out += i + 1 < bytes.size() ? k[n >> 6 & 63] : '=';
        out += i + 2 < bytes.size() ? k[n & 63] : '=';
    }
    return out;
}

template <typename T> void put(std::string& s, std::initializer_list<T> values) {
    for (T v : values) s.append(reinterpret_cast<const char*>(&v), sizeof v);
}

// A glTF 2.0 file with one triangle (0,0,0) (1,0,0) (0,1,0) facing +z, drawn once with each of `material_count`
// materials; `materials_etc` is the JSON of "materials" (and "textures", "images", ...) without the outer braces.
// UVs map the image upright ((0,0) at the top-left vertex (0,1,0)), or mirrored top to bottom.
inline std::string triangle_gltf(const std::string& materials_etc, int material_count, bool mirrored = false) {
    std::string buf;
    put<float>(buf, {0, 0, 0, 1, 0, 0, 0, 1, 0});
    put<float>(buf, {0, 0, 1, 0, 0, 1, 0, 0, 1});
    if (mirrored)
        put<float>(buf, {0, 0, 1, 0, 0, 1});
    else
        put<float>(buf, {0, 1, 1, 1, 0, 0});
    put<uint16_t>(buf, {0, 1, 2, 0});
    std::string primitives;
    for (int i = 0; i < material_count; ++i)
        primitives += std::string(i ? "," : "") +
                      R"({"attributes": {"POSITION": 0, "NORMAL": 1, "TEXCOORD_0": 2}, "indices": 3, "material": )" +
                      std::to_string(i) + "}";
    return R"({"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
  "meshes": [{"primitives": [)" +
           primitives + R"(]}],
  "buffers": [{"byteLength": 104, "uri": "data:application/octet-stream;base64,)" +
           base64(buf) + R"("}],
  "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 36}, {"buffer": 0, "byteOffset": 36, "byteLength": 36},
                  {"buffer": 0, "byteOffset": 72, "byteLength": 24}, {"buffer": 0, "byteOffset": 96, "byteLength": 6}],
  "accessors": [
    {"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3", "min": [0, 0, 0], "max": [1, 1, 0]},
    {"bufferView": 1, "componentType": 5126, "count": 3, "type": "VEC3"},
    {"bufferView": 2, "componentType": 5126, "count": 3, "type": "VEC2"},
    {"bufferView": 3, "componentType": 5123, "count": 3, "type": "SCALAR"}],
  )" + materials_etc +
           "}";
}

} // namespace model_test
