#pragma once
// `vrex view --stats DIR`: the visitor statistics log (docs/stats.md). One JSON-lines file per visit, written from
// the Viewer's own event stream (viewer::ViewerEvent, the lines of --events) plus a visit's start and end, the time
// spent in each scene, and the view direction sampled a few times a second. Nothing about the visitor is written,
// and nothing leaves the folder. Each line goes to the file in one write(2) as it happens, so a killed viewer leaves
// a log whose lines are whole (but perhaps the last one, which the reader skips with a warning).
#include <filesystem>
#include <string>

#include "core/expected.hpp"
#include "viewer/viewer.hpp"

namespace vrex::stats {

// The version written into each visit's first line.
const char* vrex_version();

struct VisitStart {
    std::string tour;     // the tour as opened (a path or URL), for `vrex stats` to find its panoramas
    std::string scene;    // the scene the visit starts in (logged as its first scene_entered)
    std::string language; // the tour's language at the start
    std::string mode;     // "window" or "headset"
};

class StatsLog {
public:
    // Makes `dir` (and its parents) when missing; an error says why it cannot be written (not a folder, no
    // permission). Nothing is written before begin_visit.
    static core::Expected<StatsLog, std::string> open(const std::filesystem::path& dir, double sample_hz = 5);
    StatsLog(StatsLog&& other) noexcept;
    StatsLog& operator=(StatsLog&&) = delete;
    StatsLog(const StatsLog&) = delete;
    ~StatsLog(); // ends a visit still open

    // A new file, visit-<UTC time>-<pid>-<n>.jsonl, starting with {"event":"visit_start",...} and the scene
    // entered. `time` is the caller's clock (seconds); lines carry the time since the visit began. Ends an open
    // visit first.
    void begin_visit(double time, const VisitStart& start);
    // {"event":"scene_left"} for the scene on screen, then {"event":"visit_end"}; the file is closed.
    void end_visit(double time);
    bool in_visit() const { return m_fd >= 0; }

    // Events of the Viewer, as --events prints them: scene_entered (after a scene_left with the seconds spent in
    // the last one), hotspot_activated, panel/gallery/model_opened and language_changed are logged; the others
    // (hovers, steps, closes, grabs) are not. Ignored outside a visit.
    void on_event(const viewer::ViewerEvent& event);
    // Where the visitor looks (degrees, DESIGN §2): {"event":"view","time":T,"scene":S,"yaw":Y,"pitch":P}, at most
    // `sample_hz` lines a second. Ignored outside a visit.
    void sample_view(double time, double yaw, double pitch);

    const std::filesystem::path& file() const { return m_file; }
    // The first write error (disk full, file removed): logging stops then, the viewer goes on.
    const std::string& error() const { return m_error; }

private:
    StatsLog(std::filesystem::path dir, double sample_hz);
    void write_line(const std::string& line);
    void leave_scene(double time);
    double since_start(double time) const { return time - m_start; }

    std::filesystem::path m_dir;
    double m_sample_interval = 0.2;
    std::filesystem::path m_file;
    int m_fd = -1;
    unsigned m_files = 0;
    double m_start = 0;
    std::string m_scene;
    double m_scene_since = 0;
    double m_next_sample = 0;
    std::string m_error;
};

} // namespace vrex::stats
