// OBJ vertex references, checked before Assimp: its OBJ reader (5.2.5) throws on a face that names a vertex past the
// end, and leaks the mesh it was building when it does. The check reads the statements as Assimp does ("f", "l", "p"
// as a line's first character; 1-based indices, negative ones counting back from the last vertex so far) and counts
// vertices generously (indented "v" lines too), so that it never refuses what Assimp would read.
#include <charconv>

#include "media/model_detail.hpp"

namespace vrex::media::detail {
namespace {

bool blank(char c) {
    return c == ' ' || c == '\t';
}

// The leading integer of a "v/vt/vn" token, as atoi reads it; nullopt for a token that does not start with one.
std::optional<int64_t> leading_int(std::string_view token) {
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (ec != std::errc() || end == token.data()) return std::nullopt;
    return v;
}

uint64_t count_vertices(std::string_view obj) {
    uint64_t n = 0;
    for (size_t at = 0; at < obj.size();) {
        size_t end = obj.find('\n', at);
        if (end == std::string_view::npos) end = obj.size();
        std::string_view line = obj.substr(at, end - at);
        while (!line.empty() && blank(line.front())) line.remove_prefix(1);
        if (line.size() >= 2 && line[0] == 'v' && blank(line[1])) ++n;
        at = end + 1;
    }
    return n;
}

// The first vertex reference of `refs` (the statement's tokens) outside 1..total or -so_far..-1, as text.
std::string bad_reference(std::string_view refs, uint64_t so_far, uint64_t total) {
    while (!refs.empty()) {
        while (!refs.empty() && blank(refs.front())) refs.remove_prefix(1);
        const size_t len = std::min(refs.find_first_of(" \t"), refs.size());
        const std::optional<int64_t> i = leading_int(refs.substr(0, len));
        refs.remove_prefix(len);
        if (!i || *i == 0) continue; // Assimp refuses these itself, without a leak
        if (*i > 0 && uint64_t(*i) > total) return "vertex " + std::to_string(*i) + " of " + std::to_string(total);
        if (*i < 0 && (*i == INT64_MIN || uint64_t(-*i) > so_far))
            return "vertex " + std::to_string(*i) + " with " + std::to_string(so_far) + " before it";
    }
    return {};
}

} // namespace

std::string check_obj_indices(std::string_view obj, const std::string& name) {
    const uint64_t total = count_vertices(obj);
    uint64_t so_far = 0, line_no = 0;
    for (size_t at = 0; at < obj.size();) {
        size_t end = obj.find('\n', at);
        if (end == std::string_view::npos) end = obj.size();
        std::string_view line = obj.substr(at, end - at);
        at = end + 1;
        ++line_no;
        if (line.size() < 2 || !blank(line[1])) {
            so_far += count_vertices(line); // an indented "v": Assimp skips it, counting it is generous
            continue;
        }
        if (line[0] == 'v') ++so_far;
        if (line[0] != 'f' && line[0] != 'l' && line[0] != 'p') continue; // an indented "f" too: Assimp skips it
        if (std::string bad = bad_reference(line.substr(2), so_far, total); !bad.empty())
            return name + ": corrupt OBJ (line " + std::to_string(line_no) + " names " + bad + ")";
    }
    return {};
}

} // namespace vrex::media::detail
