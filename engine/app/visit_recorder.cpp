#include "app/visit_recorder.hpp"

#include <ostream>

namespace vrex::app {

VisitRecorder::VisitRecorder(const std::optional<std::filesystem::path>& dir, const std::filesystem::path& tour,
                             const char* mode, std::ostream& err)
    : m_mode(mode), m_err(err) {
    if (!dir) return;
    auto log = stats::StatsLog::open(*dir);
    if (!log) {
        m_err << "vrex: --stats: " << log.error() << "; no statistics are kept\n";
        return;
    }
    m_log.emplace(std::move(*log));
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(tour, ec); // `vrex stats` may run elsewhere
    m_tour = (ec ? tour : absolute).lexically_normal().string();
}

void VisitRecorder::frame(double time, const Viewer& viewer, bool present, double yaw, double pitch) {
    if (!m_log || !present) return;
    if (!m_log->in_visit())
        m_log->begin_visit(time, {m_tour, viewer.scene().id, std::string(viewer.language()), m_mode});
    m_log->sample_view(time, yaw, pitch);
    if (!m_log->error().empty() && !m_error_reported) {
        m_err << "vrex: --stats: " << m_log->error() << "\n";
        m_error_reported = true;
    }
}

void VisitRecorder::event(const ViewerEvent& e) {
    if (!m_log) return;
    m_log->on_event(e);
    // A kiosk went back to the start for the next visitor: this visit ends; the next frame starts another.
    if (e.type == EventType::TourRestarted) m_log->end_visit(e.time);
}

void VisitRecorder::end(double time) {
    if (m_log) m_log->end_visit(time);
}

std::optional<std::string> check_stats_dir(const std::filesystem::path& dir) {
    auto log = stats::StatsLog::open(dir);
    if (!log) return log.error();
    return std::nullopt;
}

} // namespace vrex::app
