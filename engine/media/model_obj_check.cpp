// OBJ vertex references, checked before Assimp: its OBJ reader (5.2.5) throws on a face that names a vertex past the
// end, and leaks the mesh it was building when it does. The check reads the file as Assimp's reader does, so that it
// refuses what Assimp would refuse, and nothing else (counting more vertices would let the leak through, counting
// fewer would refuse good files); tests/fuzz's corpus was run through both to compare:
// - lines end at '\n', '\r', '\0' or '\f'; a '\\' before a line end drops the rest up to the next '\n';
// - a line is a statement by its first character, with no leading blanks: "v" + blank is a vertex when it has 3, 4
//   or 6 numeric fields; any line starting with 'f', 'l' or 'p' lists vertices after its first word;
// - vertex references are 1-based, negative ones count back from the vertices read so far; positive ones are
//   checked against all the file's vertices.
#include <cctype>
#include <cstdlib>

#include "media/model_detail.hpp"

namespace vrex::media::detail {
namespace {

bool blank(char c) {
    return c == ' ' || c == '\t';
}

bool line_end(char c) {
    return c == '\n' || c == '\r' || c == '\0' || c == '\f';
}

// Logical lines as Assimp's IOStreamBuffer cuts them: at each '\n', '\r', '\0' or '\f' (so CR LF leaves an empty
// line between); a '\\' before a line end drops everything up to and with the next '\n'. `number` counts '\n's,
// for messages.
class ObjLines {
public:
    explicit ObjLines(std::string_view text) : m_text(text) {} // a UTF-8 BOM stays: Assimp 5.2.5 keeps it too

    bool next(std::string& line) {
        line.clear();
        if (m_at >= m_text.size()) return false;
        m_line_number = m_newlines + 1;
        while (m_at < m_text.size() && !line_end(m_text[m_at])) {
            if (m_text[m_at] == '\\' && m_at + 1 < m_text.size() && line_end(m_text[m_at + 1])) {
                const size_t nl = m_text.find('\n', m_at);
                m_newlines += nl == std::string_view::npos ? 0 : 1;
                m_at = nl == std::string_view::npos ? m_text.size() : nl + 1;
                continue;
            }
            line += m_text[m_at++];
        }
        if (m_at < m_text.size() && m_text[m_at] == '\n') ++m_newlines;
        ++m_at;
        return true;
    }
    size_t number() const { return m_line_number; }

private:
    std::string_view m_text;
    size_t m_at = 0;
    size_t m_newlines = 0;
    size_t m_line_number = 0;
};

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

// A "v" statement Assimp reads as a vertex: 3, 4 or 6 fields that start like numbers, up to a field starting '#'.
bool is_vertex(std::string_view line) {
    if (line.size() < 2 || line[0] != 'v' || !blank(line[1])) return false;
    size_t fields = 0;
    for (std::string_view s = line.substr(2); !s.empty();) {
        while (!s.empty() && blank(s.front())) s.remove_prefix(1);
        if (s.empty() || s.front() == '#') break;
        const char c = s.front();
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || starts_with_nocase(s, "nan") ||
            starts_with_nocase(s, "inf"))
            ++fields;
        s.remove_prefix(std::min(s.find_first_of(" \t"), s.size()));
    }
    return fields == 3 || fields == 4 || fields == 6;
}

// The first vertex reference of a face, line or point statement outside the vertices, as text; read character by
// character as Assimp does: after the first word, '/' moves to the next slot, a blank back to the vertex slot, and
// anything else is read with atoi and skipped by as many characters as the value has digits (and sign). A 0 makes
// Assimp refuse the file without a leak: nothing to check then.
std::string bad_reference(const std::string& line, uint64_t so_far, uint64_t total) {
    size_t at = std::min(line.find_first_of(" \t"), line.size());
    at = std::min(line.find_first_not_of(" \t", at), line.size());
    for (int slot = 0; at < line.size();) {
        const char c = line[at];
        if (c == '#') break;
        size_t step = 1;
        if (c == '/') {
            ++slot;
        } else if (blank(c) || c == '\v') {
            slot = 0;
        } else {
            const int v = static_cast<int>(std::strtol(line.c_str() + at, nullptr, 10)); // glibc's atoi
            if (v == 0) return {};
            step += v < 0 ? 1 : 0;
            for (int t = v / 10; t != 0; t /= 10) ++step;
            if (slot == 0 && v > 0 && uint64_t(v) > total)
                return "vertex " + std::to_string(v) + " of " + std::to_string(total);
            if (slot == 0 && v < 0 && uint64_t(-int64_t(v)) > so_far)
                return "vertex " + std::to_string(v) + " with " + std::to_string(so_far) + " before it";
        }
        at += step;
    }
    return {};
}

} // namespace

std::string check_obj_indices(std::string_view obj, const std::string& name) {
    uint64_t total = 0;
    std::string line;
    for (ObjLines lines(obj); lines.next(line);) total += is_vertex(line) ? 1 : 0;
    uint64_t so_far = 0;
    for (ObjLines lines(obj); lines.next(line);) {
        if (is_vertex(line)) ++so_far;
        if (line.empty() || (line[0] != 'f' && line[0] != 'l' && line[0] != 'p')) continue;
        if (std::string bad = bad_reference(line, so_far, total); !bad.empty())
            return name + ": corrupt OBJ (line " + std::to_string(lines.number()) + " names " + bad + ")";
    }
    return {};
}

} // namespace vrex::media::detail
