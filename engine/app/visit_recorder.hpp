#pragma once
// `vrex view --stats DIR`: the desktop and headset loops' one hook into the statistics log (stats/stats_log.hpp).
// Without --stats it does nothing.
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "app/modules.hpp"
#include "stats/stats_log.hpp"

namespace vrex::app {

class VisitRecorder {
public:
    // `dir` unset: inactive. Throws nothing: a folder that cannot be written was refused before (check_stats_dir).
    VisitRecorder(const std::optional<std::filesystem::path>& dir, const std::filesystem::path& tour, const char* mode,
                  std::ostream& err);
    // Each frame, after the Viewer's events went through event(): starts a visit when none is open and the visitor
    // is there (`present`: always in a window; in a headset, while it is worn and focused), and samples where the
    // visitor looks (degrees, in the panorama's frame).
    void frame(double time, const Viewer& viewer, bool present, double yaw, double pitch);
    // Each Viewer event; a kiosk's TourRestarted (the next visitor) ends the visit.
    void event(const ViewerEvent& event);
    // The visitor left (the headset was taken off; the viewer closes): the visit ends.
    void end(double time);

private:
    std::optional<stats::StatsLog> m_log;
    std::string m_tour;
    const char* m_mode;
    std::ostream& m_err;
    bool m_error_reported = false;
};

// The --stats folder can be made and written, or a message saying why not.
std::optional<std::string> check_stats_dir(const std::filesystem::path& dir);

} // namespace vrex::app
