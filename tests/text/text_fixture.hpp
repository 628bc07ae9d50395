#pragma once
// Shared by the text tests: one FontLibrary over the system fonts, and helpers to read layouts.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "text/text.hpp"
#include "text/utf8.hpp"

namespace vrex::test {

// The font library is made once per program, but a failure to make it fails each test in SetUp. (An assertion in
// SetUpTestSuite would turn every test of the suite into "skipped" instead.)
class TextTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto created = text::FontLibrary::create();
        if (created)
            s_fonts = std::make_unique<text::FontLibrary>(std::move(*created));
        else
            s_error = created.error();
    }
    static void TearDownTestSuite() { s_fonts.reset(); }
    void SetUp() override { ASSERT_TRUE(s_fonts) << "no fonts: " << s_error; }
    static text::FontLibrary& fonts() { return *s_fonts; }

    static inline std::unique_ptr<text::FontLibrary> s_fonts;
    static inline std::string s_error;
};

inline std::string line_text(const text::Layout& layout, const text::Line& line) {
    return layout.texts[line.block].substr(line.begin, line.end - line.begin);
}

inline std::string utf8_of(char32_t c) {
    std::string s;
    if (c < 0x80) return s += char(c), s;
    if (c < 0x800) return s += char(0xC0 | (c >> 6)), s += char(0x80 | (c & 0x3F)), s;
    if (c < 0x10000)
        s += char(0xE0 | (c >> 12));
    else
        s += char(0xF0 | (c >> 18)), s += char(0x80 | ((c >> 12) & 0x3F));
    return s += char(0x80 | ((c >> 6) & 0x3F)), s += char(0x80 | (c & 0x3F)), s;
}

inline char32_t first_code_point(const std::string& utf8) {
    size_t pos = 0;
    return utf8.empty() ? 0 : text::next_code_point(utf8, pos);
}

inline char32_t last_code_point(const std::string& utf8) {
    size_t start = utf8.size();
    while (start > 0 && (uint8_t(utf8[start - 1]) & 0xC0) == 0x80) --start;
    if (start > 0) --start;
    return first_code_point(utf8.substr(start));
}

// Punctuation that Chinese typography (and UAX #14) never puts at the start of a line.
inline const std::u32string k_no_line_start = U"，。、；：！？）」』”》】";
// ... and never at the end of one.
inline const std::u32string k_no_line_end = U"（「『“《【";

} // namespace vrex::test
