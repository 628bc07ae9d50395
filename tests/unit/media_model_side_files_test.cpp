// media::model_side_files: what a served model's parts are fetched by (app/remote_tour.cpp), read from the text alone.
#include <gtest/gtest.h>

#include <fstream>

#include "media/model.hpp"

using namespace vrex;

namespace {
std::filesystem::path data(const char* relative) {
    return std::filesystem::path(VREX_SOURCE_DIR) / "tests/data/models" / relative;
}
} // namespace

TEST(ModelSideFiles, GltfBuffersAndImages) {
    EXPECT_EQ(media::model_side_files(data("cesium-milk-truck/CesiumMilkTruck.gltf")),
              (std::vector<std::string>{"CesiumMilkTruck0.bin", "CesiumMilkTruck.png"}));
}

TEST(ModelSideFiles, ObjMaterialLibraryAndItsTextures) {
    EXPECT_EQ(media::model_side_files(data("spider-obj/spider.obj")), std::vector<std::string>{"spider.mtl"});
    // As written (Windows separators): the caller turns them.
    EXPECT_EQ(media::model_side_files(data("spider-obj/spider.mtl")),
              (std::vector<std::string>{".\\wal67ar_small.jpg", ".\\wal69ar_small.jpg", ".\\SpiderTex.jpg",
                                        ".\\drkwood2.jpg", ".\\engineflare1.jpg"}));
}

TEST(ModelSideFiles, NoDataUrisOptionsOrOtherFormats) {
    const auto dir = std::filesystem::temp_directory_path() / "vrex-side-files-test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "a.gltf")
        << R"({"asset":{"version":"2.0"},"buffers":[{"uri":"data:application/octet-stream;base64,AAAA"},{"uri":"b.bin"}],"images":[{"bufferView":0},{"uri":"b.bin"}]})";
    EXPECT_EQ(media::model_side_files(dir / "a.gltf"), std::vector<std::string>{"b.bin"});
    std::ofstream(dir / "m.mtl") << "newmtl x\nMap_Kd -s 1 1 1 -o 0 0 0 wood.png\r\nbump -bm 2 n.png\nKd 1 1 1\n";
    EXPECT_EQ(media::model_side_files(dir / "m.mtl"), (std::vector<std::string>{"wood.png", "n.png"}));
    std::ofstream(dir / "x.fbx") << "mtllib no.mtl\n";
    EXPECT_TRUE(media::model_side_files(dir / "x.fbx").empty());
    std::ofstream(dir / "bad.gltf") << "{ not json";
    EXPECT_TRUE(media::model_side_files(dir / "bad.gltf").empty());
    std::filesystem::remove_all(dir);
}
