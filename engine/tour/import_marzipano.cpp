// Marzipano Tool exports (data.js, docs/import/marzipano.md) and Google VR View scene files
// (docs/import/vrview.md). Marzipano: radians, yaw positive right, pitch positive DOWN, `fov` vertical. VR View:
// degrees, a hotspot placed by three.js's Euler(pitch, yaw, 0) in a frame turned so that yaw 0 is the image's
// centre, which makes its positive yaw turn LEFT (counter-clockwise seen from above).
#include <cmath>

#include "tour/import_detail.hpp"

namespace vrex::tour::import_detail {
namespace {

// Marzipano's view `fov` is vertical; vrex's hfov is horizontal. Taken for a 16:9 window (docs/import).
constexpr double k_assumed_aspect = 16.0 / 9.0;

void marzipano_hotspot(const YAML::Node& h, bool link, ImportedScene& s, Sink& sink) {
    ImportedHotspot out;
    out.line = line_of(h);
    out.link = link;
    const auto yaw = number(h["yaw"]), pitch = number(h["pitch"]);
    if (!yaw || !pitch) sink.warning(out.line, "a hotspot without a numeric yaw and pitch: placed at 0 where missing");
    out.yaw = yaw.value_or(0) * k_deg_per_rad;
    out.pitch = -pitch.value_or(0) * k_deg_per_rad;
    if (link) {
        out.target = text(h["target"]);
        if (number(h["rotation"]).value_or(0) != 0)
            sink.warning(at(h["rotation"]), "the link arrow's `rotation` is not carried over");
        warn_unknown_keys(h, {"yaw", "pitch", "target", "rotation"}, {}, sink, "link hotspot");
    } else {
        out.title = text(h["title"]);
        out.text = text(h["text"]);
        warn_unknown_keys(h, {"yaw", "pitch", "title", "text"}, {}, sink, "info hotspot");
    }
    s.hotspots.push_back(std::move(out));
}

// The scene's tiles as the Marzipano Tool lays them out: tiles/ID/{z}/{f}/{y}/{x}.jpg and tiles/ID/preview.jpg.
void marzipano_tiles(const YAML::Node& scene, ImportedScene& s, Sink& sink) {
    const YAML::Node levels = scene["levels"];
    if (!is_list(levels) || levels.size() == 0) {
        sink.error(s.line, "scene `" + s.id + "` has no `levels`: there is no panorama to show");
        return;
    }
    ImportedTiles& t = s.tiles;
    t.layout = "marzipano";
    t.pattern = "tiles/" + s.id + "/{z}/{f}/{y}/{x}.jpg";
    t.preview = "tiles/" + s.id + "/preview.jpg";
    for (const auto& level : levels) {
        if (!sink.take()) return;
        ImportedTiles::Level l;
        l.tile_size = whole_number(child(level, "tileSize"));
        l.size = whole_number(child(level, "size"));
        l.fallback_only = text(child(level, "fallbackOnly")) == "true";
        if (l.tile_size <= 0 || l.size <= 0) {
            sink.error(at(level), "scene `" + s.id + "`: a level needs a positive tileSize and size");
            t.layout.clear();
            return;
        }
        t.levels.push_back(l);
    }
}

ImportedScene marzipano_scene(const YAML::Node& node, Sink& sink) {
    ImportedScene s;
    s.line = line_of(node);
    s.id = text(node["id"]);
    s.title = text(node["name"]);
    marzipano_tiles(node, s, sink);
    const YAML::Node view = node["initialViewParameters"];
    if (auto v = number(child(view, "yaw"))) s.yaw = *v * k_deg_per_rad;
    if (auto v = number(child(view, "pitch"))) s.pitch = -*v * k_deg_per_rad;
    if (auto v = number(child(view, "fov")))
        s.hfov = std::clamp(2 * std::atan(std::tan(*v / 2) * k_assumed_aspect) * k_deg_per_rad, 10.0, 170.0);
    for (const char* key : {"linkHotspots", "hotspots"})
        if (is_list(node[key]))
            for (const auto& h : node[key])
                if (sink.take() && is_map(h)) marzipano_hotspot(h, true, s, sink);
    if (is_list(node["infoHotspots"]))
        for (const auto& h : node["infoHotspots"])
            if (sink.take() && is_map(h)) marzipano_hotspot(h, false, s, sink);
    warn_unknown_keys(node,
                      {"id", "name", "levels", "initialViewParameters", "linkHotspots", "infoHotspots", "hotspots"},
                      {"faceSize"}, sink, "scene `" + s.id + "`");
    return s;
}

// VR View's hotspot direction in vrex's yaw and pitch (see the file comment; docs/import/vrview.md derives it).
void vrview_direction(double yaw_deg, double pitch_deg, double& yaw, double& pitch) {
    const double y = yaw_deg / k_deg_per_rad, p = pitch_deg / k_deg_per_rad;
    pitch = std::asin(std::clamp(std::cos(y) * std::sin(p), -1.0, 1.0)) * k_deg_per_rad;
    yaw = std::atan2(-std::sin(y), std::cos(y) * std::cos(p)) * k_deg_per_rad;
}

} // namespace

std::optional<std::string> marzipano_object_text(std::string_view text) {
    const std::size_t var = text.find("var ");
    if (var == std::string_view::npos) return std::nullopt;
    const std::size_t eq = text.find('=', var);
    if (eq == std::string_view::npos) return std::nullopt;
    std::size_t open = eq + 1;
    while (open < text.size() && std::isspace(static_cast<unsigned char>(text[open]))) ++open;
    const std::size_t close = text.rfind('}');
    if (open >= text.size() || text[open] != '{' || close == std::string_view::npos || close < open)
        return std::nullopt;
    std::string out(text.substr(0, close + 1));
    for (std::size_t i = 0; i < open; ++i)
        if (out[i] != '\n') out[i] = ' ';
    return out;
}

void parse_marzipano(const YAML::Node& root, ImportedTour& tour, Sink& sink) {
    tour.title = text(root["name"]);
    const YAML::Node scenes = root["scenes"];
    if (!is_list(scenes)) {
        sink.error(at(root), "`scenes` must be a list");
        return;
    }
    for (const auto& node : scenes)
        if (sink.take() && is_map(node)) tour.scenes.push_back(marzipano_scene(node, sink));
    warn_unknown_keys(root, {"scenes", "name"}, {"settings"}, sink, "tour");
}

void parse_vrview(const YAML::Node& root, ImportedTour& tour, Sink& sink) {
    bool stereo_unknown = false;
    for (const auto& kv : root) {
        if (!sink.take() || !is_map(kv.second)) continue;
        ImportedScene s;
        s.id = text(kv.first);
        s.line = line_of(kv.second);
        s.image = text(kv.second["image"]);
        if (text(kv.second["is_stereo"]) == "true")
            s.stereo = "top-bottom";
        else if (!kv.second["is_stereo"])
            stereo_unknown = true;
        if (auto v = number(kv.second["default_yaw"])) s.yaw = -*v;
        const YAML::Node spots = is_map(kv.second["hotspots"]) ? kv.second["hotspots"] : YAML::Node();
        for (const auto& h : spots) {
            if (!sink.take() || !is_map(h.second)) continue;
            ImportedHotspot out;
            out.line = line_of(h.second);
            out.target = text(h.first);
            vrview_direction(number(h.second["yaw"]).value_or(0), number(h.second["pitch"]).value_or(0), out.yaw,
                             out.pitch);
            warn_unknown_keys(h.second, {"yaw", "pitch"}, {"radius", "distance"}, sink, "hotspot");
            s.hotspots.push_back(std::move(out));
        }
        warn_unknown_keys(kv.second, {"image", "hotspots", "is_stereo", "default_yaw"}, {"preview"}, sink,
                          "scene `" + s.id + "`");
        tour.scenes.push_back(std::move(s));
    }
    if (stereo_unknown)
        sink.warning(1, "VR View says stereo in the page's script (is_stereo), not here: scenes without "
                        "`is_stereo: true` are imported as mono");
    // VR View's page script decides what a hotspot does; one named after a scene is taken as a link to it.
    for (ImportedScene& s : tour.scenes)
        for (ImportedHotspot& h : s.hotspots) {
            bool is_scene = false;
            for (const ImportedScene& t : tour.scenes) is_scene = is_scene || t.id == h.target;
            if (is_scene) continue;
            h.link = false;
            h.title = h.target;
            sink.warning(h.line, "hotspot `" + h.target +
                                     "` names no scene: carried over as an info hotspot (its "
                                     "click action lives in the page's script)");
        }
}

} // namespace vrex::tour::import_detail
