// Pannellum configurations (docs/import/pannellum.md): a single panorama, or a tour of `default` + `scenes`;
// equirectangular, cubemap and multires (its fallback faces). Pannellum's angles are vrex's: degrees, yaw 0 = the
// image's centre, positive yaw right, pitch up.
#include "tour/import_detail.hpp"

namespace vrex::tour::import_detail {
namespace {

// A scene's value: the scene's own, else the tour's default.
YAML::Node get(const YAML::Node& scene, const YAML::Node& defaults, const char* key) {
    if (scene[key]) return scene[key];
    if (is_map(defaults) && defaults[key]) return defaults[key];
    return YAML::Node();
}

// `targetYaw` and friends: a number, "same" or (yaw only) "sameAzimuth".
std::string arrive_value(const YAML::Node& node, bool yaw, Sink& sink) {
    if (!node) return "";
    if (auto v = number(node)) return format_number(yaw ? wrap180(*v) : *v);
    const std::string s = text(node);
    if (s == "same") return "same";
    if (yaw && s == "sameAzimuth") return "same-azimuth";
    sink.warning(at(node), "arrival angle `" + s + "` is not understood; the target's view is used");
    return "";
}

ImportedHotspot hotspot(const YAML::Node& h, Sink& sink) {
    ImportedHotspot out;
    out.line = line_of(h);
    out.yaw = number(h["yaw"]).value_or(0);
    out.pitch = number(h["pitch"]).value_or(0);
    if (!number(h["yaw"]) || !number(h["pitch"]))
        sink.warning(out.line, "a hotspot without a numeric yaw and pitch: placed at 0 where missing");
    const std::string type = text(h["type"]);
    const std::string label = text(h["text"]);
    out.link = type == "scene";
    if (out.link) {
        out.target = text(h["sceneId"]);
        out.label = label;
        out.arrive_yaw = arrive_value(h["targetYaw"], true, sink);
        out.arrive_pitch = arrive_value(h["targetPitch"], false, sink);
        out.arrive_hfov = arrive_value(h["targetHfov"], false, sink);
    } else {
        if (type != "info") sink.warning(out.line, "hotspot type `" + type + "` is carried over as an info hotspot");
        out.title = label;
        if (const std::string url = text(h["URL"]); !url.empty()) {
            out.text = url;
            if (out.title.empty()) out.title = url;
            sink.warning(at(h["URL"]), "a URL hotspot becomes an info hotspot that shows the address (" + url +
                                           "); vrex does not open web pages");
        }
    }
    warn_unknown_keys(h, {"yaw", "pitch", "type", "text", "URL", "sceneId", "targetYaw", "targetPitch", "targetHfov"},
                      {"id", "cssClass"}, sink, "hotspot");
    return out;
}

void panorama(const YAML::Node& scene, const YAML::Node& defaults, ImportedScene& out, Sink& sink) {
    const std::string base = text(get(scene, defaults, "basePath"));
    std::string type = text(get(scene, defaults, "type"));
    if (type.empty()) type = "equirectangular";
    if (type == "equirectangular") {
        out.image = text(scene["panorama"]);
        if (out.image.empty())
            sink.error(out.line, "scene `" + out.id + "` has no `panorama` image");
        else
            out.image = base + out.image;
    } else if (type == "cubemap") {
        const YAML::Node cube = scene["cubeMap"];
        if (is_list(cube) && cube.size() == 6)
            for (const auto& face : cube) out.cube.push_back(base + text(face));
        else
            sink.error(out.line, "scene `" + out.id + "`: `cubeMap` must list six faces");
    } else if (type == "multires") {
        const YAML::Node m = scene["multiRes"];
        ImportedTiles& t = out.tiles;
        t.layout = "pannellum";
        const std::string root = base + text(child(m, "basePath"));
        t.pattern = root + text(child(m, "path"));
        t.extension = text(child(m, "extension")).empty() ? "jpg" : text(child(m, "extension"));
        t.tile_size = whole_number(child(m, "tileResolution"));
        t.face_size = whole_number(child(m, "cubeResolution"));
        t.level_count = whole_number(child(m, "maxLevel"));
        if (!text(child(m, "fallbackPath")).empty()) t.preview = root + text(child(m, "fallbackPath"));
        if (text(child(m, "path")).empty() || t.tile_size <= 0 || t.face_size <= 0 || t.level_count <= 0) {
            sink.error(at(m), "scene `" + out.id +
                                  "`: `multiRes` needs path, tileResolution, cubeResolution "
                                  "and maxLevel");
            t.layout.clear();
        }
        warn_unknown_keys(
            m, {"basePath", "path", "fallbackPath", "extension", "tileResolution", "maxLevel", "cubeResolution"},
            {"shtHash", "equirectangularThumbnail"}, sink, "multiRes");
    } else {
        sink.error(out.line, "scene `" + out.id + "`: panorama type `" + type + "` is not one vrex reads");
    }
}

ImportedScene scene(const std::string& id, const YAML::Node& node, const YAML::Node& defaults, Sink& sink) {
    ImportedScene s;
    s.id = id;
    s.line = line_of(node);
    s.title = text(get(node, defaults, "title"));
    panorama(node, defaults, s, sink);
    if (auto v = number(get(node, defaults, "haov"))) s.haov = *v;
    if (auto v = number(get(node, defaults, "vaov"))) s.vaov = *v;
    if (auto v = number(get(node, defaults, "vOffset"))) s.voffset = *v;
    // Pannellum's northOffset is the compass heading of the image's centre; vrex's north is the yaw of north.
    if (auto v = number(get(node, defaults, "northOffset"))) s.north = -*v;
    s.yaw = number(get(node, defaults, "yaw"));
    s.pitch = number(get(node, defaults, "pitch"));
    s.hfov = number(get(node, defaults, "hfov"));
    if (s.hfov) *s.hfov = std::clamp(*s.hfov, 10.0, 170.0);
    const YAML::Node spots = node["hotSpots"];
    if (is_list(spots))
        for (const auto& h : spots)
            if (sink.take() && is_map(h)) s.hotspots.push_back(hotspot(h, sink));
    warn_unknown_keys(node,
                      {"type", "panorama", "cubeMap", "multiRes", "basePath", "title", "yaw", "pitch", "hfov",
                       "northOffset", "haov", "vaov", "vOffset", "hotSpots", "author", "firstScene", "scenes",
                       "default"},
                      {"preview",
                       "autoLoad",
                       "sceneFadeDuration",
                       "showControls",
                       "showFullscreenCtrl",
                       "showZoomCtrl",
                       "mouseZoom",
                       "keyboardZoom",
                       "draggable",
                       "hotSpotDebug",
                       "compass",
                       "orientationOnByDefault",
                       "strings",
                       "crossOrigin",
                       "loadButtonLabel",
                       "friction",
                       "disableKeyboardCtrl",
                       "doubleClickZoom",
                       "touchPanSpeedCoeffFactor",
                       "showLoadButton"},
                      sink, "scene `" + id + "`");
    return s;
}

} // namespace

void parse_pannellum(const YAML::Node& root, ImportedTour& tour, Sink& sink) {
    const YAML::Node scenes = root["scenes"];
    const YAML::Node defaults = root["default"];
    if (!is_map(scenes)) {
        tour.title = text(root["title"]);
        tour.scenes.push_back(scene("panorama", root, YAML::Node(), sink));
        return;
    }
    tour.title = text(get(YAML::Node(YAML::NodeType::Map), defaults, "title"));
    tour.start = text(get(YAML::Node(YAML::NodeType::Map), defaults, "firstScene"));
    for (const auto& kv : scenes) {
        if (!sink.take()) return;
        if (is_map(kv.second)) tour.scenes.push_back(scene(text(kv.first), kv.second, defaults, sink));
    }
    for (const auto& s : tour.scenes)
        if (s.id == tour.start) return;
    if (!tour.start.empty()) sink.warning(at(defaults), "`firstScene` `" + tour.start + "` is not a scene");
    tour.start.clear();
}

} // namespace vrex::tour::import_detail
