// `vrex stats`: read the visit logs, sum them up, draw the heat maps and the HTML report.
#include "app/stats_command.hpp"

#include <map>
#include <ostream>

#include "app/tour_source.hpp"
#include "stats/report.hpp"
#include "stats/summary.hpp"
#include "stats/visit_log.hpp"

namespace vrex::app {
namespace {

constexpr std::size_t k_max_warnings_shown = 20;

// The tour most visits name (they may differ when a kiosk switched tours), or nullopt.
std::optional<std::string> logged_tour(const std::vector<stats::Visit>& visits, std::ostream& err) {
    std::map<std::string, int> count;
    for (const stats::Visit& v : visits)
        if (!v.tour.empty()) ++count[v.tour];
    if (count.empty()) return std::nullopt;
    auto best = count.begin();
    for (auto it = count.begin(); it != count.end(); ++it)
        if (it->second > best->second) best = it;
    if (count.size() > 1)
        err << "vrex stats: the logs name " << count.size() << " tours; using " << best->first << " (" << best->second
            << " visits); --tour chooses another\n";
    return best->first;
}

std::optional<tour::Tour> find_tour(const StatsOptions& o, const std::vector<stats::Visit>& visits, std::ostream& err) {
    std::optional<std::filesystem::path> path = o.tour;
    if (!path) {
        const std::optional<std::string> logged = logged_tour(visits, err);
        if (!logged) return std::nullopt;
        if (logged->find("://") != std::string::npos) {
            err << "vrex stats: the logs name a served tour (" << *logged
                << "); heat maps without panoramas (--tour gives a local copy)\n";
            return std::nullopt;
        }
        std::error_code ec;
        if (!std::filesystem::exists(*logged, ec)) {
            err << "vrex stats: the tour the logs name is not here (" << *logged
                << "); heat maps without panoramas (--tour gives it)\n";
            return std::nullopt;
        }
        path = *logged;
    }
    std::optional<tour::Tour> tour = open_tour_or_image(*path, err);
    if (!tour) err << "vrex stats: cannot open the tour " << path->string() << "; heat maps without panoramas\n";
    return tour;
}

std::filesystem::path report_folder(const StatsOptions& o) {
    if (o.out) return *o.out;
    std::error_code ec;
    return std::filesystem::is_directory(o.logs, ec) ? o.logs / "report" : o.logs.parent_path() / "report";
}

} // namespace

int run_stats(const StatsOptions& o, std::ostream& out, std::ostream& err) {
    auto read = stats::read_visit_logs(o.logs);
    if (!read) {
        err << "vrex stats: " << read.error() << "\n";
        return 1;
    }
    for (std::size_t i = 0; i < read->warnings.size() && i < k_max_warnings_shown; ++i)
        err << "vrex stats: warning: " << read->warnings[i] << "\n";
    if (read->warnings.size() > k_max_warnings_shown)
        err << "vrex stats: warning: " << read->warnings.size() - k_max_warnings_shown << " more lines skipped\n";
    if (read->files == 0) err << "vrex stats: " << o.logs.string() << " holds no visit logs (*.jsonl)\n";
    const std::optional<tour::Tour> tour = find_tour(o, read->visits, err);
    const stats::Summary summary = stats::summarise(read->visits, tour ? &*tour : nullptr);
    const stats::ReportOptions report{report_folder(o), o.width, o.sigma_deg};
    auto heats = stats::write_report(summary, read->visits, tour ? &*tour : nullptr, report);
    if (!heats) {
        err << "vrex stats: " << heats.error() << "\n";
        return 1;
    }
    std::map<std::string, std::pair<double, double>> peaks;
    for (const stats::SceneHeat& h : *heats) peaks[h.scene] = {h.peak_yaw, h.peak_pitch};
    if (o.json) {
        out << stats::summary_json(summary, peaks);
    } else {
        out << stats::summary_table(summary);
        out << "\nreport: " << (report.out / "index.html").string() << " (" << heats->size() << " heat map"
            << (heats->size() == 1 ? "" : "s") << ")\n";
    }
    return 0;
}

} // namespace vrex::app
