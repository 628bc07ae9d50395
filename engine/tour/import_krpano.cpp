// krpano tour.xml (docs/import/krpano.md): <scene>, <view hlookat vlookat fov>, <image> with <sphere> or <cube>,
// and <hotspot ath atv> with `linkedscene` or loadscene(...) in `onclick`. krpano's ath/hlookat are degrees
// positive right, its atv/vlookat degrees positive DOWN. What is not carried over is a warning at its line.
#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "tour/import_detail.hpp"

namespace vrex::tour::import_detail {
namespace {

constexpr double k_assumed_aspect = 16.0 / 9.0;
// krpano's cube faces are named l f r b u d; vrex's order is front, right, back, left, up, down.
constexpr const char* k_faces[6] = {"f", "r", "b", "l", "u", "d"};
constexpr const char* k_face_elements[6] = {"front", "right", "back", "left", "up", "down"};

class Lines {
public:
    explicit Lines(std::string_view text) {
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') m_breaks.push_back(i);
    }
    int line(const pugi::xml_node& node) const {
        const std::ptrdiff_t at = node.offset_debug();
        if (at < 0) return 0;
        return int(std::upper_bound(m_breaks.begin(), m_breaks.end(), std::size_t(at)) - m_breaks.begin()) + 1;
    }

    At at(std::ptrdiff_t offset) const {
        if (offset < 0) return At();
        const auto it = std::upper_bound(m_breaks.begin(), m_breaks.end(), std::size_t(offset));
        const std::size_t line_start = it == m_breaks.begin() ? 0 : *(it - 1) + 1;
        return At(int(it - m_breaks.begin()) + 1, int(std::size_t(offset) - line_start) + 1);
    }
    // The place of an element's `<`: pugixml's offset points at its name.
    At at(const pugi::xml_node& node) const { return at(node.offset_debug() - 1); }

private:
    std::vector<std::size_t> m_breaks;
};

std::optional<double> attr_number(const pugi::xml_node& node, const char* name) {
    const pugi::xml_attribute a = node.attribute(name);
    if (!a) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(a.value(), &end);
    if (end == a.value() || *end != '\0' || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

// The scene named by the first loadscene(...) of an action, "" when there is none.
std::string loadscene_target(std::string_view action) {
    const std::size_t at = action.find("loadscene(");
    if (at == std::string_view::npos) return "";
    std::size_t b = at + std::strlen("loadscene(");
    std::size_t e = b;
    while (e < action.size() && action[e] != ',' && action[e] != ')') ++e;
    std::string name(action.substr(b, e - b));
    name.erase(std::remove_if(name.begin(), name.end(), [](char c) { return c == ' ' || c == '\'' || c == '"'; }),
               name.end());
    return name;
}

void image(const pugi::xml_node& scene, ImportedScene& s, const Lines& lines, Sink& sink) {
    const pugi::xml_node img = scene.child("image");
    if (!img) {
        sink.error(lines.at(scene), "scene `" + s.id + "` has no <image>");
        return;
    }
    if (const pugi::xml_node sphere = img.child("sphere")) {
        s.image = sphere.attribute("url").value();
        if (sphere.attribute("multires"))
            sink.error(lines.at(sphere), "scene `" + s.id + "`: a multires sphere is not carried over yet");
    } else if (const pugi::xml_node cube = img.child("cube")) {
        const std::string url = cube.attribute("url").value();
        if (cube.attribute("multires")) {
            s.tiles.layout = "krpano";
            s.tiles.pattern = url;
            s.tiles.multires = cube.attribute("multires").value();
            s.tiles.preview = scene.child("preview").attribute("url").value();
            return;
        }
        for (const char* f : k_faces) s.cube.push_back(replace_all(url, "%s", f));
    } else if (img.child("front")) {
        for (const char* e : k_face_elements) s.cube.push_back(img.child(e).attribute("url").value());
    } else {
        sink.error(lines.at(img), "scene `" + s.id + "`: no <sphere> or <cube> image vrex reads");
    }
    if (auto v = attr_number(img, "hfov")) s.haov = std::clamp(*v, 1.0, 360.0);
    if (auto v = attr_number(img, "vfov")) s.vaov = std::clamp(*v, 1.0, 180.0);
    if (auto v = attr_number(img, "voffset")) s.voffset = -*v;
}

void view(const pugi::xml_node& v, ImportedScene& s, const Lines& lines, Sink& sink) {
    if (!v) return;
    if (auto h = attr_number(v, "hlookat")) s.yaw = *h;
    if (auto a = attr_number(v, "vlookat")) s.pitch = std::clamp(-*a, -90.0, 90.0);
    auto fov = attr_number(v, "fov");
    if (!fov) return;
    const std::string type = v.attribute("fovtype") ? v.attribute("fovtype").value() : "MFOV";
    if (type == "VFOV")
        *fov = 2 * std::atan(std::tan(*fov / 2 / k_deg_per_rad) * k_assumed_aspect) * k_deg_per_rad;
    else if (type != "HFOV" && type != "MFOV")
        sink.warning(lines.at(v), "fovtype " + type + " is taken as a horizontal field of view");
    s.hfov = std::clamp(*fov, 10.0, 170.0);
}

void hotspot(const pugi::xml_node& h, ImportedScene& s, const Lines& lines, Sink& sink) {
    ImportedHotspot out;
    out.line = lines.line(h);
    const std::string name = h.attribute("name").value();
    if (h.child("point")) {
        sink.warning(lines.at(h), "polygonal hotspot `" + name + "` is not carried over");
        return;
    }
    out.yaw = attr_number(h, "ath").value_or(0);
    out.pitch = std::clamp(-attr_number(h, "atv").value_or(0), -90.0, 90.0);
    out.label = h.attribute("tooltip").value();
    const std::string onclick = h.attribute("onclick").value();
    out.target = h.attribute("linkedscene").value();
    if (out.target.empty()) out.target = loadscene_target(onclick);
    if (out.target.empty()) {
        out.link = false;
        out.title = out.label.empty() ? name : out.label;
        out.label.clear();
        if (!onclick.empty())
            sink.warning(lines.at(h), "hotspot `" + name + "`: the action `" + onclick +
                                          "` is not carried over; "
                                          "it becomes an info hotspot");
    }
    s.hotspots.push_back(std::move(out));
}

ImportedScene scene(const pugi::xml_node& node, const Lines& lines, Sink& sink) {
    ImportedScene s;
    s.line = lines.line(node);
    s.id = node.attribute("name").value();
    s.title = node.attribute("title").value();
    // krpano's scene `heading` is the compass heading of the panorama's centre; vrex's north is north's yaw.
    if (auto v = attr_number(node, "heading")) s.north = -*v;
    image(node, s, lines, sink);
    view(node.child("view"), s, lines, sink);
    for (const pugi::xml_node& child : node.children()) {
        if (!sink.take()) break;
        const std::string tag = child.name();
        if (tag == "hotspot")
            hotspot(child, s, lines, sink);
        else if (tag != "view" && tag != "image" && tag != "preview" && !tag.empty())
            sink.warning(lines.at(child), "scene `" + s.id + "`: <" + tag + "> is not carried over");
    }
    if (node.attribute("onstart") && std::strlen(node.attribute("onstart").value()) > 0)
        sink.warning(lines.at(node), "scene `" + s.id + "`: the onstart action is not carried over");
    return s;
}

} // namespace

void parse_krpano(std::string_view text, ImportedTour& tour, Sink& sink) {
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
    const Lines lines(text);
    if (!parsed) {
        sink.error(lines.at(std::min<std::ptrdiff_t>(parsed.offset, std::ptrdiff_t(text.size()))),
                   std::string("cannot read the XML: ") + parsed.description());
        return;
    }
    const pugi::xml_node root = doc.child("krpano");
    if (!root) {
        sink.error(1, "no <krpano> element");
        return;
    }
    tour.title = root.attribute("title").value();
    for (const pugi::xml_node& child : root.children()) {
        if (!sink.take()) return;
        const std::string tag = child.name();
        if (tag == "scene")
            tour.scenes.push_back(scene(child, lines, sink));
        else if (tag == "action" && std::string(child.attribute("name").value()) == "startup")
            continue;
        else if (tag == "plugin" || tag == "layer" || tag == "action" || tag == "events")
            sink.warning(lines.at(child),
                         "<" + tag + " name=\"" + child.attribute("name").value() + "\"> is not carried over");
    }
    if (!tour.scenes.empty()) tour.start = tour.scenes.front().id;
}

} // namespace vrex::tour::import_detail
