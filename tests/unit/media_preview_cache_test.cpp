// The preview cache: a big JPEG's reduced decode kept on disk, used again only for the file as it is.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "golden.hpp"
#include "media/preview_cache.hpp"

using namespace vrex;
namespace fs = std::filesystem;

namespace {

class PreviewCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_root = fs::temp_directory_path() / ("vrex-preview-cache-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_root);
        fs::create_directories(m_root / "tour");
        m_source = m_root / "tour" / "hall.jpg";
        fs::copy_file(fs::path(VREX_SOURCE_DIR) / "tests/data/grid_2048x1024.jpg", m_source);
    }
    void TearDown() override { fs::remove_all(m_root); }

    size_t entries() const {
        if (!fs::exists(m_root / "cache")) return 0;
        return size_t(std::distance(fs::directory_iterator(m_root / "cache"), fs::directory_iterator{}));
    }

    fs::path m_root, m_source;
};

double mean_difference(const media::Image& a, const media::Image& b) {
    EXPECT_EQ(a.width, b.width);
    EXPECT_EQ(a.height, b.height);
    if (a.rgba.size() != b.rgba.size()) return 255;
    double sum = 0;
    for (size_t i = 0; i < a.rgba.size(); ++i) sum += std::abs(int(a.rgba[i]) - int(b.rgba[i]));
    return sum / double(a.rgba.size());
}

} // namespace

TEST_F(PreviewCacheTest, TheSecondOpenTakesTheKeptPreview) {
    const media::PreviewCache cache(m_root / "cache");
    auto first = cache.load(m_source, 256);
    ASSERT_TRUE(first) << first.error();
    EXPECT_FALSE(first->from_cache);
    EXPECT_EQ(first->image.width, 256u); // 2048 at 1/8
    EXPECT_EQ(entries(), 1u);
    auto second = cache.load(m_source, 256);
    ASSERT_TRUE(second) << second.error();
    EXPECT_TRUE(second->from_cache);
    // Kept as a JPEG of quality 90: a few levels off on this grid of sharp lines (over RGBA, alpha exact).
    EXPECT_LT(mean_difference(first->image, second->image), 3.0);
    // Another size is another entry.
    auto wider = cache.load(m_source, 512);
    ASSERT_TRUE(wider) << wider.error();
    EXPECT_FALSE(wider->from_cache);
    EXPECT_EQ(wider->image.width, 512u);
    EXPECT_EQ(entries(), 2u);
    // Nothing is written next to the tour's files.
    EXPECT_EQ(std::distance(fs::directory_iterator(m_root / "tour"), fs::directory_iterator{}), 1);
}

TEST_F(PreviewCacheTest, AChangedFileIsDecodedAfresh) {
    const media::PreviewCache cache(m_root / "cache");
    ASSERT_TRUE(cache.load(m_source, 256));
    const auto entry_before = cache.entry(m_source, 256);
    // The curator replaces the photo: same name, another time (and here the same size).
    fs::last_write_time(m_source, fs::last_write_time(m_source) + std::chrono::seconds(10));
    EXPECT_NE(cache.entry(m_source, 256), entry_before);
    auto again = cache.load(m_source, 256);
    ASSERT_TRUE(again) << again.error();
    EXPECT_FALSE(again->from_cache);
}

TEST_F(PreviewCacheTest, ADamagedEntryIsDecodedAfreshAndReplaced) {
    const media::PreviewCache cache(m_root / "cache");
    ASSERT_TRUE(cache.load(m_source, 256));
    const auto entry = cache.entry(m_source, 256);
    ASSERT_TRUE(entry);
    std::ofstream(*entry, std::ios::binary | std::ios::trunc) << "not a jpeg";
    auto damaged = cache.load(m_source, 256);
    ASSERT_TRUE(damaged) << damaged.error();
    EXPECT_FALSE(damaged->from_cache);
    EXPECT_EQ(damaged->image.width, 256u);
    auto replaced = cache.load(m_source, 256);
    ASSERT_TRUE(replaced) << replaced.error();
    EXPECT_TRUE(replaced->from_cache);
}

TEST_F(PreviewCacheTest, WithoutACacheNothingIsKept) {
    const media::PreviewCache none;
    EXPECT_FALSE(none.entry(m_source, 256));
    auto a = none.load(m_source, 256), b = none.load(m_source, 256);
    ASSERT_TRUE(a && b);
    EXPECT_FALSE(b->from_cache);
    EXPECT_EQ(entries(), 0u);
}

TEST_F(PreviewCacheTest, ErrorsAreTheReducedDecodes) {
    const media::PreviewCache cache(m_root / "cache");
    auto missing = cache.load(m_root / "tour" / "missing.jpg", 256);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("missing.jpg"), std::string::npos) << missing.error();
    std::ofstream(m_root / "tour" / "broken.jpg", std::ios::binary) << "\xFF\xD8\xFF garbage";
    EXPECT_FALSE(cache.load(m_root / "tour" / "broken.jpg", 256));
    EXPECT_EQ(entries(), 0u);
}
