#include "tour/parse_context.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace vrex::tour::detail {
namespace {

// A parsed tour may hold at most this many scenes, hotspots, exhibits and texts together. Real tours have a few
// thousand; the limit only stops files whose aliases multiply the work.
constexpr std::size_t k_max_entries = 100000;
constexpr std::size_t k_max_quoted = 40;
constexpr std::size_t k_max_id_length = 200;

bool is_utf8_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

} // namespace

Context::Context(std::string file, std::string_view text) : m_file(std::move(file)), m_text(text) {
    m_line_starts.push_back(0);
    std::uint32_t continuations = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i % k_block == 0) m_continuations.push_back(continuations);
        if (i == text.size()) break;
        if (text[i] == '\n') m_line_starts.push_back(i + 1);
        if (is_utf8_continuation(text[i])) ++continuations;
    }
}

std::size_t Context::continuations_before(std::size_t byte) const {
    std::size_t n = m_continuations[byte / k_block];
    for (std::size_t i = byte / k_block * k_block; i < byte; ++i)
        if (is_utf8_continuation(m_text[i])) ++n;
    return n;
}

SourcePos Context::pos(const YAML::Mark& mark) {
    if (mark.is_null() || mark.line < 0 || mark.column < 0) return {};
    const auto line = static_cast<std::size_t>(mark.line);
    if (line >= m_line_starts.size()) return {mark.line + 1, mark.column + 1};
    // Columns count characters, yaml-cpp's count bytes: take away the UTF-8 continuation bytes before the mark.
    // Constant time (a count every k_block bytes): an alias-heavy file asks for places in one long line again and
    // again, out of order, and walking the line each time made such a file's load quadratic (libFuzzer: over 10 s).
    const std::size_t start = m_line_starts[line];
    const std::size_t end = std::min(start + static_cast<std::size_t>(mark.column), m_text.size());
    const std::size_t chars = (end - start) - (continuations_before(end) - continuations_before(start));
    return {mark.line + 1, static_cast<int>(chars) + 1};
}

void Context::add(Severity severity, SourcePos at, std::string path, std::string message) {
    m_diagnostics.push_back({severity, m_file, at.line, at.col, std::move(message), std::move(path)});
}

void Context::error(SourcePos at, std::string path, std::string message) {
    add(Severity::Error, at, std::move(path), std::move(message));
}

void Context::warning(SourcePos at, std::string path, std::string message) {
    add(Severity::Warning, at, std::move(path), std::move(message));
}

bool Context::has_errors() const {
    return std::any_of(m_diagnostics.begin(), m_diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::vector<Diagnostic> Context::take_diagnostics() {
    std::stable_sort(m_diagnostics.begin(), m_diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return a.line != b.line ? a.line < b.line : a.col < b.col;
    });
    return std::move(m_diagnostics);
}

bool Context::take_entry(SourcePos at) {
    if (++m_entries == k_max_entries + 1)
        error(at, "", "the tour has more than " + std::to_string(k_max_entries) + " entries; the rest is not read");
    return m_entries <= k_max_entries;
}

MapReader::MapReader(Context& ctx, const YAML::Node& map, std::string path,
                     std::initializer_list<std::string_view> known)
    : m_ctx(ctx), m_path(std::move(path)), m_pos(ctx.pos(map)) {
    for (auto it = map.begin(); it != map.end(); ++it) {
        const YAML::Node key = it->first;
        const SourcePos key_pos = ctx.pos(key);
        if (!key.IsScalar()) {
            ctx.error(key_pos, m_path, "a key must be a plain word, not " + std::string(describe(key)));
            continue;
        }
        const std::string& name = key.Scalar();
        const std::string child = m_path.empty() ? name : m_path + "." + name;
        if (const Entry* first = find(name)) {
            ctx.error(key_pos, child,
                      "key " + quote(name) + " appears twice (first at line " +
                          std::to_string(ctx.pos(first->key).line) + ")");
            continue;
        }
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string hint = did_you_mean(name, known);
            if (hint.empty()) {
                hint = "; known keys here:";
                for (std::string_view k : known) hint += " " + std::string(k);
            }
            ctx.error(key_pos, child, "unknown key " + quote(name) + hint);
            continue;
        }
        m_entries.push_back({key, it->second, child});
    }
}

const Entry* MapReader::find(std::string_view key) const {
    for (const Entry& e : m_entries)
        if (e.key.Scalar() == key) return &e;
    return nullptr;
}

void MapReader::missing(std::string_view key) {
    const std::string child = m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
    m_ctx.error(m_pos, child, "missing required key " + quote(key));
}

std::optional<std::string> MapReader::string(std::string_view key, bool required) {
    const Entry* e = find(key);
    if (!e) {
        if (required) missing(key);
        return std::nullopt;
    }
    return read_string(m_ctx, *e);
}

std::optional<std::string> MapReader::id(std::string_view key, bool required) {
    const Entry* e = find(key);
    if (!e) {
        if (required) missing(key);
        return std::nullopt;
    }
    std::optional<std::string> s = read_string(m_ctx, *e);
    if (!s) return std::nullopt;
    const bool bad_char =
        std::any_of(s->begin(), s->end(), [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; });
    if (s->empty() || bad_char || s->size() > k_max_id_length) {
        m_ctx.error(value_pos(m_ctx, *e), e->path,
                    "an id must be a non-empty word without spaces, at most " + std::to_string(k_max_id_length) +
                        " bytes: " + quote(*s));
        return std::nullopt;
    }
    return s;
}

std::optional<double> MapReader::number(std::string_view key, bool required) {
    const Entry* e = find(key);
    if (!e) {
        if (required) missing(key);
        return std::nullopt;
    }
    return read_number(m_ctx, *e);
}

std::string_view describe(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return "a map";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Scalar:
        return node.Tag() == "!" ? "a quoted string" : "a plain value";
    default:
        return "nothing";
    }
}

SourcePos value_pos(Context& ctx, const Entry& e) {
    // yaml-cpp places an empty value at the next token, often on the next line; the key is where the eye is.
    const bool empty = e.value.IsNull() || !e.value.IsDefined();
    return empty && !e.key.Mark().is_null() ? ctx.pos(e.key) : ctx.pos(e.value);
}

bool expect_map(Context& ctx, const Entry& e) {
    if (e.value.IsMap()) return true;
    ctx.error(value_pos(ctx, e), e.path, "expected a map, found " + std::string(describe(e.value)));
    return false;
}

bool expect_list(Context& ctx, const Entry& e) {
    if (e.value.IsSequence()) return true;
    ctx.error(value_pos(ctx, e), e.path, "expected a list, found " + std::string(describe(e.value)));
    return false;
}

std::optional<std::string> read_string(Context& ctx, const Entry& e) {
    if (e.value.IsScalar()) return e.value.Scalar();
    ctx.error(value_pos(ctx, e), e.path, "expected a string, found " + std::string(describe(e.value)));
    return std::nullopt;
}

std::optional<double> read_number(Context& ctx, const Entry& e) {
    if (!e.value.IsScalar()) {
        ctx.error(value_pos(ctx, e), e.path, "expected a number, found " + std::string(describe(e.value)));
        return std::nullopt;
    }
    double v = 0;
    const bool quoted = e.value.Tag() == "!";
    if (quoted || !YAML::convert<double>::decode(e.value, v)) {
        ctx.error(ctx.pos(e.value), e.path,
                  "expected a number, found " + quote(e.value.Scalar()) + (quoted ? " (remove the quotes)" : ""));
        return std::nullopt;
    }
    if (!std::isfinite(v)) {
        ctx.error(ctx.pos(e.value), e.path, "expected a finite number, found " + quote(e.value.Scalar()));
        return std::nullopt;
    }
    return v;
}

std::string quote(std::string_view value) {
    std::string r = "`";
    std::size_t n = std::min(value.size(), k_max_quoted);
    while (n < value.size() && n > 0 && is_utf8_continuation(value[n])) --n;
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        r += c < ' ' || c == 0x7f ? '?' : static_cast<char>(c);
    }
    if (n < value.size()) r += "…";
    return r + "`";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours cost 1 each.
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    constexpr std::size_t k_max_word = 64;
    constexpr std::size_t k_max_candidates = 1000; // beyond this a suggestion costs more than it helps
    if (word.empty() || word.size() > k_max_word || candidates.size() > k_max_candidates) return "";
    const std::string w = lower(word);
    const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 3));
    std::string_view best;
    std::size_t best_distance = limit + 1;
    for (std::string_view c : candidates) {
        if (c.size() > k_max_word) continue;
        const std::size_t dist = edit_distance(w, lower(c));
        if (dist < best_distance) {
            best_distance = dist;
            best = c;
        }
    }
    return best.empty() ? "" : " (did you mean `" + std::string(best) + "`?)";
}

std::string did_you_mean(std::string_view word, std::initializer_list<std::string_view> candidates) {
    return did_you_mean(word, std::vector<std::string_view>(candidates));
}

} // namespace vrex::tour::detail
