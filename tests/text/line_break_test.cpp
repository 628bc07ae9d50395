// Line filling over UAX #14 break opportunities, with synthetic advances so every expected line is exact.
#include <gtest/gtest.h>

#include <vector>

#include "text/line_break.hpp"
#include "text_fixture.hpp"

using namespace vrex;

namespace {

// One advance per code point (on its first byte) of `per_char` pixels.
struct Measured {
    std::vector<float> advance;
    std::vector<uint8_t> cluster_start;
};

Measured measure(const std::string& s, float per_char) {
    Measured m{std::vector<float>(s.size(), 0.0f), std::vector<uint8_t>(s.size(), 0)};
    for (size_t i = 0; i < s.size(); ++i)
        if ((uint8_t(s[i]) & 0xC0) != 0x80) m.advance[i] = per_char, m.cluster_start[i] = 1;
    return m;
}

std::vector<std::string> wrap(const std::string& s, float width, const std::string& language, float per_char = 10) {
    const Measured m = measure(s, per_char);
    std::vector<std::string> lines;
    for (const text::LineRange& r : text::break_lines(s, m.advance, m.cluster_start, width, language))
        lines.push_back(s.substr(r.begin, r.end - r.begin));
    return lines;
}

using Lines = std::vector<std::string>;

} // namespace

TEST(LineBreak, EnglishWrapsAtSpaces) {
    EXPECT_EQ(wrap("the quick brown fox jumps", 110, "en"), (Lines{"the quick", "brown fox", "jumps"}));
    // Exactly full lines fit; the space after a word does not count against the width.
    EXPECT_EQ(wrap("abcde fghij", 50, "en"), (Lines{"abcde", "fghij"}));
}

TEST(LineBreak, SplitsOnlyAWordLongerThanTheLine) {
    EXPECT_EQ(wrap("ab abcdefghijkl cd", 50, "en"), (Lines{"ab", "abcde", "fghij", "kl cd"}));
}

TEST(LineBreak, LineFeedForcesBreakAndBlankLinesStay) {
    EXPECT_EQ(wrap("one two\nthree", 1000, "en"), (Lines{"one two", "three"}));
    EXPECT_EQ(wrap("a\n\nb", 1000, "en"), (Lines{"a", "", "b"}));
    EXPECT_EQ(wrap("trailing\n", 1000, "en"), (Lines{"trailing"}));
    EXPECT_TRUE(wrap("", 1000, "en").empty());
}

TEST(LineBreak, ChineseBreaksBetweenIdeographs) {
    EXPECT_EQ(wrap("一二三四五六七八九十", 40, "zh"), (Lines{"一二三四", "五六七八", "九十"}));
}

TEST(LineBreak, ChinesePunctuationNeverStartsALine) {
    // Four ideographs fill a line, so the mark after the fourth would start line two if breaks were per character;
    // it must take the fourth ideograph with it instead.
    for (char32_t mark : test::k_no_line_start) {
        const std::string s = "一二三四" + test::utf8_of(mark) + "五六七八";
        const Lines lines = wrap(s, 40, "zh");
        ASSERT_GE(lines.size(), 2u);
        EXPECT_EQ(lines[0], "一二三") << "mark U+" << std::hex << uint32_t(mark);
        for (const std::string& line : lines) {
            EXPECT_FALSE(line.empty());
            EXPECT_EQ(test::k_no_line_start.find(test::first_code_point(line)), std::u32string::npos)
                << "a line starts with U+" << std::hex << uint32_t(test::first_code_point(line));
        }
    }
}

TEST(LineBreak, OpeningBracketsNeverEndALine) {
    const Lines lines = wrap("一二三（四五六）七八", 40, "zh");
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines[0], "一二三");
    EXPECT_EQ(test::first_code_point(lines[1]), U'（');
}
