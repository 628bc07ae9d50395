// GPano XMP (media/gpano.hpp) on tests/data/gpano/partial.jpg: the labelled grid's rows 32-160 of 256 (pitch 67.5
// down to -22.5), written with exiv2 as a 512x128 crop of a 512x256 full panorama, PoseHeadingDegrees 30.
#include <gtest/gtest.h>

#include "media/gpano.hpp"

namespace vrex::media {
namespace {

const std::filesystem::path k_data = std::filesystem::path(VREX_SOURCE_DIR) / "tests/data";

TEST(GPano, PartialPanoramaAndNorth) {
    auto g = read_gpano(k_data / "gpano/partial.jpg");
    ASSERT_TRUE(g) << g.error();
    ASSERT_TRUE(g->has_value());
    EXPECT_DOUBLE_EQ((*g)->haov, 360);
    EXPECT_DOUBLE_EQ((*g)->vaov, 90);
    EXPECT_DOUBLE_EQ((*g)->voffset, 22.5);
    ASSERT_TRUE((*g)->north.has_value());
    EXPECT_DOUBLE_EQ(*(*g)->north, -30); // heading 30 at the centre: north 30 degrees to the left
}

TEST(GPano, NoneAndUnreadable) {
    auto none = read_gpano(k_data / "grid_512x256.jpg");
    ASSERT_TRUE(none) << none.error();
    EXPECT_FALSE(none->has_value());
    auto missing = read_gpano(k_data / "gpano/missing.jpg");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("missing.jpg"), std::string::npos) << missing.error();
}

} // namespace
} // namespace vrex::media
