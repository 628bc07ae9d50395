#pragma once
// What `vrex stats` reports from the visits read (visit_log.hpp): per scene and per hotspot, as a table or JSON.
#include <map>
#include <string>
#include <vector>

#include "stats/visit_log.hpp"
#include "tour/tour.hpp"

namespace vrex::stats {

struct SceneSummary {
    std::string scene;
    std::string title;       // from the tour, when there is one
    int visits = 0;          // visits that entered it
    int entries = 0;         // times it was entered (a visit may come back)
    double total_s = 0;      // time spent in it, all visits together
    double median_s = 0;     // the median of the time a visit spent in it (over the visits that entered it)
    std::size_t samples = 0; // view samples taken in it
    bool in_tour = true;     // false: logged, but the tour has no such scene (renamed or removed since)
};

struct HotspotSummary {
    std::string scene;
    std::string hotspot;
    int opens = 0; // activations (hotspot_activated: a link followed, a panel, gallery or model opened)
};

struct Summary {
    int visits = 0;
    double total_s = 0;
    std::map<std::string, int> languages; // visits by the language they started in
    std::vector<SceneSummary> scenes;     // the tour's order, then scenes only the logs name
    std::vector<HotspotSummary> hotspots; // by scene as above; every hotspot of the tour, opened or not
};

// `tour` may be null (the logs alone).
Summary summarise(const std::vector<Visit>& visits, const tour::Tour* tour);
// A table for a terminal (seconds with one decimal).
std::string summary_table(const Summary& summary);
// The same as one JSON document; `peaks` (scene → [yaw, pitch]) of the heat maps, when drawn.
std::string summary_json(const Summary& summary, const std::map<std::string, std::pair<double, double>>& peaks);

} // namespace vrex::stats
