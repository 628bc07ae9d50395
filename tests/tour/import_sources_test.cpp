// Importers on real configs (tests/data/import: Pannellum's examples, Marzipano's Lisbon sample and touch-gestures
// demo, VR View's two tours) and on fixtures written from krpano's and Photo Sphere Viewer's documentation. Each
// hotspot's direction is computed from the source's JSON (read here by nlohmann, not by the importer) with the
// source viewer's own convention, and must equal the direction vrex shows within 0.1 degrees.
#include <cmath>

#include "import_test_util.hpp"

namespace vrex::tour::test {
namespace {

constexpr double k_tolerance_deg = 0.1;

const Scene& scene(const Imported& r, const std::string& id) {
    const Scene* s = r.load.tour ? r.load.tour->find_scene(id) : nullptr;
    if (!s) throw std::runtime_error("no scene " + id);
    return *s;
}

std::string all(const std::vector<Diagnostic>& ds) {
    std::string out;
    for (const Diagnostic& d : ds) out += format_diagnostic(d) + "\n";
    return out;
}

void expect_loads(const Imported& r) {
    ASSERT_FALSE(r.import.yaml.empty()) << all(r.import.diagnostics);
    EXPECT_EQ(count_errors(r.import.diagnostics), 0u) << all(r.import.diagnostics);
    ASSERT_TRUE(r.load.ok()) << all(r.load.diagnostics) << r.import.yaml;
}

void expect_direction(const Hotspot& h, const Dir& source, const std::string& what) {
    EXPECT_LE(angle_between(vrex_direction(h.yaw, h.pitch), source), k_tolerance_deg)
        << what << ": vrex yaw " << h.yaw << " pitch " << h.pitch;
}

// Pannellum: degrees, yaw right, pitch up (pannellum's libpannellum renders a ray at (yaw, pitch) so).
Dir pannellum_direction(double yaw, double pitch) {
    const double y = yaw * M_PI / 180, p = pitch * M_PI / 180;
    return {std::cos(p) * std::sin(y), std::sin(p), -std::cos(p) * std::cos(y)};
}

TEST(ImportPannellum, TourScenesHotspotsAndDirections) {
    const Imported r = import_fixture("example-tour.json");
    EXPECT_EQ(r.import.format, ImportFormat::Pannellum);
    expect_loads(r);
    EXPECT_EQ(r.load.tour->start, "pond");
    EXPECT_EQ(scene(r, "pond").panorama.image.written, "examplepano.jpg");
    const Scene& cube = scene(r, "pondCube");
    ASSERT_EQ(cube.panorama.kind, PanoramaKind::Cube);
    EXPECT_EQ(cube.panorama.cube[4].written, "examplepanocube4.jpg");
    const nlohmann::ordered_json src = source_json("example-tour.json");
    for (const auto& [id, s] : src["scenes"].items()) {
        const Scene& v = scene(r, id);
        ASSERT_EQ(v.hotspots.size(), s["hotSpots"].size()) << id;
        for (std::size_t i = 0; i < v.hotspots.size(); ++i) {
            const auto& h = s["hotSpots"][i];
            expect_direction(v.hotspots[i], pannellum_direction(h["yaw"], h["pitch"]), id + " hotspot");
            EXPECT_EQ(v.hotspots[i].kind, h["type"] == "scene" ? HotspotKind::Link : HotspotKind::Info);
        }
    }
    // The URL hotspot is an info hotspot showing the address, with a warning at the URL's line.
    const Diagnostic* url = find_diagnostic(r.import.diagnostics, "URL hotspot");
    ASSERT_NE(url, nullptr);
    EXPECT_EQ(url->severity, Severity::Warning);
    EXPECT_EQ(url->line, line_containing("example-tour.json", "\"URL\""));
    const Exhibit* shown = r.load.tour->find_exhibit(scene(r, "pondCube").hotspots[1].exhibit);
    ASSERT_NE(shown, nullptr);
    EXPECT_EQ(shown->text.get(""), "https://github.com/mpetroff/pannellum");
    // The YAML names the source line of each scene.
    EXPECT_NE(r.import.yaml.find("# example-tour.json:" +
                                 std::to_string(line_containing("example-tour.json", "\"pond\": {"))),
              std::string::npos)
        << r.import.yaml;
}

TEST(ImportPannellum, SingleCubeAndMultires) {
    const Imported cube = import_fixture("example-cube.json");
    expect_loads(cube);
    EXPECT_EQ(cube.load.tour->scenes.at(0).panorama.kind, PanoramaKind::Cube);
    EXPECT_EQ(cube.load.tour->scenes.at(0).hotspots.size(), 2u);
    const Imported multi = import_fixture("example-multires.json");
    expect_loads(multi);
    const Panorama& p = multi.load.tour->scenes.at(0).panorama;
    ASSERT_EQ(p.kind, PanoramaKind::Tiles);
    EXPECT_EQ(p.tiles.layout, TilesLayout::Pannellum);
    EXPECT_EQ(p.tiles.pattern.written, "multires/%l/%s%x%y");
    EXPECT_EQ(p.tiles.extension, "png");
    EXPECT_EQ(p.tiles.tile_size, 256);
    EXPECT_EQ(p.tiles.face_size, 2048);
    EXPECT_EQ(p.tiles.level_count, 4);
    EXPECT_EQ(p.tiles.preview.written, "multires/fallback/%s");
}

// Marzipano: radians, yaw right, pitch DOWN (Marzipano's docs: "positive pitch looks down").
Dir marzipano_direction(double yaw, double pitch) {
    return {std::cos(pitch) * std::sin(yaw), -std::sin(pitch), -std::cos(pitch) * std::cos(yaw)};
}

void check_marzipano(const std::string& name) {
    const Imported r = import_fixture(name);
    EXPECT_EQ(r.import.format, ImportFormat::Marzipano);
    expect_loads(r);
    const nlohmann::ordered_json src = source_json(name);
    for (const auto& s : src["scenes"]) {
        const Scene& v = scene(r, s["id"]);
        std::vector<nlohmann::ordered_json> spots;
        for (const char* key : {"linkHotspots", "hotspots", "infoHotspots"})
            if (s.contains(key))
                for (const auto& h : s[key]) spots.push_back(h);
        ASSERT_EQ(v.hotspots.size(), spots.size()) << s["id"];
        for (std::size_t i = 0; i < spots.size(); ++i)
            expect_direction(v.hotspots[i], marzipano_direction(spots[i]["yaw"], spots[i]["pitch"]),
                             name + " " + std::string(s["id"]));
        const auto& iv = s["initialViewParameters"];
        Hotspot look;
        look.yaw = v.view.yaw;
        look.pitch = v.view.pitch;
        expect_direction(look, marzipano_direction(iv["yaw"], iv["pitch"]), "initial view");
        // fov is vertical; hfov for a 16:9 window.
        EXPECT_NEAR(v.view.hfov, 2 * std::atan(std::tan(double(iv["fov"]) / 2) * 16 / 9) * 180 / M_PI, 0.01);
        ASSERT_EQ(v.panorama.kind, PanoramaKind::Tiles);
        EXPECT_EQ(v.panorama.tiles.layout, TilesLayout::Marzipano);
        EXPECT_EQ(v.panorama.tiles.levels.size(), s["levels"].size());
        EXPECT_EQ(v.panorama.tiles.levels.back().size, int(s["levels"].back()["size"]));
        EXPECT_EQ(v.panorama.tiles.pattern.written, "tiles/" + std::string(s["id"]) + "/{z}/{f}/{y}/{x}.jpg");
    }
}

TEST(ImportMarzipano, LisbonSampleAndTouchGestures) {
    check_marzipano("google-marzipano-sample-tour-data.js");
    check_marzipano("google-marzipano-touch-gestures-data.js");
    const Imported r = import_fixture("google-marzipano-sample-tour-data.js");
    EXPECT_TRUE(scene(r, "oriente-station").panorama.tiles.levels.front().fallback_only);
    EXPECT_EQ(scene(r, "oriente-station").hotspots[0].label.get(""), "Electricity Museum");
    const Diagnostic* rotation = find_diagnostic(r.import.diagnostics, "rotation");
    ASSERT_NE(rotation, nullptr);
    EXPECT_EQ(rotation->line, line_containing("google-marzipano-sample-tour-data.js", "5.497787143782138"));
}

// VR View: a hotspot at (0,0,-1) turned by three.js's Euler(pitch, yaw, 0) (order XYZ: Rx(pitch)·Ry(yaw)), inside a
// group turned +90 degrees about Y; the photo is a three.js sphere mirrored in x, whose texel u lies at
// phi = 2*pi*u with x = cos(phi), z = sin(phi) on the horizon. This gives the texel, and DESIGN.md §2 the direction.
Dir vrview_direction(double yaw_deg, double pitch_deg) {
    const double y = yaw_deg * M_PI / 180, p = pitch_deg * M_PI / 180;
    Dir v{0, 0, -1};
    v = {v[0] * std::cos(y) + v[2] * std::sin(y), v[1], -v[0] * std::sin(y) + v[2] * std::cos(y)}; // Ry(yaw)
    v = {v[0], v[1] * std::cos(p) - v[2] * std::sin(p), v[1] * std::sin(p) + v[2] * std::cos(p)};  // Rx(pitch)
    v = {v[2], v[1], -v[0]};                                                                       // Ry(90 deg)
    const double phi = std::atan2(v[2], v[0]); // mirrored sphere: x = cos(phi), z = sin(phi)
    double u = phi / (2 * M_PI);
    if (u < 0) u += 1;
    const double theta = std::acos(v[1]); // three.js: y = cos(theta), v = 1 - theta/pi
    const double yaw = (u - 0.5) * 360, pitch = 90 - theta * 180 / M_PI;
    return vrex_direction(yaw, pitch);
}

TEST(ImportVrView, OceanHallLinksAndGallery) {
    const Imported r = import_fixture("ocean-hall-stereo-scenes.json");
    EXPECT_EQ(r.import.format, ImportFormat::VrView);
    expect_loads(r);
    const nlohmann::ordered_json src = source_json("ocean-hall-stereo-scenes.json");
    for (const auto& [id, s] : src.items()) {
        const Scene& v = scene(r, id);
        ASSERT_EQ(v.hotspots.size(), s["hotspots"].size());
        std::size_t i = 0;
        for (const auto& [target, h] : s["hotspots"].items()) {
            EXPECT_EQ(v.hotspots[i].target, target);
            expect_direction(v.hotspots[i], vrview_direction(h["yaw"], h["pitch"]), id + " -> " + target);
            ++i;
        }
    }
    // Off the horizon too: a made-up hotspot at pitch 30, yaw 60.
    Hotspot h;
    double yaw = 0, pitch = 0;
    ImportedTour t =
        parse_foreign_tour(ImportFormat::VrView,
                           R"({"a": {"image": "a.jpg", "hotspots": {"a": {"yaw": 60, "pitch": 30}}}})", "scenes.json");
    ASSERT_EQ(t.scenes.at(0).hotspots.size(), 1u);
    yaw = t.scenes[0].hotspots[0].yaw;
    pitch = t.scenes[0].hotspots[0].pitch;
    h.yaw = yaw;
    h.pitch = pitch;
    expect_direction(h, vrview_direction(60, 30), "pitched VR View hotspot");
    const Imported gallery = import_fixture("world-heritage-gallery-scenes.json");
    expect_loads(gallery);
    EXPECT_EQ(gallery.load.tour->scenes.size(), 5u);
}

// krpano: ath degrees right, atv degrees DOWN (krpano's hotspot documentation).
Dir krpano_direction(double ath, double atv) {
    const double h = ath * M_PI / 180, v = atv * M_PI / 180;
    return {std::cos(v) * std::sin(h), -std::sin(v), -std::cos(v) * std::cos(h)};
}

TEST(ImportKrpano, ScenesHotspotsActionsAndPlugins) {
    const Imported r = import_fixture("krpano-tour.xml");
    EXPECT_EQ(r.import.format, ImportFormat::Krpano);
    expect_loads(r);
    const Scene& hall = scene(r, "scene_hall");
    ASSERT_EQ(hall.hotspots.size(), 3u);
    expect_direction(hall.hotspots[0], krpano_direction(45.5, 12.25), "linkedscene");
    expect_direction(hall.hotspots[1], krpano_direction(-120, -30), "loadscene");
    expect_direction(hall.hotspots[2], krpano_direction(170, 5), "playsound");
    EXPECT_EQ(hall.hotspots[0].target, "scene_garden");
    EXPECT_EQ(hall.hotspots[1].target, "scene_garden");
    EXPECT_EQ(hall.hotspots[2].kind, HotspotKind::Info);
    EXPECT_EQ(hall.panorama.cube[0].written, "panos/hall.tiles/pano_f.jpg");
    EXPECT_NEAR(hall.view.pitch, 10, 1e-9);
    EXPECT_NEAR(hall.north, -30, 1e-9);
    const Tiles& tower = scene(r, "scene_tower").panorama.tiles;
    EXPECT_EQ(tower.layout, TilesLayout::Krpano);
    EXPECT_EQ(tower.pattern.written, "panos/tower.tiles/%s/l%l/%0v/l%l_%s_%0v_%0h.jpg");
    EXPECT_EQ(tower.levels.size(), 3u);
    EXPECT_EQ(tower.preview.written, "panos/tower.tiles/preview.jpg");
    const Scene& garden = scene(r, "scene_garden");
    EXPECT_NEAR(garden.panorama.vaov, 120, 1e-9);
    EXPECT_NEAR(garden.panorama.voffset, 10, 1e-9);
    for (const auto& [needle, text] : {std::pair<std::string, std::string>{"playsound", "playsound"},
                                       {"<plugin name=\"gyro\">", "<plugin"},
                                       {"<layer", "<layer"}}) {
        const Diagnostic* d = find_diagnostic(r.import.diagnostics, needle);
        ASSERT_NE(d, nullptr) << needle;
        EXPECT_EQ(d->severity, Severity::Warning);
        EXPECT_EQ(d->line, line_containing("krpano-tour.xml", text)) << needle;
    }
}

// Photo Sphere Viewer: yaw right and pitch up, radians or "…deg"; texture positions as PSV's
// textureCoordsToSphericalCoords: yaw = (x / fullWidth) * 2pi - pi, pitch = pi/2 - (y / fullHeight) * pi.
TEST(ImportPsv, NodesLinksMarkersAndUnits) {
    const Imported r = import_fixture("psv-nodes.json");
    EXPECT_EQ(r.import.format, ImportFormat::PhotoSphereViewer);
    expect_loads(r);
    EXPECT_EQ(r.load.tour->start, "entrance");
    const Scene& e = scene(r, "entrance");
    ASSERT_EQ(e.hotspots.size(), 3u);
    expect_direction(e.hotspots[0], vrex_direction(75, -12), "deg strings");
    expect_direction(e.hotspots[1], vrex_direction(-2.5 * 180 / M_PI, 0.3 * 180 / M_PI), "radians");
    expect_direction(e.hotspots[2], vrex_direction(0.4 * 180 / M_PI, 10), "marker");
    EXPECT_NEAR(e.north, -40, 1e-9);
    const Scene& c = scene(r, "courtyard");
    ASSERT_EQ(c.hotspots.size(), 1u);
    const double yaw = (3000.0 / 4000) * 2 * M_PI - M_PI, pitch = M_PI / 2 - (1200.0 / 2000) * M_PI;
    expect_direction(c.hotspots[0], vrex_direction(yaw * 180 / M_PI, pitch * 180 / M_PI), "texture position");
    ASSERT_NE(find_diagnostic(r.import.diagnostics, "polygons"), nullptr);
    ASSERT_NE(find_diagnostic(r.import.diagnostics, "sphereCorrection"), nullptr);
}

} // namespace
} // namespace vrex::tour::test
