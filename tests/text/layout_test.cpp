// Layout with the real fonts: font choice by language, wrapping of Chinese and English, mixed scripts.
#include <gtest/gtest.h>

#include <filesystem>

#include "text_fixture.hpp"

using namespace vrex;
using test::TextTest;

namespace {

const std::string k_chinese_paragraph =
    "本馆自成立以来，始终坚持以人民为中心的发展思想。我们举办了一百二十余场展览，接待观众超过三百万人次；同时，"
    "开展了丰富多彩的社会教育活动：讲座、工作坊、研学旅行！您是否也曾来过这里？欢迎再次光临（免费开放）。"
    "「数字展厅」已经上线，线上看展同样精彩。";

text::Layout layout_one(text::FontLibrary& fonts, const std::string& utf8, const std::string& language, int width,
                        float size = 28) {
    text::Block block{utf8, {}};
    block.style.size_px = size;
    text::LayoutOptions options;
    options.max_width_px = width;
    options.language = language;
    auto layout = text::layout_text(fonts, std::span(&block, 1), options);
    EXPECT_TRUE(layout.has_value()) << layout.error();
    return layout ? *layout : text::Layout{};
}

bool is_han(char32_t c) {
    return c >= 0x4E00 && c <= 0x9FFF;
}

} // namespace

TEST_F(TextTest, ChineseUsesNotoSansCjkSc) {
    auto names = fonts().fonts_for("zh", false);
    ASSERT_TRUE(names.has_value()) << names.error();
    EXPECT_NE(names->front().find("Noto Sans CJK SC"), std::string::npos) << names->front();
    auto bold = fonts().fonts_for("zh", true);
    ASSERT_TRUE(bold.has_value()) << bold.error();
    EXPECT_NE(bold->front().find("Bold"), std::string::npos) << bold->front();
}

TEST_F(TextTest, EnglishUsesALatinSansWithCjkFallback) {
    auto names = fonts().fonts_for("en", false);
    ASSERT_TRUE(names.has_value()) << names.error();
    EXPECT_EQ(names->front().find("CJK"), std::string::npos) << names->front();
    ASSERT_GE(names->size(), 2u);
    EXPECT_NE((*names)[1].find("Noto Sans CJK SC"), std::string::npos) << (*names)[1];
}

TEST_F(TextTest, ChineseParagraphWrapsWithinWidthWithoutPunctuationAtLineStart) {
    const int width = 300; // about ten ideographs at 28 px
    const text::Layout layout = layout_one(fonts(), k_chinese_paragraph, "zh", width);
    ASSERT_GE(layout.lines.size(), 8u);
    std::string joined;
    for (const text::Line& line : layout.lines) {
        const std::string s = test::line_text(layout, line);
        EXPECT_FALSE(s.empty());
        EXPECT_LE(line.width_px, float(width)) << s;
        const bool last = &line == &layout.lines.back();
        EXPECT_TRUE(last || line.width_px > width - 3 * 28.0f) << "line much shorter than needed: " << s;
        EXPECT_EQ(test::k_no_line_start.find(test::first_code_point(s)), std::u32string::npos) << s;
        EXPECT_EQ(test::k_no_line_end.find(test::last_code_point(s)), std::u32string::npos) << s;
        EXPECT_FALSE(line.glyphs.empty());
        joined += s;
    }
    EXPECT_EQ(joined, k_chinese_paragraph); // nothing lost or repeated
    EXPECT_EQ(layout.missing_glyphs, 0u);
}

TEST_F(TextTest, EnglishWrapsBetweenWords) {
    const std::string text = "The exhibition halls were restored in 2019 and now welcome visitors from all over "
                             "the world, with guided tours every weekend.";
    const int width = 260;
    const text::Layout layout = layout_one(fonts(), text, "en", width);
    ASSERT_GE(layout.lines.size(), 3u);
    for (const text::Line& line : layout.lines) {
        EXPECT_LE(line.width_px, float(width));
        EXPECT_TRUE(line.begin == 0 || text[line.begin - 1] == ' ')
            << "starts mid-word: " << test::line_text(layout, line);
        EXPECT_TRUE(line.end == text.size() || text[line.end] == ' ')
            << "ends mid-word: " << test::line_text(layout, line);
    }
}

TEST_F(TextTest, AWordWiderThanTheLineIsSplit) {
    const text::Layout layout = layout_one(fonts(), "Supercalifragilisticexpialidocious", "en", 120);
    ASSERT_GE(layout.lines.size(), 2u);
    for (const text::Line& line : layout.lines) {
        EXPECT_LE(line.width_px, 120.0f);
        EXPECT_FALSE(test::line_text(layout, line).empty());
    }
}

TEST_F(TextTest, LineFeedStartsAParagraph) {
    const text::Layout layout = layout_one(fonts(), "第一段\n第二段\n\nThird", "zh", 800);
    ASSERT_EQ(layout.lines.size(), 4u);
    EXPECT_EQ(test::line_text(layout, layout.lines[0]), "第一段");
    EXPECT_EQ(test::line_text(layout, layout.lines[1]), "第二段");
    EXPECT_EQ(test::line_text(layout, layout.lines[2]), "");
    EXPECT_EQ(test::line_text(layout, layout.lines[3]), "Third");
    for (size_t i = 1; i < layout.lines.size(); ++i)
        EXPECT_NEAR(layout.lines[i].baseline_y - layout.lines[i - 1].baseline_y, 28 * 1.3f, 1.0f);
}

TEST_F(TextTest, MixedChineseAndEnglishShapeWithRealGlyphs) {
    const std::string text = "服务成效 What the centre has done：展览 exhibitions、讲座 talks.";
    for (const std::string language : {"zh", "en"}) {
        const text::Layout layout = layout_one(fonts(), text, language, 2000);
        ASSERT_EQ(layout.lines.size(), 1u) << language;
        EXPECT_EQ(layout.missing_glyphs, 0u) << language;
        bool han = false, latin = false;
        for (const text::PositionedGlyph& g : layout.lines[0].glyphs) {
            EXPECT_NE(g.glyph_id, 0u) << language << ": .notdef at byte " << g.cluster;
            const char32_t c = test::first_code_point(text.substr(g.cluster));
            if (is_han(c)) {
                han = true;
                EXPECT_NE(fonts().font_name(g.font).find("CJK"), std::string::npos) << language;
            }
            if (c >= 'a' && c <= 'z') latin = true;
        }
        EXPECT_TRUE(han && latin) << language;
    }
}

TEST_F(TextTest, EnglishTextFallsBackToTheCjkFontForChinese) {
    const std::string text = "Hall 中文 Hall";
    const text::Layout layout = layout_one(fonts(), text, "en", 2000);
    ASSERT_EQ(layout.lines.size(), 1u);
    const auto primary = fonts().fonts_for("en", false);
    ASSERT_TRUE(primary.has_value());
    for (const text::PositionedGlyph& g : layout.lines[0].glyphs) {
        const bool han = is_han(test::first_code_point(text.substr(g.cluster)));
        if (han) {
            EXPECT_NE(fonts().font_name(g.font).find("CJK"), std::string::npos);
        } else if (text[g.cluster] == 'H') {
            EXPECT_EQ(fonts().font_name(g.font), primary->front());
        }
    }
}

TEST(TextFonts, MissingCjkFontNamesThePackage) {
    const std::filesystem::path dejavu = "/usr/share/fonts/truetype/dejavu";
    // fonts-dejavu-core is in tools/packages.txt: its absence is a broken install, not a reason to skip.
    ASSERT_TRUE(std::filesystem::exists(dejavu / "DejaVuSans.ttf")) << "fonts-dejavu-core is not installed";
    auto created = text::FontLibrary::create({dejavu});
    ASSERT_TRUE(created.has_value()) << created.error();
    text::FontLibrary& fonts = *created;

    auto zh = fonts.fonts_for("zh", false);
    ASSERT_FALSE(zh.has_value());
    EXPECT_NE(zh.error().find("fonts-noto-cjk"), std::string::npos) << zh.error();
    EXPECT_TRUE(fonts.fonts_for("en", false).has_value());

    text::Block block{"Welcome 欢迎", {}};
    text::LayoutOptions options;
    options.language = "en";
    auto image = text::render_text(fonts, std::span(&block, 1), options);
    ASSERT_FALSE(image.has_value());
    EXPECT_NE(image.error().find("fonts-noto-cjk"), std::string::npos) << image.error();
}

TEST(TextFonts, NoFontsAtAllIsAnErrorNotACrash) {
    const auto empty = std::filesystem::temp_directory_path() / ("vrex-no-fonts-" + std::to_string(::getpid()));
    std::filesystem::create_directories(empty);
    auto created = text::FontLibrary::create({empty});
    std::filesystem::remove_all(empty);
    // Either creating the library or asking it for a font fails, and the message says what to install.
    std::string error;
    if (!created) {
        error = created.error();
    } else {
        auto en = created->fonts_for("en", false);
        ASSERT_FALSE(en.has_value()) << "a font was found in an empty folder: " << en->front();
        error = en.error();
    }
    EXPECT_NE(error.find("install"), std::string::npos) << error;
}
