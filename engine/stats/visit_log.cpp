// The statistics log reader: one JSON object a line (nlohmann::json), each checked before it is used.
#include "stats/visit_log.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "core/file.hpp"

namespace vrex::stats {
namespace {

using nlohmann::json;

// Why a line is not used, or nullopt when it is.
using Problem = std::optional<std::string>;

std::optional<std::string> string_field(const json& line, const char* key, Problem& problem) {
    const auto it = line.find(key);
    if (it == line.end() || !it->is_string()) {
        problem = std::string("no \"") + key + "\" string";
        return std::nullopt;
    }
    std::string value = it->get<std::string>();
    if (value.size() > k_max_id_bytes) {
        problem = std::string("\"") + key + "\" longer than " + std::to_string(k_max_id_bytes) + " bytes";
        return std::nullopt;
    }
    return value;
}

// An optional string field of visit_start: "" when absent, a problem when present but not a short string.
std::string optional_string(const json& line, const char* key, Problem& problem) {
    if (!line.contains(key)) return "";
    const std::optional<std::string> s = string_field(line, key, problem);
    return s.value_or("");
}

std::optional<double> number_field(const json& line, const char* key, double lo, double hi, Problem& problem) {
    const auto it = line.find(key);
    if (it == line.end() || !it->is_number()) {
        problem = std::string("no \"") + key + "\" number";
        return std::nullopt;
    }
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < lo || v > hi) {
        std::ostringstream text;
        text << "\"" << key << "\" is " << v << ", outside " << lo << " to " << hi;
        problem = text.str();
        return std::nullopt;
    }
    return v;
}

// Reads one file's lines into visits.
class Reader {
public:
    Reader(const std::string& name, LogRead& out) : m_name(name), m_out(out) {}
    void line(std::string_view text, int number, bool cut);
    void finish() { close_visit(); }

private:
    Problem use(const json& line, const std::string& event, double time);
    Problem use_in_visit(const json& line, const std::string& event, double time);
    void warn(int number, int column, const std::string& why);
    void close_visit();
    void close_stay(double time);

    const std::string& m_name;
    LogRead& m_out;
    std::optional<Visit> m_visit;
    bool m_stay_open = false;
    int m_number = 0;
};

void Reader::warn(int number, int column, const std::string& why) {
    std::string where = m_name + ":" + std::to_string(number);
    if (column > 0) where += ":" + std::to_string(column);
    m_out.warnings.push_back(where + ": " + why + "; skipped");
    ++m_out.skipped;
}

void Reader::line(std::string_view text, int number, bool cut) {
    m_number = number;
    if (text.empty()) return;
    ++m_out.lines;
    if (text.size() > k_max_line_bytes)
        return warn(number, 0, "a line longer than " + std::to_string(k_max_line_bytes) + " bytes");
    json line;
    try {
        line = json::parse(text);
    } catch (const json::exception& e) {
        if (cut) return warn(number, 0, "the last line is cut short (the viewer stopped while writing it)");
        const auto* parse = dynamic_cast<const json::parse_error*>(&e);
        const int column = parse ? int(std::min<std::size_t>(parse->byte, text.size() + 1)) : 0;
        return warn(number, column, "not JSON");
    }
    if (!line.is_object()) return warn(number, 0, "not a JSON object");
    Problem problem;
    const std::optional<std::string> event = string_field(line, "event", problem);
    const std::optional<double> time = event ? number_field(line, "time", 0, 1e9, problem) : std::nullopt;
    if (event && time) problem = use(line, *event, *time);
    if (problem) warn(number, 0, *problem);
}

Problem Reader::use(const json& line, const std::string& event, double time) {
    Problem problem;
    if (event == "visit_start") {
        close_visit();
        Visit v;
        v.file = m_name;
        v.line = m_number;
        v.tour = optional_string(line, "tour", problem);
        v.language = optional_string(line, "language", problem);
        v.mode = optional_string(line, "mode", problem);
        v.utc = optional_string(line, "utc", problem);
        v.version = optional_string(line, "vrex", problem);
        if (problem) return problem;
        v.end = time;
        m_visit = std::move(v);
        return std::nullopt;
    }
    if (!m_visit) return "a \"" + event + "\" line before any visit_start";
    if (time < m_visit->end)
        return "time " + std::to_string(time) + " goes back (the line before says " + std::to_string(m_visit->end) +
               ")";
    problem = use_in_visit(line, event, time);
    if (!problem) m_visit->end = time;
    return problem;
}

Problem Reader::use_in_visit(const json& line, const std::string& event, double time) {
    Problem problem;
    Visit& v = *m_visit;
    if (event == "scene_entered") {
        const auto scene = string_field(line, "scene", problem);
        if (!scene) return problem;
        close_stay(time);
        v.stays.push_back({*scene, time, time});
        m_stay_open = true;
    } else if (event == "scene_left") {
        close_stay(time);
    } else if (event == "visit_end") {
        close_stay(time);
        v.ended = true;
    } else if (event == "view") {
        const auto scene = string_field(line, "scene", problem);
        const auto yaw = scene ? number_field(line, "yaw", -180, 180, problem) : std::nullopt;
        const auto pitch = yaw ? number_field(line, "pitch", -90, 90, problem) : std::nullopt;
        if (!pitch) return problem;
        v.views.push_back({*scene, *yaw, *pitch});
    } else if (event == "hotspot_activated") {
        const auto scene = string_field(line, "scene", problem);
        const auto hotspot = scene ? string_field(line, "hotspot", problem) : std::nullopt;
        if (!hotspot) return problem;
        v.activations.push_back({*scene, *hotspot});
    } else if (event == "language_changed") {
        const auto language = string_field(line, "language", problem);
        if (!language) return problem;
        v.language_changes.push_back(*language);
    }
    // Other events (panel_opened, ...: the --events names) are kept in the file for people, not summed here.
    return std::nullopt;
}

void Reader::close_stay(double time) {
    if (!m_visit || !m_stay_open) return;
    m_visit->stays.back().leave = time;
    m_stay_open = false;
}

void Reader::close_visit() {
    if (!m_visit) return;
    close_stay(m_visit->end); // a visit cut short: its last scene lasted until the last line written
    m_out.visits.push_back(std::move(*m_visit));
    m_visit.reset();
}

} // namespace

void read_visit_text(std::string_view text, const std::string& name, LogRead& out) {
    Reader reader(name, out);
    int number = 0;
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t end = text.find('\n', begin);
        const bool cut = end == std::string_view::npos; // no newline: the writer was stopped inside this line
        std::string_view line = text.substr(begin, cut ? std::string_view::npos : end - begin);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        reader.line(line, ++number, cut);
        begin = cut ? text.size() : end + 1;
    }
    reader.finish();
    ++out.files;
}

core::Expected<LogRead, std::string> read_visit_logs(const std::filesystem::path& path) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(path, ec)) {
        for (const auto& entry : std::filesystem::directory_iterator(path, ec))
            if (entry.path().extension() == ".jsonl" && entry.is_regular_file(ec)) files.push_back(entry.path());
        if (ec) return core::unexpected(path.string() + ": cannot list the folder (" + ec.message() + ")");
        std::sort(files.begin(), files.end());
    } else if (std::filesystem::is_regular_file(path, ec)) {
        files.push_back(path);
    } else {
        return core::unexpected(path.string() + ": no such folder or log file");
    }
    LogRead out;
    for (const std::filesystem::path& file : files) {
        // Plain files only (a FIFO is refused without waiting on it), none over the limit.
        auto bytes = core::read_file(file, k_max_log_file_bytes);
        if (!bytes) {
            out.warnings.push_back(bytes.error() + "; skipped");
            continue;
        }
        read_visit_text(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), file.string(),
                        out);
    }
    return out;
}

} // namespace vrex::stats
