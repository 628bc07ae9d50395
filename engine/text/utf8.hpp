#pragma once
// UTF-8 repair and decoding for text layout.
#include <string>
#include <string_view>

namespace vrex::text {

struct RepairedText {
    std::string utf8;
    size_t replaced = 0; // invalid sequences replaced by U+FFFD
};

// Makes any bytes valid, layout-ready UTF-8: each maximal invalid subsequence (Unicode's "best practice", as
// browsers do) becomes U+FFFD; "\r\n" and a lone "\r" become "\n"; a tab becomes a space; other C0 controls, DEL
// and NUL are dropped.
RepairedText repair_utf8(std::string_view bytes);

// Decodes the code point at `pos` of valid UTF-8 and moves `pos` past it.
char32_t next_code_point(std::string_view utf8, size_t& pos);

} // namespace vrex::text
