// Rasterised panels: the golden panel, compositing, and bad input that must come back as values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <limits>

#include "golden.hpp"
#include "media/image.hpp"
#include "media/png_write.hpp"
#include "text_fixture.hpp"

using namespace vrex;
using test::TextTest;

namespace {

std::vector<text::Block> sample_panel() {
    text::Block title{"服务成效 What the centre has done", {}};
    title.style.size_px = 28;
    title.style.bold = true;
    title.style.colour = {255, 244, 214, 255};
    text::Block body{"自2019年开放以来，展厅共接待观众三百余万人次，举办专题展览一百二十场。Since opening in 2019, "
                     "the halls have welcomed over three million visitors.",
                     {}};
    body.style.size_px = 18;
    body.style.colour = {235, 235, 235, 255};
    return {title, body};
}

text::LayoutOptions panel_options() {
    text::LayoutOptions options;
    options.max_width_px = 500;
    options.language = "zh";
    options.padding_px = 20;
    options.background = {24, 32, 48, 230};
    return options;
}

const uint8_t* pixel(const media::Image& image, int x, int y) {
    return &image.rgba[(size_t(y) * image.width + x) * 4];
}

// Pixels in [x0, x1) x [y0, y1) that differ from the background.
int ink(const media::Image& image, const std::array<uint8_t, 4>& background, int x0, int x1, int y0, int y1) {
    int count = 0;
    for (int y = std::max(0, y0); y < std::min(int(image.height), y1); ++y)
        for (int x = std::max(0, x0); x < std::min(int(image.width), x1); ++x)
            count += !std::equal(background.begin(), background.end(), pixel(image, x, y));
    return count;
}

text::Block block_of_size(float size) {
    text::Block block{"Hello 你好", {}};
    block.style.size_px = size;
    return block;
}

} // namespace

TEST_F(TextTest, GoldenPanelMixedChineseAndEnglish) {
    const std::vector<text::Block> blocks = sample_panel();
    auto layout = text::layout_text(fonts(), blocks, panel_options());
    ASSERT_TRUE(layout.has_value()) << layout.error();
    EXPECT_EQ(layout->missing_glyphs, 0u);
    EXPECT_GE(layout->lines.size(), 4u); // the title and a body of three lines or more at this width
    const media::Image image = text::rasterise(fonts(), *layout);
    EXPECT_TRUE(test::matches_golden(image, "text_panel", test::k_exact));
}

TEST_F(TextTest, GoldenPanelSeesOneCharacterChanged) {
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"三百余万", "三百多万"}, {"2019", "2018"}}) {
        std::vector<text::Block> blocks = sample_panel();
        blocks[1].utf8.replace(blocks[1].utf8.find(from), from.size(), to);
        auto layout = text::layout_text(fonts(), blocks, panel_options());
        ASSERT_TRUE(layout.has_value()) << layout.error();
        auto golden = media::decode_image(test::golden_path("text_panel"));
        ASSERT_TRUE(golden.has_value());
        const test::GoldenComparison c =
            test::compare_images(*golden, text::rasterise(fonts(), *layout), test::k_exact);
        std::cout << "[ sensitivity ] text_panel: " << from << " -> " << to << ": " << c.summary() << "\n";
        EXPECT_FALSE(c.passed()) << from << " -> " << to;
    }
}

TEST_F(TextTest, MixedTextPutsInkUnderBothScripts) {
    const std::string utf8 = "展厅 Gallery";
    text::Block block{utf8, {}};
    block.style.size_px = 40;
    text::LayoutOptions options;
    options.language = "zh";
    auto layout = text::layout_text(fonts(), std::span(&block, 1), options);
    ASSERT_TRUE(layout.has_value()) << layout.error();
    ASSERT_EQ(layout->lines.size(), 1u);
    const media::Image image = text::rasterise(fonts(), *layout);
    const text::Line& line = layout->lines[0];
    const float latin_x = std::find_if(line.glyphs.begin(), line.glyphs.end(), [&](const text::PositionedGlyph& g) {
                              return utf8[g.cluster] == 'G';
                          })->x;
    const int top = int(line.baseline_y) - 40, bottom = int(line.baseline_y) + 10;
    EXPECT_GT(ink(image, options.background, int(line.x), int(line.x) + 80, top, bottom), 200); // 展厅
    EXPECT_GT(ink(image, options.background, int(latin_x), int(line.x + line.width_px) + 1, top, bottom), 200);
    EXPECT_EQ(ink(image, options.background, int(line.x + line.width_px) + 4, image.width, 0, image.height), 0);
}

TEST_F(TextTest, StraightAlphaKeepsTheTextColour) {
    text::Block block{"Colour 颜色", {}};
    block.style.colour = {200, 40, 90, 255};
    text::LayoutOptions options; // transparent background
    auto image = text::render_text(fonts(), std::span(&block, 1), options);
    ASSERT_TRUE(image.has_value()) << image.error();
    int opaque = 0, partial = 0;
    for (size_t i = 0; i < image->rgba.size(); i += 4) {
        const uint8_t* p = &image->rgba[i];
        if (p[3] == 0) continue;
        EXPECT_EQ(p[0], 200);
        EXPECT_EQ(p[1], 40);
        EXPECT_EQ(p[2], 90);
        (p[3] == 255 ? opaque : partial)++;
    }
    EXPECT_GT(opaque, 50);
    EXPECT_GT(partial, 50); // anti-aliased edges
}

TEST_F(TextTest, CoverageIsBlendedInLinearLight) {
    // White text on opaque black: a pixel of coverage c is encoded as sRGB(c), so half-covered edge pixels are
    // brighter than 128. Sum over the image: linear blending makes mid-grey pixels land above 128 on average.
    text::Block block{"Linear light 线性", {}};
    block.style.size_px = 24;
    text::LayoutOptions options;
    options.background = {0, 0, 0, 255};
    auto image = text::render_text(fonts(), std::span(&block, 1), options);
    ASSERT_TRUE(image.has_value()) << image.error();
    int mid = 0, above = 0;
    for (size_t i = 0; i < image->rgba.size(); i += 4) {
        const uint8_t v = image->rgba[i];
        if (v < 20 || v > 235) continue;
        ++mid;
        above += v > 128;
    }
    ASSERT_GT(mid, 100);
    EXPECT_GT(above * 10, mid * 6) << above << " of " << mid << " edge pixels above 128";
}

TEST_F(TextTest, SizeIsThePixelEmSize) {
    // A capital H is about 0.73 em tall in both fonts; at 40 px that is 29 rows of ink, give or take hinting.
    for (const std::string language : {"en", "zh"}) {
        text::Block block{"H", {}};
        block.style.size_px = 40;
        text::LayoutOptions options;
        options.language = language;
        auto image = text::render_text(fonts(), std::span(&block, 1), options);
        ASSERT_TRUE(image.has_value()) << image.error();
        int rows = 0;
        for (int y = 0; y < int(image->height); ++y)
            rows += ink(*image, options.background, 0, image->width, y, y + 1) > 0;
        EXPECT_NEAR(rows, 29, 2) << language;
    }
}

TEST_F(TextTest, EmptyTextGivesAPaddingOnlyImage) {
    text::LayoutOptions options;
    options.max_width_px = 100;
    options.padding_px = 10;
    options.background = {1, 2, 3, 4};
    for (const std::vector<text::Block>& blocks : {std::vector<text::Block>{}, std::vector<text::Block>{{"", {}}}}) {
        auto image = text::render_text(fonts(), blocks, options);
        ASSERT_TRUE(image.has_value()) << image.error();
        EXPECT_EQ(image->width, 120u);
        EXPECT_EQ(image->height, 20u);
        EXPECT_EQ(ink(*image, options.background, 0, image->width, 0, image->height), 0);
    }
}

TEST_F(TextTest, InvalidUtf8IsReplacedNotFatal) {
    // A stray continuation byte, an invalid byte, an overlong '/', a surrogate and a truncated 3-byte sequence.
    text::Block block{std::string("ok \x80 \xFF \xC0\xAF \xED\xA0\x80 end \xE4\xB8", 21), {}};
    text::LayoutOptions options;
    options.language = "zh";
    auto layout = text::layout_text(fonts(), std::span(&block, 1), options);
    ASSERT_TRUE(layout.has_value()) << layout.error();
    EXPECT_EQ(layout->replaced_invalid, 8u);
    EXPECT_EQ(layout->texts[0], "ok \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD"
                                "\xEF\xBF\xBD end \xEF\xBF\xBD");
    EXPECT_EQ(text::rasterise(fonts(), *layout).width, uint32_t(options.max_width_px + 2 * options.padding_px));
    EXPECT_EQ(text::repair_utf8("a\r\nb\rc\td\x01").utf8, "a\nb\nc d");
}

TEST_F(TextTest, AbsurdSizesAreErrors) {
    for (float size : {0.0f, -5.0f, 1.0f, 10000.0f, std::numeric_limits<float>::quiet_NaN(),
                       std::numeric_limits<float>::infinity()}) {
        const text::Block block = block_of_size(size);
        auto image = text::render_text(fonts(), std::span(&block, 1), {});
        ASSERT_FALSE(image.has_value()) << size;
        EXPECT_NE(image.error().find("text size"), std::string::npos) << image.error();
    }
    const text::Block fine = block_of_size(text::k_max_size_px);
    EXPECT_TRUE(text::render_text(fonts(), std::span(&fine, 1), {}).has_value());

    text::LayoutOptions options;
    for (int width : {0, -1, 100000}) {
        options.max_width_px = width;
        auto image = text::render_text(fonts(), std::span(&fine, 1), options);
        ASSERT_FALSE(image.has_value());
        EXPECT_NE(image.error().find("max_width_px"), std::string::npos) << image.error();
    }
}

TEST_F(TextTest, TooMuchTextIsAnErrorNotAHugeImage) {
    std::string many_lines;
    for (int i = 0; i < 2000; ++i) many_lines += "行\n";
    text::Block block{many_lines, {}};
    block.style.size_px = 100;
    auto image = text::render_text(fonts(), std::span(&block, 1), {});
    ASSERT_FALSE(image.has_value());
    EXPECT_NE(image.error().find("image size limit"), std::string::npos) << image.error();
}

TEST_F(TextTest, RenderingTwiceGivesTheSameImage) {
    const std::vector<text::Block> blocks = sample_panel();
    auto first = text::render_text(fonts(), blocks, panel_options());
    auto second = text::render_text(fonts(), blocks, panel_options()); // from the glyph cache
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->rgba, second->rgba);
}

TEST_F(TextTest, CentredAndShrunkLayouts) {
    text::Block block{"Centre", {}};
    block.style.align = text::Align::centre;
    text::LayoutOptions options;
    options.max_width_px = 600;
    auto layout = text::layout_text(fonts(), std::span(&block, 1), options);
    ASSERT_TRUE(layout.has_value());
    const text::Line& line = layout->lines.at(0);
    EXPECT_NEAR(line.x - options.padding_px, (600 - line.width_px) / 2, 1.0f);

    options.shrink_to_fit = true;
    auto shrunk = text::layout_text(fonts(), std::span(&block, 1), options);
    ASSERT_TRUE(shrunk.has_value());
    EXPECT_EQ(shrunk->width, int(std::ceil(line.width_px)) + 2 * options.padding_px);
}
