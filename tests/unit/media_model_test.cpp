// 3D models through Assimp (media::load_model): the sample models of tests/data/models, and what the loader makes
// of materials, UVs, normals and tangents, checked on small models written here.
#include <gtest/gtest.h>

#include <algorithm>
#include <glm/geometric.hpp>
#include <map>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "core/file.hpp"
#include "media/image.hpp"
#include "media/model.hpp"
#include "media/png_write.hpp"
#include "model_test_support.hpp"

using namespace vrex;
using namespace model_test;

namespace {

void expect_vec3(const glm::vec3& a, const glm::vec3& b, float tol = 1e-5f) {
    EXPECT_NEAR(a.x, b.x, tol);
    EXPECT_NEAR(a.y, b.y, tol);
    EXPECT_NEAR(a.z, b.z, tol);
}

bool has_vertex_with_uv(const media::Model& m, glm::vec2 uv) {
    for (const media::Mesh& mesh : m.meshes)
        for (const media::Vertex& v : mesh.vertices)
            if (glm::length(v.uv - uv) < 1e-5f) return true;
    return false;
}

std::string filename(const std::string& source) {
    return fs::path(source).filename().string();
}

} // namespace

TEST(ModelDuck, GltfTrianglesBoundsAndTexturedMaterial) {
    auto m = media::load_model(data("duck/Duck.gltf"));
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_EQ(m->triangle_count, 4212u);
    ASSERT_EQ(m->meshes.size(), 1u);
    EXPECT_EQ(m->meshes[0].vertices.size(), 2399u);
    EXPECT_EQ(m->meshes[0].indices.size(), 3u * 4212u);
    // The node's 0.01 scale is baked in: the accessor's min/max times 0.01.
    expect_vec3(m->bounds.min, {-0.6929850f, 0.0992937f, -0.6132820f});
    expect_vec3(m->bounds.max, {0.9617990f, 1.6397000f, 0.5392519f});
    ASSERT_EQ(m->materials.size(), 1u);
    const media::Material& mat = m->materials[0];
    EXPECT_EQ(mat.name, "blinn3-fx");
    EXPECT_EQ(mat.base_colour, glm::vec4(1.0f));
    EXPECT_EQ(mat.alpha_mode, media::AlphaMode::opaque);
    EXPECT_FALSE(mat.double_sided);
    EXPECT_EQ(mat.normal_texture, -1);
    ASSERT_EQ(mat.base_colour_texture, 0);
    ASSERT_EQ(m->textures.size(), 1u);
    const media::ModelTexture& tex = m->textures[0];
    EXPECT_TRUE(tex.srgb);
    EXPECT_EQ(filename(tex.source), "DuckCM.png");
    auto png = media::decode_image(data("duck/DuckCM.png"));
    ASSERT_TRUE(png.has_value());
    EXPECT_EQ(tex.image.width, 512u);
    EXPECT_EQ(tex.image.height, 512u);
    EXPECT_EQ(tex.image.rgba, png->rgba);
    EXPECT_TRUE(m->warnings.empty());
    // The first UV of Duck0.bin is (0.866606, 0.601076) with glTF's top-left origin; Assimp flips v on import,
    // the loader flips it back.
    EXPECT_TRUE(has_vertex_with_uv(*m, {0.8666060f, 0.6010760f}));
    EXPECT_FALSE(has_vertex_with_uv(*m, {0.8666060f, 1.0f - 0.6010760f}));
    for (const media::Vertex& v : m->meshes[0].vertices) ASSERT_NEAR(glm::length(v.normal), 1.0f, 1e-4f);
}

TEST(ModelDuck, GlbGivesTheSameModelAsGltf) {
    auto a = media::load_model(data("duck/Duck.gltf"));
    auto b = media::load_model(data("duck/Duck.glb"));
    ASSERT_TRUE(a.has_value()) << a.error();
    ASSERT_TRUE(b.has_value()) << b.error();
    ASSERT_EQ(a->meshes.size(), b->meshes.size());
    for (size_t i = 0; i < a->meshes.size(); ++i) {
        ASSERT_EQ(a->meshes[i].vertices.size(), b->meshes[i].vertices.size());
        for (size_t k = 0; k < a->meshes[i].vertices.size(); ++k) {
            EXPECT_EQ(a->meshes[i].vertices[k].position, b->meshes[i].vertices[k].position);
            EXPECT_EQ(a->meshes[i].vertices[k].normal, b->meshes[i].vertices[k].normal);
            EXPECT_EQ(a->meshes[i].vertices[k].uv, b->meshes[i].vertices[k].uv);
        }
        EXPECT_EQ(a->meshes[i].indices, b->meshes[i].indices);
    }
    ASSERT_EQ(b->textures.size(), 1u);
    EXPECT_EQ(b->textures[0].source, "embedded #0");
    EXPECT_EQ(b->textures[0].image.rgba, a->textures[0].image.rgba);
    EXPECT_EQ(b->materials[0].base_colour_texture, 0);
    EXPECT_TRUE(b->warnings.empty());
}

TEST(ModelMilkTruck, SeveralMeshesAndMaterialsShareOneTexture) {
    auto m = media::load_model(data("cesium-milk-truck/CesiumMilkTruck.gltf"));
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_EQ(m->triangle_count, 3624u);
    ASSERT_EQ(m->meshes.size(), 4u);
    ASSERT_EQ(m->materials.size(), 4u);
    std::vector<std::string> names;
    for (const media::Material& mat : m->materials) names.push_back(mat.name);
    EXPECT_EQ(names, (std::vector<std::string>{"wheels", "truck", "glass", "window_trim"}));
    // wheels and truck both use the one atlas, which is decoded once.
    ASSERT_EQ(m->textures.size(), 1u);
    EXPECT_EQ(filename(m->textures[0].source), "CesiumMilkTruck.png");
    EXPECT_EQ(m->textures[0].image.width, 2048u);
    EXPECT_EQ(m->materials[0].base_colour_texture, 0);
    EXPECT_EQ(m->materials[1].base_colour_texture, 0);
    EXPECT_EQ(m->materials[2].base_colour_texture, -1);
    EXPECT_NEAR(m->materials[3].base_colour.r, 0.064f, 1e-6f);
    for (const media::Mesh& mesh : m->meshes) EXPECT_TRUE(mesh.material >= 0 && mesh.material < 4);
    expect_vec3(m->bounds.min, {-2.43091f, 0.00145188f, -1.396f});
    expect_vec3(m->bounds.max, {2.438f, 2.58437f, 1.396f});
    EXPECT_TRUE(m->warnings.empty());
}

TEST(ModelSpiderObj, FindsTexturesWrittenWithBackslashes) {
    // spider.mtl says "map_Kd .\wal67ar_small.jpg".
    auto m = media::load_model(data("spider-obj/spider.obj"));
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_TRUE(m->warnings.empty()) << m->warnings[0];
    EXPECT_EQ(m->triangle_count, 1368u);
    ASSERT_EQ(m->materials.size(), 4u);
    std::vector<std::string> got;
    for (const media::Material& mat : m->materials) {
        ASSERT_GE(mat.base_colour_texture, 0) << mat.name;
        got.push_back(mat.name + " " + filename(m->textures[size_t(mat.base_colour_texture)].source));
    }
    EXPECT_EQ(got, (std::vector<std::string>{"Skin wal67ar_small.jpg", "HLeibTex SpiderTex.jpg", "BeinTex drkwood2.jpg",
                                             "Augentex engineflare1.jpg"}));
    // MTL multiplies map_Kd by Kd: the colour stays.
    expect_vec3(glm::vec3(m->materials[0].base_colour), {0.827451f, 0.792157f, 0.772549f});
    EXPECT_EQ(m->textures[2].image.width, 768u);
}

TEST(ModelWineCollada, LoadsWithItsTexturesAndATransparentMaterial) {
    auto m = media::load_model(data("wine-rack-collada/wine.dae"));
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_TRUE(m->warnings.empty());
    EXPECT_EQ(m->triangle_count, 121648u); // the three line meshes are dropped
    ASSERT_EQ(m->textures.size(), 3u);
    std::vector<std::string> files;
    for (const media::ModelTexture& t : m->textures) files.push_back(filename(t.source));
    EXPECT_EQ(files, (std::vector<std::string>{"artezin_bottle.jpg", "Wood_Cherry_Original_.jpg",
                                               "_2004_old_vine_zinfandel_btl_xlg.jpg"}));
    const auto glass = std::find_if(m->materials.begin(), m->materials.end(),
                                    [](const media::Material& x) { return x.name == "material_5"; });
    ASSERT_NE(glass, m->materials.end());
    EXPECT_EQ(glass->alpha_mode, media::AlphaMode::blend);
    EXPECT_NEAR(glass->base_colour.a, 0.14902f, 1e-5f);
    // Z-up SketchUp inches become Y-up: the rack stands on y = -0.5 .. 46.5.
    EXPECT_NEAR(m->bounds.min.y, -0.5f, 1e-4f);
    EXPECT_NEAR(m->bounds.max.y, 46.5485f, 1e-3f);
}

TEST(ModelFbx, LoadsAnAsciiFbxWithItsTexture) {
    auto m = media::load_model(data("quad-fbx/quad.fbx"));
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_TRUE(m->warnings.empty());
    EXPECT_EQ(m->triangle_count, 2u);
    ASSERT_EQ(m->textures.size(), 1u);
    EXPECT_EQ(filename(m->textures[0].source), "quad.png");
    ASSERT_EQ(m->materials.size(), 1u);
    EXPECT_EQ(m->materials[0].base_colour_texture, 0);
    // FBX: a texture connected to the diffuse colour replaces it.
    EXPECT_EQ(glm::vec3(m->materials[0].base_colour), glm::vec3(1.0f));
}

class ModelMaterials : public ModelTest {};

TEST_F(ModelMaterials, GltfAlphaModesCutoffAndDoubleSided) {
    const fs::path p = write_bytes(dir / "alpha.gltf", triangle_gltf(R"("materials": [
        {"name": "solid"},
        {"name": "cutout", "alphaMode": "MASK", "alphaCutoff": 0.3, "doubleSided": true},
        {"name": "glass", "alphaMode": "BLEND", "pbrMetallicRoughness": {"baseColorFactor": [1, 0, 0, 0.25]}}])",
                                                                     3));
    auto m = media::load_model(p);
    ASSERT_TRUE(m.has_value()) << m.error();
    ASSERT_EQ(m->materials.size(), 3u);
    ASSERT_EQ(m->meshes.size(), 3u);
    std::map<std::string, media::Material> by_name;
    for (const media::Material& x : m->materials) by_name[x.name] = x;
    EXPECT_EQ(by_name["solid"].alpha_mode, media::AlphaMode::opaque);
    EXPECT_FALSE(by_name["solid"].double_sided);
    EXPECT_EQ(by_name["cutout"].alpha_mode, media::AlphaMode::mask);
    EXPECT_FLOAT_EQ(by_name["cutout"].alpha_cutoff, 0.3f);
    EXPECT_TRUE(by_name["cutout"].double_sided);
    EXPECT_EQ(by_name["glass"].alpha_mode, media::AlphaMode::blend);
    EXPECT_EQ(by_name["glass"].base_colour, glm::vec4(1, 0, 0, 0.25f));
    EXPECT_EQ(m->triangle_count, 3u);
}

TEST_F(ModelMaterials, NormalMapIsLinearAndGivesTangents) {
    const media::Image flat{2, 2, std::vector<uint8_t>(16, 128)};
    ASSERT_TRUE(media::write_png(dir / "n.png", flat).has_value());
    const std::string materials = R"("materials": [{"name": "bumpy", "normalTexture": {"index": 0}}],
        "textures": [{"source": 0}], "images": [{"uri": "n.png"}])";
    for (bool mirrored : {false, true}) {
        const fs::path p = write_bytes(dir / "normal.gltf", triangle_gltf(materials, 1, mirrored));
        auto m = media::load_model(p);
        ASSERT_TRUE(m.has_value()) << m.error();
        ASSERT_EQ(m->materials.size(), 1u);
        ASSERT_EQ(m->materials[0].normal_texture, 0);
        EXPECT_EQ(m->materials[0].base_colour_texture, -1);
        ASSERT_EQ(m->textures.size(), 1u);
        EXPECT_FALSE(m->textures[0].srgb);
        // u grows along +x; w * cross(normal, tangent) points up the image: +y when the image is upright.
        for (const media::Vertex& v : m->meshes[0].vertices) {
            expect_vec3(v.normal, {0, 0, 1});
            expect_vec3(glm::vec3(v.tangent), {1, 0, 0});
            EXPECT_EQ(v.tangent.w, mirrored ? -1.0f : 1.0f) << "mirrored " << mirrored;
        }
    }
}

TEST_F(ModelMaterials, ObjOpacityNormalsAndUvOrigin) {
    write_bytes(dir / "quad.mtl", "newmtl veil\nKd 0.2 0.4 0.6\nd 0.5\n");
    const fs::path p =
        write_bytes(dir / "quad.obj", "mtllib quad.mtl\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\n"
                                      "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nusemtl veil\nf 1/1 2/2 3/3 4/4\n");
    auto m = media::load_model(p);
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_EQ(m->triangle_count, 2u); // the quad, triangulated
    ASSERT_EQ(m->materials.size(), 1u);
    EXPECT_EQ(m->materials[0].alpha_mode, media::AlphaMode::blend);
    expect_vec3(glm::vec3(m->materials[0].base_colour), {0.2f, 0.4f, 0.6f});
    EXPECT_FLOAT_EQ(m->materials[0].base_colour.a, 0.5f);
    for (const media::Vertex& v : m->meshes[0].vertices) {
        expect_vec3(v.normal, {0, 0, 1}); // generated: the file has none
        // OBJ's vt (0, 0) is the image's bottom-left: v = 1 with the top-left origin.
        EXPECT_NEAR(v.uv.x, v.position.x, 1e-6f);
        EXPECT_NEAR(v.uv.y, 1.0f - v.position.y, 1e-6f);
    }
}

TEST(ModelLog, AssimpSpeaksThroughSpdlogAtDebugLevelOnly) {
    auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(256);
    auto logger = std::make_shared<spdlog::logger>("model-test", sink);
    logger->set_level(spdlog::level::trace);
    const auto previous = spdlog::default_logger();
    spdlog::set_default_logger(logger);
    ::testing::internal::CaptureStderr();
    auto m = media::load_model(data("spider-obj/spider.obj"));
    const std::string stderr_text = ::testing::internal::GetCapturedStderr();
    spdlog::set_default_logger(previous);
    ASSERT_TRUE(m.has_value()) << m.error();
    EXPECT_EQ(stderr_text, "");
    bool assimp_said_something = false;
    for (const auto& msg : sink->last_raw()) {
        const std::string text(msg.payload.begin(), msg.payload.end());
        if (text.rfind("assimp", 0) != 0) continue;
        assimp_said_something = true;
        EXPECT_LE(msg.level, spdlog::level::debug) << text;
    }
    EXPECT_TRUE(assimp_said_something);
}
