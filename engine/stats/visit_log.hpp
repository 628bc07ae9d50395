#pragma once
// Reading the statistics logs of `vrex view --stats` (docs/stats.md). The files are untrusted bytes (copied from
// kiosks, edited, cut short by a crash): every line that cannot be used is skipped with a warning that names
// file:line (and the column, for a JSON syntax error); the reader never throws on bad input.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace vrex::stats {

inline constexpr std::size_t k_max_line_bytes = 64 * 1024;           // a longer line is skipped
inline constexpr std::uintmax_t k_max_log_file_bytes = 256ull << 20; // a larger file is skipped unread
inline constexpr std::size_t k_max_id_bytes = 256;                   // scene, hotspot and language ids

struct SceneStay {
    std::string scene;
    double enter = 0; // seconds since the visit began
    double leave = 0;
};

struct ViewSample {
    std::string scene;
    double yaw = 0;   // degrees, (-180, 180]
    double pitch = 0; // degrees, [-90, 90]
};

struct Activation {
    std::string scene;
    std::string hotspot;
};

// One visit: from a visit_start line to the next one or the end of its file.
struct Visit {
    std::string file; // where it was read, and the line of its visit_start
    int line = 0;
    std::string tour, language, mode, utc, version;
    std::vector<SceneStay> stays; // in order; the last one ends at the visit's last time when not closed
    std::vector<Activation> activations;
    std::vector<std::string> language_changes;
    std::vector<ViewSample> views;
    double end = 0;     // the last time seen
    bool ended = false; // a visit_end line was read (else the viewer stopped without one)
};

struct LogRead {
    std::vector<Visit> visits;
    std::vector<std::string> warnings; // "file:line: ...; skipped"
    std::size_t files = 0, lines = 0, skipped = 0;
};

// Reads the text of one log file into `out` (its visits appended). `name` is used in warnings.
void read_visit_text(std::string_view text, const std::string& name, LogRead& out);

// Reads `path`: a folder's *.jsonl files (sorted by name; not its subfolders) or one file. An error only when
// `path` cannot be read at all (missing, not a folder or file); unreadable or oversized files are warnings.
core::Expected<LogRead, std::string> read_visit_logs(const std::filesystem::path& path);

} // namespace vrex::stats
