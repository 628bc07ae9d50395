// Reading descriptions with yaml-cpp: every error names the node's line and column; unknown keys are errors, so a
// typo never silently becomes a default.
#include "desc.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace vrex::roomgen {
namespace {

struct ParseError {
    YAML::Mark mark;
    std::string message;
};

[[noreturn]] void fail(const YAML::Node& node, const std::string& message) {
    throw ParseError{node.Mark(), message};
}

void check_keys(const YAML::Node& map, const std::set<std::string>& allowed) {
    if (!map.IsMap()) fail(map, "expected a map");
    for (const auto& kv : map) {
        const auto key = kv.first.as<std::string>();
        if (!allowed.count(key)) fail(kv.first, "unknown key `" + key + "`");
    }
}

float number(const YAML::Node& node) {
    if (!node.IsScalar()) fail(node, "expected a number");
    try {
        return node.as<float>();
    } catch (const YAML::Exception&) {
        fail(node, "expected a number, not `" + node.Scalar() + "`");
    }
}

float positive(const YAML::Node& node, float max) {
    const float v = number(node);
    if (!(v > 0.0f && v <= max)) fail(node, "expected a number in (0, " + std::to_string(int(max)) + "]");
    return v;
}

std::string string(const YAML::Node& node) {
    if (!node.IsScalar()) fail(node, "expected a string");
    return node.Scalar();
}

template <int N> glm::vec<N, float> vec(const YAML::Node& node, float max) {
    if (!node.IsSequence() || node.size() != N) fail(node, "expected a list of " + std::to_string(N) + " numbers");
    glm::vec<N, float> v;
    for (int i = 0; i < N; ++i) {
        v[i] = number(node[i]);
        if (!(std::abs(v[i]) <= max)) fail(node[i], "out of range (at most " + std::to_string(int(max)) + ")");
    }
    return v;
}

glm::vec3 colour(const YAML::Node& node) {
    const std::string s = string(node);
    char* end = nullptr;
    const unsigned long rgb = s.size() == 7 && s[0] == '#' ? std::strtoul(s.c_str() + 1, &end, 16) : 0;
    if (!end || *end != '\0') fail(node, "expected a colour like \"#c8102e\"");
    return glm::vec3((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255) / 255.0f;
}

Text text(const YAML::Node& node) {
    check_keys(node, {"zh", "en"});
    Text t;
    if (node["zh"]) t.zh = string(node["zh"]);
    if (node["en"]) t.en = string(node["en"]);
    if (t.zh.empty() || t.en.empty()) fail(node, "a text needs both zh and en");
    return t;
}

Wall wall(const YAML::Node& node) {
    const std::string s = string(node);
    if (s == "north") return Wall::north;
    if (s == "east") return Wall::east;
    if (s == "south") return Wall::south;
    if (s == "west") return Wall::west;
    fail(node, "expected north, east, south or west");
}

void lettering(const YAML::Node& node, Lettering& l) {
    if (node["title"]) l.title = text(node["title"]);
    if (const auto lines = node["lines"]) {
        if (!lines.IsSequence()) fail(lines, "expected a list of texts");
        for (const auto& line : lines) l.lines.push_back(text(line));
    }
    if (node["background"]) l.background = colour(node["background"]);
    if (node["ink"]) l.ink = colour(node["ink"]);
}

Opening opening(const YAML::Node& node, bool door) {
    check_keys(node, {"wall", "along", "width", "height", "sill", "colour", "label", "hotspot"});
    Opening o;
    o.door = door;
    if (!door) o.height = 1.6f, o.sill = 0.9f, o.width = 3.0f, o.colour = glm::vec3(0.95f);
    if (!node["wall"]) fail(node, "missing `wall`");
    o.wall = wall(node["wall"]);
    if (node["along"]) o.along = number(node["along"]);
    if (node["width"]) o.width = positive(node["width"], 50);
    if (node["height"]) o.height = positive(node["height"], 20);
    if (node["sill"]) o.sill = number(node["sill"]);
    if (node["colour"]) o.colour = colour(node["colour"]);
    if (node["label"]) o.label = text(node["label"]);
    if (node["hotspot"]) o.hotspot = string(node["hotspot"]);
    return o;
}

const std::set<std::string> k_item_kinds = {"counter", "shelf", "bench", "table",  "board",
                                            "screen",  "sign",  "box",   "pillar", "plant"};

Item item(const YAML::Node& node) {
    check_keys(node, {"kind", "wall", "along", "y", "at", "size", "facing", "colour", "title", "lines", "background",
                      "ink", "hotspot"});
    Item it;
    if (!node["kind"]) fail(node, "missing `kind`");
    it.kind = string(node["kind"]);
    if (!k_item_kinds.count(it.kind)) fail(node["kind"], "unknown kind `" + it.kind + "`");
    if (node["wall"]) it.on_wall = true, it.wall = wall(node["wall"]);
    if (node["along"]) it.along = number(node["along"]);
    if (node["y"]) it.y = number(node["y"]);
    if (node["at"]) {
        const glm::vec2 xz = vec<2>(node["at"], 100);
        it.at = glm::vec3(xz.x, 0.0f, xz.y);
    }
    if (node["size"]) it.size = vec<3>(node["size"], 100);
    if (node["facing"]) {
        const std::string f = string(node["facing"]);
        const std::string names[] = {"north", "east", "south", "west"};
        for (int i = 0; i < 4; ++i)
            if (f == names[i]) it.facing = i;
        if (it.facing < 0) fail(node["facing"], "expected north, east, south or west");
    }
    if (node["colour"]) it.colour = colour(node["colour"]);
    lettering(node, it.lettering);
    if (node["hotspot"]) it.hotspot = string(node["hotspot"]);
    return it;
}

Room room(const YAML::Node& node) {
    check_keys(node, {"size", "eye", "floor", "walls", "ceiling", "floor_tile", "lights", "doors", "windows", "items"});
    Room r;
    if (node["size"]) r.size = vec<3>(node["size"], 100);
    if (r.size.x <= 1 || r.size.y <= 2 || r.size.z <= 1) fail(node["size"], "a room is at least 1 x 2 x 1 m");
    if (node["eye"]) r.eye = vec<2>(node["eye"], 100);
    if (node["floor"]) r.floor = colour(node["floor"]);
    if (node["walls"]) r.walls = colour(node["walls"]);
    if (node["ceiling"]) r.ceiling = colour(node["ceiling"]);
    if (node["floor_tile"]) r.floor_tile = positive(node["floor_tile"], 10);
    if (node["lights"]) r.lights = glm::ivec2(vec<2>(node["lights"], 20));
    for (const char* key : {"doors", "windows"})
        if (const auto list = node[key]) {
            if (!list.IsSequence()) fail(list, "expected a list");
            for (const auto& o : list) r.openings.push_back(opening(o, key[0] == 'd'));
        }
    if (const auto list = node["items"]) {
        if (!list.IsSequence()) fail(list, "expected a list");
        for (const auto& i : list) r.items.push_back(item(i));
    }
    return r;
}

Part part(const YAML::Node& node) {
    check_keys(node, {"shape", "at", "size", "colour", "title", "lines", "background", "ink"});
    Part p;
    const std::string shape = node["shape"] ? string(node["shape"]) : "box";
    if (shape != "box" && shape != "cylinder") fail(node["shape"], "expected box or cylinder");
    p.cylinder = shape == "cylinder";
    if (node["at"]) p.at = vec<3>(node["at"], 100);
    if (node["size"]) p.size = vec<3>(node["size"], 100);
    if (node["colour"]) p.colour = colour(node["colour"]);
    lettering(node, p.lettering);
    return p;
}

Board board(const YAML::Node& node) {
    check_keys(node, {"name", "pixels", "title", "lines", "background", "ink"});
    Board b;
    if (!node["name"]) fail(node, "missing `name`");
    b.name = string(node["name"]);
    if (b.name.empty() || b.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        fail(node["name"], "a name is lower-case letters, digits and -");
    if (node["pixels"]) b.pixels = glm::ivec2(vec<2>(node["pixels"], 4096));
    if (b.pixels.x < 64 || b.pixels.y < 64) fail(node["pixels"], "a board is at least 64 x 64 pixels");
    lettering(node, b.lettering);
    return b;
}

Description description(const YAML::Node& doc) {
    check_keys(doc, {"room", "object", "boards"});
    if (doc.size() != 1) fail(doc, "a description holds one of room, object or boards");
    Description d;
    if (doc["room"]) {
        d.room = room(doc["room"]);
    } else if (const auto parts = doc["object"]) {
        d.kind = Description::Kind::object;
        check_keys(parts, {"parts"});
        if (!parts["parts"].IsSequence()) fail(parts, "expected `parts`, a list");
        for (const auto& p : parts["parts"]) d.parts.push_back(part(p));
    } else {
        d.kind = Description::Kind::boards;
        if (!doc["boards"].IsSequence()) fail(doc["boards"], "expected a list");
        for (const auto& b : doc["boards"]) d.boards.push_back(board(b));
    }
    return d;
}

std::string where(const std::string& name, const YAML::Mark& mark) {
    return name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) + ": ";
}

} // namespace

core::Expected<Description, std::string> parse_description(const std::string& text, const std::string& name) {
    try {
        return description(YAML::Load(text));
    } catch (const ParseError& e) {
        return core::unexpected(where(name, e.mark) + e.message);
    } catch (const YAML::Exception& e) {
        return core::unexpected(where(name, e.mark) + e.msg);
    }
}

core::Expected<Description, std::string> read_description(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::unexpected(path.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_description(text.str(), path.string());
}

} // namespace vrex::roomgen
