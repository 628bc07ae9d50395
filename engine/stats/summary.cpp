// Summing visits per scene and hotspot.
#include "stats/summary.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

namespace vrex::stats {
namespace {

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string hotspot_key(const tour::Hotspot& h, std::size_t index) {
    return h.id.empty() ? "#" + std::to_string(index) : h.id; // as viewer::ViewerEvent names it
}

// The scene order: the tour's, then what only the logs name (in the order first seen).
std::vector<SceneSummary> scene_rows(const std::vector<Visit>& visits, const tour::Tour* tour) {
    std::vector<SceneSummary> rows;
    std::set<std::string> seen;
    if (tour)
        for (const tour::Scene& s : tour->scenes) {
            rows.push_back({s.id, s.title.get(tour->default_language())});
            seen.insert(s.id);
        }
    for (const Visit& v : visits) {
        for (const SceneStay& stay : v.stays)
            if (seen.insert(stay.scene).second) rows.push_back({stay.scene, "", 0, 0, 0, 0, 0, tour == nullptr});
        for (const ViewSample& s : v.views) // a log may name a scene in its view lines only
            if (seen.insert(s.scene).second) rows.push_back({s.scene, "", 0, 0, 0, 0, 0, tour == nullptr});
    }
    return rows;
}

// An id from a log as terminal text: control characters (an escape sequence in a crafted log) become '?'.
std::string printable(const std::string& id) {
    std::string out = id;
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return out;
}

} // namespace

Summary summarise(const std::vector<Visit>& visits, const tour::Tour* tour) {
    Summary out;
    out.visits = int(visits.size());
    out.scenes = scene_rows(visits, tour);
    std::map<std::string, std::vector<double>> per_visit; // scene → seconds in each visit that entered it
    std::map<std::string, std::size_t> samples;
    std::map<std::pair<std::string, std::string>, int> opens;
    for (const Visit& v : visits) {
        out.total_s += v.stays.empty() ? 0 : v.end;
        ++out.languages[v.language];
        std::map<std::string, double> here;
        for (const SceneStay& stay : v.stays) here[stay.scene] += stay.leave - stay.enter;
        for (const auto& [scene, seconds] : here) per_visit[scene].push_back(seconds);
        for (const ViewSample& s : v.views) ++samples[s.scene];
        for (const Activation& a : v.activations) ++opens[{a.scene, a.hotspot}];
        for (const SceneStay& stay : v.stays)
            for (SceneSummary& row : out.scenes)
                if (row.scene == stay.scene) ++row.entries;
    }
    for (SceneSummary& row : out.scenes) {
        const std::vector<double>& times = per_visit[row.scene];
        row.visits = int(times.size());
        for (double t : times) row.total_s += t;
        row.median_s = median(times);
        row.samples = samples[row.scene];
    }
    if (tour)
        for (const tour::Scene& s : tour->scenes)
            for (std::size_t i = 0; i < s.hotspots.size(); ++i) {
                const std::string key = hotspot_key(s.hotspots[i], i);
                const auto it = opens.find({s.id, key});
                out.hotspots.push_back({s.id, key, it == opens.end() ? 0 : it->second});
                if (it != opens.end()) opens.erase(it);
            }
    for (const auto& [where, count] : opens) out.hotspots.push_back({where.first, where.second, count});
    return out;
}

std::string summary_table(const Summary& s) {
    std::string out;
    char line[1024];
    std::snprintf(line, sizeof line, "%d visit%s, %.1f s in all\n\n", s.visits, s.visits == 1 ? "" : "s", s.total_s);
    out += line;
    std::snprintf(line, sizeof line, "%-24s %7s %8s %10s %10s %8s\n", "scene", "visits", "entries", "total s",
                  "median s", "samples");
    out += line;
    for (const SceneSummary& r : s.scenes) {
        std::snprintf(line, sizeof line, "%-24s %7d %8d %10.1f %10.1f %8zu%s\n", printable(r.scene).c_str(), r.visits,
                      r.entries, r.total_s, r.median_s, r.samples, r.in_tour ? "" : "  (not in the tour)");
        out += line;
    }
    std::snprintf(line, sizeof line, "\n%-24s %-24s %6s\n", "scene", "hotspot", "opens");
    out += line;
    for (const HotspotSummary& h : s.hotspots) {
        std::snprintf(line, sizeof line, "%-24s %-24s %6d\n", printable(h.scene).c_str(), printable(h.hotspot).c_str(),
                      h.opens);
        out += line;
    }
    out += "\nlanguages at the start:";
    for (const auto& [language, count] : s.languages)
        out += " " + (language.empty() ? std::string("(none)") : printable(language)) + " " + std::to_string(count);
    return out + "\n";
}

std::string summary_json(const Summary& s, const std::map<std::string, std::pair<double, double>>& peaks) {
    using nlohmann::json;
    json scenes = json::array(), hotspots = json::array();
    for (const SceneSummary& r : s.scenes) {
        json row = {{"scene", r.scene},     {"title", r.title},       {"visits", r.visits},   {"entries", r.entries},
                    {"total_s", r.total_s}, {"median_s", r.median_s}, {"samples", r.samples}, {"in_tour", r.in_tour}};
        if (const auto it = peaks.find(r.scene); it != peaks.end())
            row["peak"] = {{"yaw", it->second.first}, {"pitch", it->second.second}};
        scenes.push_back(row);
    }
    for (const HotspotSummary& h : s.hotspots)
        hotspots.push_back({{"scene", h.scene}, {"hotspot", h.hotspot}, {"opens", h.opens}});
    const json doc = {{"visits", s.visits},
                      {"total_s", s.total_s},
                      {"languages", s.languages},
                      {"scenes", scenes},
                      {"hotspots", hotspots}};
    // Replace, not throw, on bytes that are not UTF-8 (ids come from untrusted logs).
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace vrex::stats
