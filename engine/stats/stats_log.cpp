// The statistics log's writer: plain POSIX appends, one write(2) a line, so that what is on disk is whole lines.
#include "stats/stats_log.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace vrex::stats {
namespace {

using nlohmann::json;

// 2026-12-01T11:40:00Z, and the compact form for file names.
std::string utc_now(const char* format) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, format, &tm);
    return buffer;
}

// Seconds with millisecond resolution: enough for a visit, and short lines.
double round_ms(double t) {
    return std::round(t * 1000.0) / 1000.0;
}

bool logged(viewer::EventType type) {
    using viewer::EventType;
    switch (type) {
    case EventType::SceneEntered:
    case EventType::HotspotActivated:
    case EventType::PanelOpened:
    case EventType::GalleryOpened:
    case EventType::ModelOpened:
    case EventType::LanguageChanged:
        return true;
    default:
        return false;
    }
}

} // namespace

const char* vrex_version() {
    return VREX_VERSION;
}

StatsLog::StatsLog(std::filesystem::path dir, double sample_hz)
    : m_dir(std::move(dir)), m_sample_interval(sample_hz > 0 ? 1.0 / sample_hz : 0.2) {}

StatsLog::StatsLog(StatsLog&& o) noexcept
    : m_dir(std::move(o.m_dir)), m_sample_interval(o.m_sample_interval), m_file(std::move(o.m_file)), m_fd(o.m_fd),
      m_files(o.m_files), m_start(o.m_start), m_scene(std::move(o.m_scene)), m_scene_since(o.m_scene_since),
      m_next_sample(o.m_next_sample), m_error(std::move(o.m_error)) {
    o.m_fd = -1;
}

StatsLog::~StatsLog() {
    if (m_fd >= 0) ::close(m_fd); // no visit_end: the process is ending without a time to give it
}

core::Expected<StatsLog, std::string> StatsLog::open(const std::filesystem::path& dir, double sample_hz) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir, ec))
        return core::unexpected(dir.string() + ": cannot make a folder for the statistics there" +
                                (ec ? " (" + ec.message() + ")" : std::string(" (a file is in the way)")));
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        return core::unexpected(dir.string() + ": cannot write there (" + std::strerror(errno) + ")");
    return StatsLog(dir, sample_hz);
}

void StatsLog::begin_visit(double time, const VisitStart& start) {
    end_visit(time);
    if (!m_error.empty()) return;
    const std::string stamp = utc_now("%Y%m%dT%H%M%SZ");
    for (int attempt = 0; attempt < 1000 && m_fd < 0; ++attempt) {
        m_file =
            m_dir / ("visit-" + stamp + "-" + std::to_string(::getpid()) + "-" + std::to_string(++m_files) + ".jsonl");
        m_fd = ::open(m_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
        if (m_fd < 0 && errno != EEXIST) break;
    }
    if (m_fd < 0) {
        m_error = m_file.string() + ": cannot create (" + std::strerror(errno) + ")";
        return;
    }
    m_start = time;
    m_next_sample = time;
    json line = {{"event", "visit_start"},
                 {"time", 0},
                 {"utc", utc_now("%Y-%m-%dT%H:%M:%SZ")},
                 {"tour", start.tour},
                 {"vrex", VREX_VERSION},
                 {"language", start.language},
                 {"mode", start.mode}};
    write_line(line.dump());
    viewer::ViewerEvent entered{viewer::EventType::SceneEntered, time};
    entered.scene = start.scene;
    on_event(entered);
}

void StatsLog::end_visit(double time) {
    if (m_fd < 0) return;
    leave_scene(time);
    write_line(json{{"event", "visit_end"}, {"time", round_ms(since_start(time))}}.dump());
    ::close(m_fd);
    m_fd = -1;
}

void StatsLog::leave_scene(double time) {
    if (m_scene.empty()) return;
    const double t = round_ms(since_start(time));
    write_line(json{{"event", "scene_left"},
                    {"time", t},
                    {"scene", m_scene},
                    {"seconds", round_ms(std::max(0.0, time - m_scene_since))}}
                   .dump());
    m_scene.clear();
}

void StatsLog::on_event(const viewer::ViewerEvent& event) {
    if (m_fd < 0 || !logged(event.type)) return;
    if (event.type == viewer::EventType::SceneEntered) {
        // The first scene of a visit is logged by begin_visit; the Viewer announces it too (once, at its start).
        if (event.scene == m_scene) return;
        leave_scene(event.time);
        m_scene = event.scene;
        m_scene_since = event.time;
    }
    viewer::ViewerEvent relative = event;
    relative.time = round_ms(since_start(event.time));
    write_line(relative.to_json());
}

void StatsLog::sample_view(double time, double yaw, double pitch) {
    if (m_fd < 0 || time < m_next_sample || m_scene.empty()) return;
    // Keep the cadence (a late tick does not shift every later sample), but never catch up in a burst.
    m_next_sample += m_sample_interval;
    if (m_next_sample <= time) m_next_sample = time + m_sample_interval;
    const auto deg = [](double v) { return std::round(v * 100.0) / 100.0; };
    double wrapped = std::remainder(yaw, 360.0);
    if (wrapped == -180.0) wrapped = 180.0;
    write_line(json{{"event", "view"},
                    {"time", round_ms(since_start(time))},
                    {"scene", m_scene},
                    {"yaw", deg(wrapped)},
                    {"pitch", deg(std::clamp(pitch, -90.0, 90.0))}}
                   .dump());
}

void StatsLog::write_line(const std::string& line) {
    if (m_fd < 0 || !m_error.empty()) return;
    const std::string text = line + "\n";
    // O_APPEND and one write: the line lands whole at the end (a short write only on a full disk, reported below).
    const ssize_t n = ::write(m_fd, text.data(), text.size());
    if (n != ssize_t(text.size())) {
        m_error = m_file.string() + ": cannot write the statistics (" +
                  (n < 0 ? std::string(std::strerror(errno)) : std::string("short write")) + "); logging stops";
        ::close(m_fd);
        m_fd = -1;
    }
}

} // namespace vrex::stats
