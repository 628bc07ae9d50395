// Broken models, missing and refused textures, and the limits of media::load_model: each a clear message that names
// the file, never a crash, and the limits refused before the memory is spent.
#include <gtest/gtest.h>

#include <random>

#include "media/model.hpp"
#include "media/model_detail.hpp"
#include "model_test_support.hpp"

using namespace vrex;
using namespace model_test;

namespace {

std::string error_of(const fs::path& p, const media::ModelLimits& limits = {}) {
    auto m = media::load_model(p, limits);
    return m ? "(loaded)" : m.error();
}

std::string random_bytes(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (char& c : s) c = char(rng() & 0xFF);
    return s;
}

void put_u32_be(std::string& s, uint32_t v) {
    for (int i = 3; i >= 0; --i) s += char(v >> (8 * i));
}

// A PNG signature and an IHDR chunk claiming w x h pixels (CRC left zero), with no pixel data at all.
std::string png_header_only(uint32_t w, uint32_t h) {
    std::string png = "\x89PNG\r\n\x1a\n";
    put_u32_be(png, 13);
    png += "IHDR";
    put_u32_be(png, w);
    put_u32_be(png, h);
    png += std::string("\x08\x06\x00\x00\x00", 5);
    put_u32_be(png, 0);
    return png;
}

const std::string k_keeps = "; the material keeps its colour";

} // namespace

class ModelErrors : public ModelTest {};

TEST_F(ModelErrors, Gltf08IsAClearError) {
    const fs::path p = data("wine-rack-collada/wine.gltf");
    EXPECT_EQ(error_of(p), p.string() + ": not a model vrex can read (glTF 1.0 / 0.8 is not supported)");
}

TEST_F(ModelErrors, TruncatedGlb) {
    const std::string glb = read_text(data("duck/Duck.glb"));
    const fs::path p = write_bytes(dir / "half.glb", glb.substr(0, glb.size() / 2));
    EXPECT_EQ(error_of(p), p.string() + ": truncated GLB (its header says 120484 bytes, the file has 60242)");
}

TEST_F(ModelErrors, GlbCutInsideItsBinaryChunkWithAPatchedHeader) {
    std::string glb = read_text(data("duck/Duck.glb")).substr(0, 100000);
    glb[8] = char(100000 & 0xFF), glb[9] = char(100000 >> 8 & 0xFF), glb[10] = char(100000 >> 16), glb[11] = 0;
    const fs::path p = write_bytes(dir / "cut.glb", glb);
    const std::string e = error_of(p);
    EXPECT_EQ(e.rfind(p.string() + ": cannot read the model (", 0), 0u) << e;
}

TEST_F(ModelErrors, EmptyFile) {
    const fs::path p = write_bytes(dir / "empty.glb", "");
    EXPECT_EQ(error_of(p), p.string() + ": file is empty");
}

TEST_F(ModelErrors, RandomBytesNamedGlb) {
    const fs::path p = write_bytes(dir / "noise.glb", random_bytes(4096, 1));
    EXPECT_EQ(error_of(p), p.string() + ": not a GLB file (no glTF magic)");
}

TEST_F(ModelErrors, RandomBytesNamedGltfObjFbxDae) {
    for (const char* name : {"noise.gltf", "noise.obj", "noise.fbx", "noise.dae"}) {
        const fs::path p = write_bytes(dir / name, random_bytes(4096, 2));
        const std::string e = error_of(p);
        EXPECT_EQ(e.rfind(p.string() + ": ", 0), 0u) << e;
        EXPECT_NE(e, "(loaded)");
    }
}

TEST_F(ModelErrors, GarbageTextNamedObj) {
    const fs::path p = write_bytes(dir / "notes.obj", "Shopping list:\n- milk\n- 3 eggs\n");
    EXPECT_EQ(error_of(p), p.string() + ": the model has no triangles");
    write_bytes(p, "Shopping list:\nf oo bar\n");
    EXPECT_EQ(error_of(p), p.string() + ": cannot read the model (OBJ: Invalid face index.)");
}

TEST_F(ModelErrors, CorruptGltfJson) {
    const fs::path p = write_bytes(dir / "bad.gltf", R"({"asset": {"version": "2.0"}, "meshes": [)");
    EXPECT_EQ(error_of(p), p.string() + ": corrupt glTF (the JSON does not parse)");
}

TEST_F(ModelErrors, UnknownFormatMissingFileAndFolder) {
    const fs::path stl = write_bytes(dir / "part.stl", "solid x\nendsolid x\n");
    EXPECT_EQ(error_of(stl), stl.string() + ": not a model vrex can read (vrex reads .gltf and .glb (glTF 2.0), .obj, "
                                            ".fbx and .dae)");
    EXPECT_EQ(error_of(dir / "nope.glb"), (dir / "nope.glb").string() + ": file not found");
    fs::create_directories(dir / "folder.obj");
    EXPECT_EQ(error_of(dir / "folder.obj"), (dir / "folder.obj").string() + ": not a file");
}

TEST_F(ModelErrors, NodeCycleIsRefusedBeforeAssimpRecursesIntoIt) {
    std::string gltf = triangle_gltf(R"("materials": [{}])", 1);
    const std::string nodes = R"("nodes": [{"mesh": 0}])";
    gltf.replace(gltf.find(nodes), nodes.size(), R"("nodes": [{"mesh": 0, "children": [1]}, {"children": [0]}])");
    const fs::path p = write_bytes(dir / "cycle.gltf", gltf);
    EXPECT_EQ(error_of(p), p.string() + ": corrupt glTF (node 0 is its own ancestor)");
}

TEST_F(ModelErrors, NodeGraphsTooDeepOrTooSharedAreRefused) {
    // Assimp builds a node per path through the graph, recursively: a chain of 300 nodes, and 21 levels of nodes
    // whose two children are the same node (2^21 paths), are refused before it does.
    auto with_nodes = [&](const std::string& nodes) {
        std::string gltf = triangle_gltf(R"("materials": [{}])", 1);
        const std::string one = R"("nodes": [{"mesh": 0}])";
        return gltf.replace(gltf.find(one), one.size(), "\"nodes\": [" + nodes + "]");
    };
    std::string chain, shared;
    for (int i = 1; i <= 300; ++i) chain.append(R"({"children": [)").append(std::to_string(i)).append("]},");
    chain += R"({"mesh": 0})";
    for (int i = 1; i <= 21; ++i) {
        const std::string c = std::to_string(i);
        shared.append(R"({"children": [)").append(c).append(",").append(c).append("]},");
    }
    shared += R"({"mesh": 0})";
    const fs::path deep = write_bytes(dir / "deep.gltf", with_nodes(chain));
    EXPECT_EQ(error_of(deep), deep.string() + ": nodes nested deeper than 256 levels");
    const fs::path wide = write_bytes(dir / "shared.gltf", with_nodes(shared));
    EXPECT_EQ(error_of(wide), wide.string() + ": more than 1000000 node instances");
}

TEST_F(ModelErrors, StripWithoutPositionsIsRefusedBeforeAssimp) {
    // Assimp 5.2.5 takes a strip of n vertices for n - 2 faces, and allocates 2^32 of them for n = 0 (found by
    // tests/fuzz/fuzz_model.cpp).
    std::string gltf = triangle_gltf(R"("materials": [{}])", 1);
    const std::string primitive = R"("material": 0})";
    gltf.replace(gltf.find(primitive), primitive.size(), R"("material": 0}, {"attributes": {"NORMAL": 1}, "mode": 5})");
    const fs::path p = write_bytes(dir / "strip.gltf", gltf);
    EXPECT_EQ(error_of(p), p.string() + ": corrupt glTF (mesh 0, primitive 1: a strip, fan or loop of 0 vertices)");
}

TEST_F(ModelErrors, DataUriThatIsNotBase64) {
    // Assimp 5.2.5 allocates the bytes, meets the bad character, throws and leaks them (found by fuzzing).
    std::string gltf = triangle_gltf(R"("materials": [{}])", 1);
    gltf[gltf.find("base64,") + 20] = '*';
    const fs::path p = write_bytes(dir / "bad64.gltf", gltf);
    EXPECT_EQ(error_of(p), p.string() + ": corrupt glTF (buffer 0: its data: URI is not base64)");
}

TEST_F(ModelErrors, SceneNamingANodeThatIsNotThere) {
    std::string gltf = triangle_gltf(R"("materials": [{}])", 1);
    const std::string nodes = R"("nodes": [{"mesh": 0}])";
    gltf.replace(gltf.find(nodes), nodes.size(), R"("nodes_misspelt": [{"mesh": 0}])");
    const fs::path p = write_bytes(dir / "dangling.gltf", gltf);
    const std::string e = error_of(p);
    EXPECT_EQ(e.rfind(p.string() + ": cannot read the model (", 0), 0u) << e;
}

TEST_F(ModelErrors, ObjFaceNamingAVertexItDoesNotHave) {
    // Assimp 5.2.5 refuses these too, but leaks the mesh it was building (found by tests/fuzz/fuzz_model.cpp).
    const fs::path p = write_bytes(dir / "tri.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1/1 2/2 4/4\n");
    EXPECT_EQ(error_of(p), p.string() + ": corrupt OBJ (line 5 names vertex 4 of 3)");
    write_bytes(p, "v 0 0 0\nv 1 0 0\nf -1 -2 -3\nv 0 1 0\n");
    EXPECT_EQ(error_of(p), p.string() + ": corrupt OBJ (line 3 names vertex -3 with 2 before it)");
    // Assimp reads a "v" without 3, 4 or 6 numbers as no vertex at all; Windows line ends count once.
    write_bytes(p, "v 0 0 0\r\nv 1 0 0\r\nv zero one\r\nfoo 1 2 3\r\n");
    EXPECT_EQ(error_of(p), p.string() + ": corrupt OBJ (line 4 names vertex 3 of 2)");
    // Nor is a first "v" behind a UTF-8 BOM (Assimp 5.2.5 does not skip it).
    write_bytes(p, "\xEF\xBB\xBFv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
    EXPECT_EQ(error_of(p), p.string() + ": corrupt OBJ (line 4 names vertex 3 of 2)");
    // A line continued with a backslash, v/vt/vn and v//vn references; an indented "f" is no face to Assimp, and
    // not to the check.
    write_bytes(p, "v 0 0 0\r\nv 1 0 \\\r\n 0\r\nv 0 1 0\r\nf -1 -2 -3\r\nf 1/1/1\t2//2 3\r\n  f 7 8 9\r\n");
    auto m = media::load_model(p);
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_EQ(m->triangle_count, 2u);
}

TEST_F(ModelErrors, FolderNamedAsMaterialLibrary) {
    // Opening a folder succeeds and reading it fails: Assimp 5.2.5 then leaks the stream, so only files are opened.
    fs::create_directories(dir / "lib.mtl");
    const fs::path p = write_bytes(dir / "tri.obj", "mtllib lib.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
    auto m = media::load_model(p);
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_EQ(m->triangle_count, 1u);
}

class ModelWarnings : public ModelTest {};

TEST_F(ModelWarnings, MissingTextureLoadsGreyWithAWarning) {
    const fs::path duck = copy_model("duck");
    fs::remove(duck / "DuckCM.png");
    auto m = media::load_model(duck / "Duck.gltf");
    ASSERT_TRUE(m.has_value()) << m.error();
    ASSERT_EQ(m->warnings.size(), 1u);
    EXPECT_EQ(m->warnings[0],
              (duck / "Duck.gltf").string() + ": material \"blinn3-fx\": texture DuckCM.png not found" + k_keeps);
    EXPECT_TRUE(m->textures.empty());
    EXPECT_EQ(m->materials[0].base_colour_texture, -1);
    EXPECT_EQ(m->materials[0].base_colour, glm::vec4(0.5f, 0.5f, 0.5f, 1.0f)); // its factor was glTF's white
    EXPECT_EQ(m->triangle_count, 4212u);
}

TEST_F(ModelWarnings, MissingObjTextureKeepsTheDiffuseColour) {
    const fs::path spider = copy_model("spider-obj");
    fs::remove(spider / "wal67ar_small.jpg");
    auto m = media::load_model(spider / "spider.obj");
    ASSERT_TRUE(m.has_value()) << m.error();
    ASSERT_EQ(m->warnings.size(), 1u);
    EXPECT_EQ(m->warnings[0], (spider / "spider.obj").string() +
                                  ": material \"Skin\": texture .\\wal67ar_small.jpg not found" + k_keeps);
    EXPECT_EQ(m->materials[0].base_colour_texture, -1);
    EXPECT_NEAR(m->materials[0].base_colour.r, 0.827451f, 1e-6f);
    EXPECT_EQ(m->textures.size(), 3u);
}

TEST_F(ModelWarnings, CorruptTextureLoadsWithAWarning) {
    const fs::path duck = copy_model("duck");
    write_bytes(duck / "DuckCM.png", "this is not a PNG");
    auto m = media::load_model(duck / "Duck.gltf");
    ASSERT_TRUE(m.has_value()) << m.error();
    ASSERT_EQ(m->warnings.size(), 1u);
    const std::string prefix = (duck / "Duck.gltf").string() + ": material \"blinn3-fx\": texture DuckCM.png " +
                               "cannot be read (" + (duck / "DuckCM.png").string() + ": not an image vrex can read";
    EXPECT_EQ(m->warnings[0].rfind(prefix, 0), 0u) << m->warnings[0];
    EXPECT_TRUE(m->textures.empty());
}

TEST_F(ModelWarnings, TexturePathsLeavingTheFolderAreRefused) {
    const fs::path duck = copy_model("duck");
    fs::copy_file(duck / "DuckCM.png", dir / "DuckCM.png"); // there to be found, were the path followed
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"../DuckCM.png", "leaves the model's folder"},
        {"sub/../../DuckCM.png", "leaves the model's folder"},
        {"..\\\\DuckCM.png", "leaves the model's folder"},
        {(dir / "DuckCM.png").string(), "is an absolute path"},
        {"C:\\\\models\\\\DuckCM.png", "is an absolute path"},
        {"http://example.com/DuckCM.png", "is a URL"},
        {"file:///etc/passwd", "is a URL"}};
    const std::string original = read_text(data("duck/Duck.gltf"));
    for (const auto& [uri, why] : cases) {
        write_bytes(duck / "Duck.gltf", original);
        edit(duck / "Duck.gltf", "\"uri\": \"DuckCM.png\"", "\"uri\": \"" + uri + "\"");
        auto m = media::load_model(duck / "Duck.gltf");
        ASSERT_TRUE(m.has_value()) << m.error();
        ASSERT_EQ(m->warnings.size(), 1u) << uri;
        std::string expected = (duck / "Duck.gltf").string() + ": material \"blinn3-fx\": texture ";
        for (size_t i = 0; i < uri.size(); ++i) expected += uri[i] == '\\' ? uri[++i] : uri[i]; // JSON's escapes
        expected.append(" ").append(why).append(", not read").append(k_keeps);
        EXPECT_EQ(m->warnings[0], expected);
        EXPECT_TRUE(m->textures.empty());
    }
}

TEST_F(ModelWarnings, LinkToAFileOutsideTheFolderIsRefused) {
    const fs::path duck = copy_model("duck");
    fs::rename(duck / "DuckCM.png", dir / "outside.png");
    fs::create_symlink(dir / "outside.png", duck / "DuckCM.png");
    auto m = media::load_model(duck / "Duck.gltf");
    ASSERT_TRUE(m.has_value()) << m.error();
    ASSERT_EQ(m->warnings.size(), 1u);
    EXPECT_EQ(m->warnings[0], (duck / "Duck.gltf").string() + ": material \"blinn3-fx\": texture DuckCM.png is a " +
                                  "link to a file outside the model's folder, not read" + k_keeps);
}

TEST_F(ModelWarnings, PercentEncodedTextureNameIsFound) {
    const fs::path duck = copy_model("duck");
    fs::rename(duck / "DuckCM.png", duck / "Duck CM.png");
    edit(duck / "Duck.gltf", "\"uri\": \"DuckCM.png\"", "\"uri\": \"Duck%20CM.png\"");
    auto m = media::load_model(duck / "Duck.gltf");
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_TRUE(m->warnings.empty()) << m->warnings[0];
    ASSERT_EQ(m->textures.size(), 1u);
}

TEST_F(ModelWarnings, BufferOutsideTheFolderIsNotRead) {
    const fs::path duck = copy_model("duck");
    fs::rename(duck / "Duck0.bin", dir / "Duck0.bin");
    edit(duck / "Duck.gltf", "\"uri\": \"Duck0.bin\"", "\"uri\": \"../Duck0.bin\"");
    EXPECT_EQ(error_of(duck / "Duck.gltf"), (duck / "Duck.gltf").string() + ": " + (dir / "Duck0.bin").string() +
                                                " is outside the model's folder; not read");
}

TEST_F(ModelWarnings, MaterialLibraryOutsideTheFolderIsNotRead) {
    write_bytes(dir / "secret.mtl", "newmtl red\nKd 1 0 0\n");
    const fs::path p = write_bytes(dir / "m" / "tri.obj", "mtllib ../secret.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\n"
                                                          "usemtl red\nf 1 2 3\n");
    auto m = media::load_model(p);
    ASSERT_TRUE(m.has_value()) << m.error();
    ASSERT_EQ(m->warnings.size(), 1u);
    EXPECT_EQ(m->warnings[0],
              p.string() + ": " + (dir / "secret.mtl").string() + " is outside the model's folder; not read");
    EXPECT_NE(glm::vec3(m->materials[0].base_colour), glm::vec3(1, 0, 0));
}

class ModelLimits : public ModelTest {};

TEST_F(ModelLimits, FileOverMaxFileBytes) {
    const fs::path p = data("duck/Duck.glb");
    EXPECT_EQ(error_of(p, {.max_file_bytes = 1000}),
              p.string() + ": file is 120484 bytes, more than the limit of 1000");
}

TEST_F(ModelLimits, GltfAccessorsOverMaxFileBytes) {
    const fs::path p = data("duck/Duck.gltf");
    EXPECT_EQ(error_of(p, {.max_file_bytes = 100000}),
              p.string() + ": accessors hold 102040 bytes of mesh data, more than the limit of 100000");
}

TEST_F(ModelLimits, TheModelsFilesTogetherOverMaxFileBytes) {
    const fs::path gltf = data("duck/Duck.gltf"); // 4964 bytes + Duck0.bin, 102040
    EXPECT_EQ(error_of(gltf, {.max_file_bytes = 105000}),
              gltf.string() + ": with Duck0.bin the model's files are 107004 bytes, more than the limit of 105000");
    const fs::path obj = data("spider-obj/spider.obj"); // 105735 bytes + spider.mtl, 731
    EXPECT_EQ(error_of(obj, {.max_file_bytes = 106000}),
              obj.string() + ": with spider.mtl the model's files are 106466 bytes, more than the limit of 106000");
}

TEST_F(ModelLimits, TrianglesAreCountedBeforeTheBuffersAreRead) {
    const fs::path duck = copy_model("duck");
    fs::remove(duck / "Duck0.bin"); // never needed: the JSON's counts say it all
    const fs::path p = duck / "Duck.gltf";
    EXPECT_EQ(error_of(p, {.max_triangles = 4000}), p.string() + ": 4212 triangles, more than the limit of 4000");
    EXPECT_EQ(error_of(p).rfind(p.string() + ": cannot read the model (", 0), 0u); // the buffer is missing
    const fs::path glb = data("duck/Duck.glb");
    EXPECT_EQ(error_of(glb, {.max_triangles = 4211}), glb.string() + ": 4212 triangles, more than the limit of 4211");
    EXPECT_TRUE(media::load_model(glb, {.max_triangles = 4212}).has_value());
}

TEST_F(ModelLimits, InstancedMeshesCountOncePerNode) {
    std::string gltf = triangle_gltf(R"("materials": [{}])", 1);
    const std::string scene = R"("scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}])";
    gltf.replace(gltf.find(scene), scene.size(), R"("scenes": [{"nodes": [0, 1]}], "nodes": [
        {"mesh": 0, "children": [2]}, {"mesh": 0, "translation": [5, 0, 0], "children": [2]},
        {"mesh": 0, "translation": [0, 0, 5]}])");
    const fs::path p = write_bytes(dir / "instances.gltf", gltf);
    EXPECT_EQ(error_of(p, {.max_triangles = 3}), p.string() + ": 4 triangles, more than the limit of 3");
    auto m = media::load_model(p, {.max_triangles = 4});
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_EQ(m->triangle_count, 4u);
    EXPECT_EQ(m->bounds.max, glm::vec3(6, 1, 5));
}

TEST_F(ModelLimits, ObjTrianglesCountedRightAfterImport) {
    const fs::path p = data("spider-obj/spider.obj");
    EXPECT_EQ(error_of(p, {.max_triangles = 1000}), p.string() + ": 1368 triangles, more than the limit of 1000");
}

TEST_F(ModelLimits, TextureSideFromItsHeader) {
    const fs::path p = data("duck/Duck.gltf");
    EXPECT_EQ(error_of(p, {.max_texture_side = 256}),
              p.string() + ": texture DuckCM.png is 512x512, more than the limit of 256 px on a side");
    // A header and nothing else: refused on the header's word, before any decoding.
    const fs::path duck = copy_model("duck");
    write_bytes(duck / "DuckCM.png", png_header_only(9000, 9000));
    EXPECT_EQ(error_of(duck / "Duck.gltf"), (duck / "Duck.gltf").string() +
                                                ": texture DuckCM.png is 9000x9000, more than the limit of 8192 px "
                                                "on a side");
}

TEST_F(ModelLimits, AllTexturesTogetherOverMaxTextureBytes) {
    // 250x250 + 249x250 + 768x768 + 128x128 RGBA: 2923832 bytes, each one under the limit.
    const fs::path p = data("spider-obj/spider.obj");
    EXPECT_EQ(error_of(p, {.max_texture_bytes = 2'900'000}),
              p.string() + ": textures need 2923832 bytes decoded, more than the limit of 2900000");
    EXPECT_TRUE(media::load_model(p, {.max_texture_bytes = 2'923'832}).has_value());
}

TEST_F(ModelLimits, TextureFileOverMaxFileBytes) {
    const fs::path p = data("spider-obj/spider.obj");
    EXPECT_EQ(error_of(p, {.max_file_bytes = 150000}),
              p.string() + ": texture .\\drkwood2.jpg is 203856 bytes, more than the limit of 150000");
}

TEST(ModelPaths, TextureReferencesResolveInsideTheFolder) {
    const fs::path f = "/models/duck";
    auto ok = [&](const char* ref) {
        auto r = media::detail::resolve_model_path(f, ref);
        return r ? r->string() : "refused: " + r.error();
    };
    EXPECT_EQ(ok("a.png"), "/models/duck/a.png");
    EXPECT_EQ(ok(".\\a.jpg"), "/models/duck/a.jpg");
    EXPECT_EQ(ok("tex\\wood\\a.jpg"), "/models/duck/tex/wood/a.jpg");
    EXPECT_EQ(ok("tex/../a.png"), "/models/duck/a.png");
    EXPECT_EQ(ok("../a.png"), "refused: leaves the model's folder");
    EXPECT_EQ(ok("..\\a.png"), "refused: leaves the model's folder");
    EXPECT_EQ(ok("."), "refused: leaves the model's folder");
    EXPECT_EQ(ok("/etc/passwd"), "refused: is an absolute path");
    EXPECT_EQ(ok("\\\\server\\a.png"), "refused: is an absolute path");
    EXPECT_EQ(ok("D:\\a.png"), "refused: is an absolute path");
    EXPECT_EQ(ok("https://x.org/a.png"), "refused: is a URL");
    EXPECT_EQ(ok("data:image/png;base64,AAAA"), "refused: is a URL");
    EXPECT_EQ(ok(""), "refused: is empty");
}
