#pragma once
// Internal to the importers: reading JSON through yaml-cpp (which keeps each node's line), diagnostics that name
// the source file and line, and angle helpers.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tour/import.hpp"

namespace vrex::tour::import_detail {

constexpr double k_pi = 3.14159265358979323846;
constexpr double k_deg_per_rad = 180.0 / k_pi;
// Nodes visited per import at most: bounds the work a file of aliases (YAML reads them, JSON has none) can cause.
constexpr std::size_t k_max_nodes = 200000;

// A place in the source: 1-based line and column (0 = unknown).
struct At {
    At(int line_ = 0, int col_ = 0) : line(line_), col(col_) {}
    int line, col;
};

// Where the diagnostics of one import go.
class Sink {
public:
    Sink(const std::filesystem::path& file, std::vector<Diagnostic>& out) : m_file(file.string()), m_out(out) {}
    void warning(At at, std::string message, std::string field = {}) {
        add(Severity::Warning, at, std::move(message), std::move(field));
    }
    void error(At at, std::string message, std::string field = {}) {
        add(Severity::Error, at, std::move(message), std::move(field));
    }
    // Counts a visited node; false (reported once) past k_max_nodes.
    bool take();

private:
    void add(Severity severity, At at, std::string message, std::string field);
    std::string m_file;
    std::vector<Diagnostic>& m_out;
    std::size_t m_nodes = 0;
};

// 1-based line of a node; 0 when unknown.
int line_of(const YAML::Node& node);
// Line and column (1-based, in bytes) of a node.
At at(const YAML::Node& node);

// The text without a UTF-8 byte-order mark.
std::string_view strip_bom(std::string_view text);

// Parses JSON (or YAML) text; a syntax error becomes an error at its line. Null node when it cannot be read.
YAML::Node parse_json(std::string_view text, Sink& sink);

// A scalar that reads as a finite number.
std::optional<double> number(const YAML::Node& node);
// A number as an int, clamped to ±1e9 (the loader judges the range); 0 when absent or not a number.
int whole_number(const YAML::Node& node);
// A scalar's text; "" for anything else.
std::string text(const YAML::Node& node);
bool is_map(const YAML::Node& node);
// node[key] when node is a map, else a null node (yaml-cpp throws on a subscript of a text or a missing node).
YAML::Node child(const YAML::Node& node, const char* key);
bool is_list(const YAML::Node& node);

// Warns, at each key's line, for keys of `map` in neither `handled` nor `ignored` ("`key` is not carried over").
void warn_unknown_keys(const YAML::Node& map, std::initializer_list<std::string_view> handled,
                       std::initializer_list<std::string_view> ignored, Sink& sink, const std::string& what);

// Wraps degrees into (-180, 180].
double wrap180(double degrees);

// vrex yaw/pitch (degrees) of a unit direction in vrex's world (DESIGN.md §2: (sin y cos p, sin p, -cos y cos p)).
void direction_to_yaw_pitch(double x, double y, double z, double& yaw, double& pitch);

// "%.9g" without trailing noise.
std::string format_number(double value);

// The importers (import_*.cpp).
void parse_pannellum(const YAML::Node& root, ImportedTour& tour, Sink& sink);
void parse_marzipano(const YAML::Node& root, ImportedTour& tour, Sink& sink);
void parse_vrview(const YAML::Node& root, ImportedTour& tour, Sink& sink);
void parse_psv(const YAML::Node& root, ImportedTour& tour, Sink& sink);
void parse_krpano(std::string_view text, ImportedTour& tour, Sink& sink);

// Marzipano's data.js (`var APP_DATA = {...};`) as the JSON text of its object, with the lines kept (what comes
// before the object becomes spaces and newlines). nullopt when no object is found.
std::optional<std::string> marzipano_object_text(std::string_view text);

} // namespace vrex::tour::import_detail
