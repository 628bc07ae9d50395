#pragma once
// Helpers shared by the Viewer tests: test tours written inline, pointer rays at given angles, and a clock that
// drives the viewer tick by tick.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tour/tour.hpp"
#include "viewer/viewer.hpp"

namespace vrex::viewer::test {

// Three scenes (hall → corridor → garden) with every hotspot kind and every `arrive` form; see the .cpp.
extern const char* const k_test_tour;

// Loads YAML text without touching files; a tour with errors fails the test and throws.
tour::Tour load_tour(std::string_view yaml);

Ray ray_at(double yaw, double pitch);
ViewerInput pointer_at(double yaw, double pitch, PointerKind kind = PointerKind::Mouse);
ViewerInput click_at(double yaw, double pitch);

std::vector<EventType> types_of(const std::vector<ViewerEvent>& events);

// Owns the time; `tick` advances it by `dt` and updates the viewer once.
struct Driver {
    explicit Driver(Viewer& v) : viewer(v) {}
    Viewer& viewer;
    double now = 0;
    double dt = 1.0 / 60.0;

    void start() { viewer.update(now, {}); }
    void tick(const ViewerInput& input = {}) {
        now += dt;
        viewer.update(now, input);
    }
    // Ticks with `input` until `seconds` have passed (the last tick lands on the end time exactly).
    void run_for(double seconds, const ViewerInput& input = {});
    // Ticks until the viewer is in `scene` with the fade finished; fails after 10 simulated seconds.
    void run_until_settled_in(const std::string& scene);
};

// Follows a link: clicks it (the target is ready beforehand) and runs until the new scene is settled.
void follow_link(Driver& d, double yaw, double pitch, const std::string& target);

} // namespace vrex::viewer::test
