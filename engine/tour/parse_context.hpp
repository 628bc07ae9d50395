#pragma once
// Internal to the tour module: what the parser shares while it walks a yaml-cpp document. Every problem
// becomes a diagnostic here; nothing throws.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tour/diagnostic.hpp"
#include "tour/tour.hpp"

namespace vrex::tour::detail {

// Collects diagnostics and turns yaml-cpp marks (0-based line, byte column) into SourcePos.
class Context {
public:
    // `text` is the whole file (without a byte-order mark) and must outlive the context.
    Context(std::string file, std::string_view text);

    SourcePos pos(const YAML::Mark& mark);
    SourcePos pos(const YAML::Node& node) { return pos(node.Mark()); }

    void error(SourcePos at, std::string path, std::string message);
    void warning(SourcePos at, std::string path, std::string message);
    bool has_errors() const;
    // All diagnostics, sorted by position (stable, so same-place diagnostics keep their order).
    std::vector<Diagnostic> take_diagnostics();

    // Counts a parsed entry (scene, hotspot, exhibit, text). False once the tour is absurdly large, which
    // bounds the work an alias-heavy file can cause; the first refusal is reported at `at`.
    bool take_entry(SourcePos at);

    std::vector<std::string> languages; // tour.languages, once read

private:
    void add(Severity severity, SourcePos at, std::string path, std::string message);

    std::string m_file;
    std::string_view m_text;
    std::vector<std::size_t> m_line_starts;
    std::vector<Diagnostic> m_diagnostics;
    std::size_t m_entries = 0;
    // For pos(): the UTF-8 continuation bytes before every k_block-th byte of the text.
    static constexpr std::size_t k_block = 64;
    std::vector<std::uint32_t> m_continuations;
    std::size_t continuations_before(std::size_t byte) const;
};

// One key/value pair of a YAML map.
struct Entry {
    YAML::Node key;
    YAML::Node value;
    std::string path; // field path of the value, e.g. "scenes[0].view"
};

// Reads one YAML map. Unknown keys (with a "did you mean" suggestion) and repeated keys are reported when it is
// made; the typed readers report wrong types and missing required keys.
class MapReader {
public:
    MapReader(Context& ctx, const YAML::Node& map, std::string path, std::initializer_list<std::string_view> known);

    const Entry* find(std::string_view key) const;
    SourcePos pos() const { return m_pos; }
    const std::string& path() const { return m_path; }
    Context& ctx() { return m_ctx; }

    // Each returns nullopt after reporting when the key is missing (if required) or its value is unusable.
    std::optional<std::string> string(std::string_view key, bool required);
    std::optional<std::string> id(std::string_view key, bool required);
    std::optional<double> number(std::string_view key, bool required);

    // Reports "missing `key`" at the map.
    void missing(std::string_view key);

private:
    Context& m_ctx;
    std::string m_path;
    SourcePos m_pos;
    std::vector<Entry> m_entries;
};

// Short names for messages: "a map", "a list", "a string", "nothing".
std::string_view describe(const YAML::Node& node);

// Where to report a problem with an entry's value: the value itself, or the key when the value is empty.
SourcePos value_pos(Context& ctx, const Entry& e);

// Checks the value is a map / a list; reports "expected a map, found a string" otherwise.
bool expect_map(Context& ctx, const Entry& e);
bool expect_list(Context& ctx, const Entry& e);

std::optional<std::string> read_string(Context& ctx, const Entry& e);
std::optional<double> read_number(Context& ctx, const Entry& e);

// Quotes a user value for a message: `value`, shortened when long.
std::string quote(std::string_view value);

// " (did you mean `x`?)" for the candidate closest to `word` by edit distance, or "" when none is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);
std::string did_you_mean(std::string_view word, std::initializer_list<std::string_view> candidates);

std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace vrex::tour::detail
