// Better places and words for yaml-cpp's syntax errors. yaml-cpp notices an unclosed `{` or `[` only where the
// text runs out, often lines later; curators need the bracket that was never closed.
#include <cctype>
#include <vector>

#include "tour/parse.hpp"

namespace vrex::tour::detail {
namespace {

// Offsets of the flow brackets still open at the end of the text, outermost first. A light scan that knows
// comments and quoted strings, and takes `[`/`{` as brackets only where a value may start.
std::vector<std::size_t> unclosed_brackets(std::string_view text) {
    std::vector<std::size_t> open;
    char quote = 0;
    char prev = '\n'; // last non-blank character, '\n' at the start of a line
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (quote == '"' && c == '\\')
                ++i;
            else if (c == quote && quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'')
                ++i;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1])))) {
            while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
            continue;
        }
        if (c == '\n') prev = '\n';
        if (std::isspace(static_cast<unsigned char>(c))) continue;
        const bool value_start =
            prev == '\n' || prev == ':' || prev == '-' || prev == '?' || prev == ',' || prev == '[' || prev == '{';
        if (value_start && (c == '"' || c == '\''))
            quote = c;
        else if (value_start && (c == '[' || c == '{'))
            open.push_back(i);
        else if (!open.empty() && (c == ']' || c == '}'))
            open.pop_back();
        prev = c;
    }
    return open;
}

YAML::Mark mark_at(std::string_view text, std::size_t offset) {
    YAML::Mark m;
    m.pos = static_cast<int>(offset);
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++m.line;
            m.column = 0;
        } else {
            ++m.column;
        }
    }
    return m;
}

bool line_indented_with_tab(std::string_view text, const YAML::Mark& mark) {
    if (mark.is_null() || mark.pos < 0 || static_cast<std::size_t>(mark.pos) > text.size()) return false;
    std::size_t start = text.rfind('\n', mark.pos > 0 ? mark.pos - 1 : 0);
    start = start == std::string_view::npos || mark.line == 0 ? 0 : start + 1;
    for (std::size_t i = start; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i)
        if (text[i] == '\t') return true;
    return false;
}

} // namespace

SyntaxError explain_syntax_error(std::string_view text, const YAML::Exception& e) {
    SyntaxError r{e.mark, "YAML syntax error: " + e.msg};
    const bool map = e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW;
    if (map || e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW) {
        const char wanted = map ? '{' : '[';
        for (std::size_t offset : unclosed_brackets(text)) {
            if (text[offset] != wanted) continue;
            r.mark = mark_at(text, offset);
            r.message = map ? "YAML syntax error: this `{` is never closed with `}`"
                            : "YAML syntax error: this `[` is never closed with `]`";
            return r;
        }
    }
    if (line_indented_with_tab(text, e.mark)) r.message += " (YAML indents with spaces; this line has a tab)";
    return r;
}

} // namespace vrex::tour::detail
