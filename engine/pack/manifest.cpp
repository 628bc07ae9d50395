// The manifest (vrex-pack.json, docs/pack.md) and the rule for member names.
#include <set>

#include <nlohmann/json.hpp>

#include "pack/pack_detail.hpp"

namespace vrex::pack {

std::string check_member_name(std::string_view name, std::size_t max_bytes) {
    if (name.empty()) return "has an empty name";
    if (name.size() > max_bytes) return "has a name longer than " + std::to_string(max_bytes) + " bytes";
    if (name.front() == '/') return "is an absolute path";
    if (name.back() == '/') return "is a folder entry (a pack holds files only)";
    for (const char c : name) {
        if (c == '\\') return "has a backslash in its name (members are '/'-separated)";
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "has a control character in its name";
    }
    if (name.size() >= 2 && name[1] == ':') return "is an absolute path (a drive letter)";
    for (std::size_t start = 0; start <= name.size();) {
        std::size_t end = name.find('/', start);
        if (end == std::string_view::npos) end = name.size();
        const std::string_view part = name.substr(start, end - start);
        if (part.empty()) return "has an empty path component ('//')";
        if (part == "..") return "has a '..' component";
        if (part == ".") return "has a '.' component";
        start = end + 1;
    }
    return {};
}

namespace detail {

namespace {
using nlohmann::json;

bool is_sha256_hex(const std::string& s) {
    if (s.size() != 64) return false;
    for (const char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// One entry of "members"; "" when fine.
std::string parse_member(const json& j, const PackLimits& limits, ManifestMember& out) {
    if (!j.is_object()) return "a member is not an object";
    const auto name = j.find("name");
    const auto size = j.find("size");
    const auto sha = j.find("sha256");
    if (name == j.end() || !name->is_string()) return "a member has no \"name\" string";
    out.name = name->get<std::string>();
    if (out.name == k_manifest_name) return "the manifest lists itself";
    if (std::string why = check_member_name(out.name, limits.max_name_bytes); !why.empty())
        return "member \"" + out.name + "\" " + why;
    if (size == j.end() || !size->is_number_unsigned()) return "member \"" + out.name + "\" has no \"size\"";
    out.size = size->get<uint64_t>();
    if (sha == j.end() || !sha->is_string() || !is_sha256_hex(sha->get<std::string>()))
        return "member \"" + out.name + "\" has no \"sha256\" of 64 lowercase hex digits";
    out.sha256 = sha->get<std::string>();
    return {};
}

} // namespace

core::Expected<Manifest, std::string> parse_manifest(std::string_view text, const std::string& pack,
                                                     const PackLimits& limits) {
    const std::string where = pack + ": " + k_manifest_name + ": ";
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        return core::unexpected(where + "not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object()) return core::unexpected(where + "not a JSON object");
    const auto format = j.find("format");
    if (format == j.end() || !format->is_string() || format->get<std::string>() != k_format)
        return core::unexpected(where + "\"format\" is not \"" + k_format + "\"");
    const auto version = j.find("version");
    if (version == j.end() || !version->is_number_integer() || version->get<int64_t>() != k_format_version)
        return core::unexpected(where + "\"version\" is not " + std::to_string(k_format_version) +
                                " (made by a newer vrex?)");
    Manifest m;
    const auto tour = j.find("tour");
    if (tour == j.end() || !tour->is_string()) return core::unexpected(where + "no \"tour\" string");
    m.tour = tour->get<std::string>();
    const auto members = j.find("members");
    if (members == j.end() || !members->is_array()) return core::unexpected(where + "no \"members\" array");
    if (members->size() > limits.max_members)
        return core::unexpected(where + std::to_string(members->size()) + " members, more than the limit of " +
                                std::to_string(limits.max_members));
    std::set<std::string> names;
    for (const json& entry : *members) {
        ManifestMember member;
        if (std::string why = parse_member(entry, limits, member); !why.empty()) return core::unexpected(where + why);
        if (!names.insert(member.name).second)
            return core::unexpected(where + "member \"" + member.name + "\" is listed twice");
        m.members.push_back(std::move(member));
    }
    if (!names.contains(m.tour))
        return core::unexpected(where + "the tour \"" + m.tour + "\" is not one of the members");
    return m;
}

std::string manifest_json(const Manifest& manifest) {
    json members = json::array();
    for (const ManifestMember& m : manifest.members)
        members.push_back({{"name", m.name}, {"size", m.size}, {"sha256", m.sha256}});
    const json j = {
        {"format", k_format}, {"version", k_format_version}, {"tour", manifest.tour}, {"members", std::move(members)}};
    return j.dump(2) + "\n";
}

std::string member_error(const std::string& pack, std::string_view name, const std::string& why) {
    return pack + ": member \"" + std::string(name) + "\": " + why;
}

} // namespace detail
} // namespace vrex::pack
