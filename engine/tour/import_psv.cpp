// Photo Sphere Viewer's virtual-tour plugin `nodes` as JSON (docs/import/psv.md): nodes with `links` and
// `markers`. Angles are radians as numbers or strings ending in "deg" or "rad"; yaw 0 is the image's centre,
// positive yaw right, pitch up (as vrex). Texture positions need the image's size, taken from `panoData`.
#include <cmath>

#include "tour/import_detail.hpp"

namespace vrex::tour::import_detail {
namespace {

// An angle in degrees from a number (radians) or "12deg" / "0.3rad".
std::optional<double> angle(const YAML::Node& node) {
    if (auto v = number(node)) return *v * k_deg_per_rad;
    std::string s = text(node);
    double scale = k_deg_per_rad;
    for (const auto& [suffix, factor] : {std::pair<const char*, double>{"deg", 1.0}, {"rad", k_deg_per_rad}})
        if (s.size() > std::strlen(suffix) &&
            s.compare(s.size() - std::strlen(suffix), std::string::npos, suffix) == 0) {
            s.resize(s.size() - std::strlen(suffix));
            scale = factor;
            break;
        }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v * scale;
}

struct PanoSize {
    double full_width = 0, full_height = 0, cropped_x = 0, cropped_y = 0;
};

// A link's or marker's place: {yaw, pitch}, {textureX, textureY} (with the panorama's size) or v4's
// longitude/latitude. False when it has none vrex can use.
bool position(const YAML::Node& item, const PanoSize& size, ImportedHotspot& h) {
    const YAML::Node p = is_map(item["position"]) ? item["position"] : item;
    auto yaw = angle(child(p, "yaw")), pitch = angle(child(p, "pitch"));
    if (!yaw) yaw = angle(child(p, "longitude")), pitch = angle(child(p, "latitude"));
    if (yaw && pitch) {
        h.yaw = *yaw;
        h.pitch = std::clamp(*pitch, -90.0, 90.0);
        return true;
    }
    const auto x = number(child(p, "textureX")), y = number(child(p, "textureY"));
    if (!x || !y || size.full_width <= 0 || size.full_height <= 0) return false;
    h.yaw = ((*x + size.cropped_x) / size.full_width - 0.5) * 360;
    h.pitch = std::clamp((0.5 - (*y + size.cropped_y) / size.full_height) * 180, -90.0, 90.0);
    return true;
}

void panorama(const YAML::Node& node, ImportedScene& s, PanoSize& size, Sink& sink) {
    const YAML::Node p = node["panorama"];
    if (is_map(p)) {
        for (const char* face : {"front", "right", "back", "left", "top", "bottom"}) s.cube.push_back(text(p[face]));
        if (std::any_of(s.cube.begin(), s.cube.end(), [](const std::string& f) { return f.empty(); })) {
            s.cube.clear();
            sink.error(at(p), "node `" + s.id + "`: a cubemap needs left, front, right, back, top and bottom");
        }
    } else {
        s.image = text(p);
        if (s.image.empty()) sink.error(s.line, "node `" + s.id + "` has no `panorama`");
    }
    const YAML::Node d = node["panoData"];
    if (!is_map(d)) return;
    size.full_width = number(child(d, "fullWidth")).value_or(0);
    size.full_height = number(child(d, "fullHeight")).value_or(size.full_width / 2);
    size.cropped_x = number(child(d, "croppedX")).value_or(0);
    size.cropped_y = number(child(d, "croppedY")).value_or(0);
    const auto cw = number(child(d, "croppedWidth")), ch = number(child(d, "croppedHeight"));
    if (size.full_width > 0 && cw && ch) {
        s.haov = std::clamp(*cw / size.full_width * 360, 1.0, 360.0);
        s.vaov = std::clamp(*ch / size.full_height * 180, 1.0, 180.0);
        s.voffset = 90 - (size.cropped_y + *ch / 2) / size.full_height * 180;
    }
    // poseHeading is the compass heading of the image's centre; vrex's north is north's yaw.
    if (auto v = number(child(d, "poseHeading"))) s.north = -*v;
}

ImportedScene node_scene(const YAML::Node& node, Sink& sink) {
    ImportedScene s;
    s.line = line_of(node);
    s.id = text(node["id"]);
    s.title = text(node["name"]).empty() ? text(node["caption"]) : text(node["name"]);
    PanoSize size;
    panorama(node, s, size, sink);
    if (node["sphereCorrection"]) sink.warning(at(node["sphereCorrection"]), "`sphereCorrection` is not carried over");
    for (const auto& l : is_list(node["links"]) ? node["links"] : YAML::Node()) {
        if (!sink.take() || !is_map(l)) continue;
        ImportedHotspot h;
        h.line = line_of(l);
        h.target = text(l["nodeId"]);
        h.label = text(l["name"]);
        if (position(l, size, h))
            s.hotspots.push_back(std::move(h));
        else
            sink.warning(h.line, "a link without a position vrex can use (GPS positions need the plugin): not "
                                 "carried over");
    }
    for (const auto& m : is_list(node["markers"]) ? node["markers"] : YAML::Node()) {
        if (!sink.take() || !is_map(m)) continue;
        ImportedHotspot h;
        h.line = line_of(m);
        h.link = false;
        const YAML::Node tip = child(m, "tooltip");
        h.title = is_map(tip) ? text(child(tip, "content")) : text(tip);
        if (h.title.empty()) h.title = text(child(m, "id"));
        h.text = text(child(m, "content"));
        if (position(m, size, h))
            s.hotspots.push_back(std::move(h));
        else
            sink.warning(h.line, "a marker without a point position (polygons, polylines) is not carried over");
    }
    return s;
}

} // namespace

void parse_psv(const YAML::Node& root, ImportedTour& tour, Sink& sink) {
    for (const auto& node : root["nodes"])
        if (sink.take() && is_map(node)) tour.scenes.push_back(node_scene(node, sink));
    tour.start = text(root["startNodeId"]);
    warn_unknown_keys(root, {"nodes", "startNodeId"}, {}, sink, "tour");
}

} // namespace vrex::tour::import_detail
