#include "app/model_watch.hpp"

#include <algorithm>
#include <cstdio>

namespace vrex::app {

void ModelLoadWatch::opened(const std::string& exhibit, double time, uint64_t frames, bool ready) {
    m_watch = Watch{exhibit, time, frames, time, 0.0, ready, false};
}

void ModelLoadWatch::became_ready(const std::string& exhibit, bool failed) {
    if (!m_watch || m_watch->exhibit != exhibit) return;
    m_watch->ready = true;
    m_watch->failed = failed;
}

void ModelLoadWatch::loading(const std::string& exhibit) {
    if (!m_watch || m_watch->exhibit != exhibit) return;
    m_watch->ready = false;
    m_watch->failed = false;
}

std::optional<std::string> ModelLoadWatch::presented(double time, uint64_t frames) {
    if (!m_watch) return std::nullopt;
    Watch& w = *m_watch;
    const double interval = time - w.last_present;
    w.last_present = time;
    // Readiness is noted before the frame is drawn (poll, then render): a frame
    // presented while ready is the first to show the model, and took its last
    // upload step and its first draw.
    if (!w.ready) {
        w.longest = std::max(w.longest, interval);
        return std::nullopt;
    }
    char line[400];
    std::snprintf(line, sizeof line,
                  "{\"event\":\"model_ready\",\"time\":%.6g,\"exhibit\":\"%s\","
                  "\"failed\":%s,\"frames\":%llu,"
                  "\"longest_frame_ms\":%.1f,\"ready_frame_ms\":%.1f}",
                  time, w.exhibit.c_str(), w.failed ? "true" : "false",
                  static_cast<unsigned long long>(frames - w.frames_at_open), w.longest * 1000.0, interval * 1000.0);
    m_watch.reset();
    return std::string(line);
}

} // namespace vrex::app
