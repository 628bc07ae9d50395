#include "viewer_test_util.hpp"

#include <cmath>
#include <stdexcept>

#include "math/angles.hpp"
#include "tour/load.hpp"

namespace vrex::viewer::test {

// hall: a link, info hotspots, two overlapping markers (shell-a/shell-b 4° apart), a media hotspot without id.
// corridor: one link per `arrive` form. garden: a partial panorama (haov 90).
const char* const k_test_tour = R"(tour:
  title: {en: Test hall, zh: 测试厅, fr: Salle}
  start: hall
  languages: [en, zh, fr]
scenes:
  - id: hall
    north: 10
    panorama: hall.jpg
    view: {yaw: 0, pitch: 0, hfov: 90}
    hotspots:
      - {id: door, kind: link, at: {yaw: 20, pitch: 0}, target: corridor, label: {en: Corridor, zh: 走廊, fr: Couloir}}
      - {id: whale, kind: info, at: {yaw: -30, pitch: 10}, exhibit: whale}
      - {id: shell-a, kind: info, at: {yaw: 100, pitch: 0}, exhibit: shell}
      - {id: shell-b, kind: model, at: {yaw: 104, pitch: 0}, exhibit: shell}
      - {kind: media, at: {yaw: 180, pitch: -20}, exhibit: whale}
  - id: corridor
    north: -50
    panorama: corridor.jpg
    view: {yaw: 45, pitch: 5, hfov: 80}
    hotspots:
      - {id: back, kind: link, at: {yaw: 180, pitch: 0}, target: hall, arrive: same}
      - {id: garden-value, kind: link, at: {yaw: 90, pitch: 0}, target: garden, arrive: {yaw: 30, pitch: -10, hfov: 70}}
      - {id: garden-azimuth, kind: link, at: {yaw: -90, pitch: 0}, target: garden, arrive: same-azimuth}
      - {id: garden-default, kind: link, at: {yaw: 0, pitch: -40}, target: garden}
  - id: garden
    north: 100
    panorama: {image: garden.jpg, haov: 90, vaov: 60}
    view: {yaw: -60, pitch: 0, hfov: 60}
    hotspots:
      - {id: home, kind: link, at: {yaw: 0, pitch: 0}, target: hall}
exhibits:
  - {id: whale, title: {en: Blue whale, zh: 蓝鲸, fr: Baleine bleue}, text: {en: Big., zh: 很大。, fr: Grande.},
     images: [whale.jpg]}
  - {id: shell, title: Shell, model: shell.glb}
)";

tour::Tour load_tour(std::string_view yaml) {
    tour::LoadOptions options;
    options.check_files = false;
    tour::LoadResult r = tour::load_tour_from_string(yaml, "virtual/tour.yaml", options);
    if (!r.ok()) {
        std::string all;
        for (const tour::Diagnostic& d : r.diagnostics) all += d.message + "\n";
        ADD_FAILURE() << "test tour does not load:\n" << all;
        throw std::runtime_error("test tour does not load");
    }
    return std::move(*r.tour);
}

Ray ray_at(double yaw, double pitch) {
    return Ray{glm::dvec3(0.0), math::direction_from_yaw_pitch(yaw, pitch)};
}

ViewerInput pointer_at(double yaw, double pitch, PointerKind kind) {
    ViewerInput in;
    in.pointer = ray_at(yaw, pitch);
    in.pointer_kind = kind;
    return in;
}

ViewerInput click_at(double yaw, double pitch) {
    ViewerInput in = pointer_at(yaw, pitch);
    in.select = true;
    return in;
}

std::vector<EventType> types_of(const std::vector<ViewerEvent>& events) {
    std::vector<EventType> types;
    for (const ViewerEvent& e : events) types.push_back(e.type);
    return types;
}

void Driver::run_for(double seconds, const ViewerInput& input) {
    const double end = now + seconds;
    while (now + dt < end - 1e-9) tick(input);
    now = end;
    viewer.update(now, input);
}

void Driver::run_until_settled_in(const std::string& scene) {
    const double give_up = now + 10.0;
    while (now < give_up && !(viewer.scene().id == scene && viewer.fade() == 0.0)) tick();
    ASSERT_EQ(viewer.scene().id, scene);
    ASSERT_EQ(viewer.fade(), 0.0);
}

void follow_link(Driver& d, double yaw, double pitch, const std::string& target) {
    d.viewer.set_scene_ready(target, true);
    d.tick(click_at(yaw, pitch));
    d.run_until_settled_in(target);
}

} // namespace vrex::viewer::test
