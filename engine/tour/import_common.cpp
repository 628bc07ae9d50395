// What every importer shares: JSON through yaml-cpp, diagnostics with the source's lines, format detection, and the
// path from a foreign file to a loaded tour.
#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/file.hpp"
#include "tour/import_detail.hpp"

namespace vrex::tour {
namespace import_detail {

bool Sink::take() {
    if (++m_nodes == k_max_nodes + 1) error(0, "the file has too many entries to be a tour; stopped reading it");
    return m_nodes <= k_max_nodes;
}

void Sink::add(Severity severity, At at, std::string message, std::string field) {
    m_out.push_back({severity, m_file, at.line, at.col, std::move(message), std::move(field)});
}

int line_of(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.line >= 0 ? mark.line + 1 : 0;
}

At at(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.line >= 0 ? At(mark.line + 1, mark.column + 1) : At();
}

std::string_view strip_bom(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

YAML::Node parse_json(std::string_view text, Sink& sink) {
    try {
        return YAML::Load(std::string(strip_bom(text)));
    } catch (const YAML::Exception& e) {
        sink.error(e.mark.line >= 0 ? At(e.mark.line + 1, e.mark.column + 1) : At(), "cannot read the file: " + e.msg);
    }
    return YAML::Node();
}

std::optional<double> number(const YAML::Node& node) {
    if (!node || !node.IsScalar()) return std::nullopt;
    const std::string& s = node.Scalar();
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

int whole_number(const YAML::Node& node) {
    const auto v = number(node);
    return v ? int(std::clamp(*v, -1e9, 1e9)) : 0;
}

std::string text(const YAML::Node& node) {
    return node && node.IsScalar() ? node.Scalar() : std::string();
}
bool is_map(const YAML::Node& node) {
    return node && node.IsMap();
}
YAML::Node child(const YAML::Node& node, const char* key) {
    return is_map(node) ? node[key] : YAML::Node();
}
bool is_list(const YAML::Node& node) {
    return node && node.IsSequence();
}

void warn_unknown_keys(const YAML::Node& map, std::initializer_list<std::string_view> handled,
                       std::initializer_list<std::string_view> ignored, Sink& sink, const std::string& what) {
    if (!is_map(map)) return;
    for (const auto& kv : map) {
        if (!sink.take()) return;
        const std::string key = text(kv.first);
        const auto known = [&](std::initializer_list<std::string_view> keys) {
            return std::find(keys.begin(), keys.end(), key) != keys.end();
        };
        if (!known(handled) && !known(ignored))
            sink.warning(at(kv.first), what + ": `" + key + "` is not carried over");
    }
}

double wrap180(double degrees) {
    double w = std::fmod(degrees, 360.0);
    if (w <= -180) w += 360;
    if (w > 180) w -= 360;
    return w;
}

void direction_to_yaw_pitch(double x, double y, double z, double& yaw, double& pitch) {
    const double n = std::sqrt(x * x + y * y + z * z);
    pitch = std::asin(std::clamp(y / n, -1.0, 1.0)) * k_deg_per_rad;
    yaw = std::atan2(x, -z) * k_deg_per_rad;
}

std::string format_number(double value) {
    if (std::fabs(value) < 5e-10) value = 0;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", value);
    return buf;
}

} // namespace import_detail

namespace {
namespace fs = std::filesystem;
using namespace import_detail;

std::string lower_extension(const fs::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

bool every_value_has(const YAML::Node& map, const char* key) {
    if (!is_map(map) || map.size() == 0) return false;
    for (const auto& kv : map)
        if (!is_map(kv.second) || !kv.second[key]) return false;
    return true;
}

ImportFormat detect_json(const YAML::Node& root) {
    if (!is_map(root) || root["tour"]) return ImportFormat::Unknown;
    const YAML::Node scenes = root["scenes"];
    if (is_map(scenes)) return ImportFormat::Pannellum;
    if (is_list(scenes) && scenes.size() > 0 && is_map(scenes[0]) &&
        (scenes[0]["levels"] || scenes[0]["linkHotspots"] || scenes[0]["initialViewParameters"]))
        return ImportFormat::Marzipano;
    if (is_list(root["nodes"])) return ImportFormat::PhotoSphereViewer;
    if (!scenes && (root["panorama"] || root["cubeMap"] || root["multiRes"] || root["type"]))
        return ImportFormat::Pannellum;
    if (!scenes && every_value_has(root, "image")) return ImportFormat::VrView;
    return ImportFormat::Unknown;
}

// For each line of the emitted YAML, the source line named by the last "# NAME:LINE" comment above it (0 before any).
std::vector<int> source_line_by_yaml_line(std::string_view yaml, const std::string& name) {
    std::vector<int> lines;
    int current = 0;
    const std::string marker = "# " + name + ":";
    std::size_t start = 0;
    while (start < yaml.size()) {
        std::size_t end = yaml.find('\n', start);
        if (end == std::string_view::npos) end = yaml.size();
        const std::string_view line = yaml.substr(start, end - start);
        if (const std::size_t at = line.find(marker); at != std::string_view::npos)
            current = std::atoi(std::string(line.substr(at + marker.size())).c_str());
        lines.push_back(current);
        start = end + 1;
    }
    return lines;
}

} // namespace

std::string_view import_format_name(ImportFormat format) {
    switch (format) {
    case ImportFormat::Pannellum:
        return "Pannellum";
    case ImportFormat::Marzipano:
        return "Marzipano";
    case ImportFormat::VrView:
        return "Google VR View";
    case ImportFormat::Krpano:
        return "krpano";
    case ImportFormat::PhotoSphereViewer:
        return "Photo Sphere Viewer";
    case ImportFormat::Unknown:
        break;
    }
    return "";
}

ImportFormat detect_import_format(const fs::path& file, std::string_view content) {
    content = strip_bom(content);
    const std::string ext = lower_extension(file);
    if (ext == ".xml")
        return content.find("<krpano") != std::string_view::npos ? ImportFormat::Krpano : ImportFormat::Unknown;
    if (ext == ".js") {
        const auto object = marzipano_object_text(content);
        if (!object) return ImportFormat::Unknown;
        try {
            return detect_json(YAML::Load(*object)) == ImportFormat::Marzipano ? ImportFormat::Marzipano
                                                                               : ImportFormat::Unknown;
        } catch (const YAML::Exception&) {
            return ImportFormat::Unknown;
        }
    }
    if (ext != ".json" && ext != ".yaml" && ext != ".yml") return ImportFormat::Unknown;
    try {
        return detect_json(YAML::Load(std::string(content)));
    } catch (const YAML::Exception&) {
        return ImportFormat::Unknown;
    }
}

ImportedTour parse_foreign_tour(ImportFormat format, std::string_view content, const fs::path& file) {
    ImportedTour tour;
    tour.format = format;
    tour.source = file;
    Sink sink(file, tour.diagnostics);
    if (format == ImportFormat::Krpano) {
        parse_krpano(strip_bom(content), tour, sink);
        return tour;
    }
    std::string object;
    if (format == ImportFormat::Marzipano && lower_extension(file) == ".js") {
        auto found = marzipano_object_text(strip_bom(content));
        if (!found) {
            sink.error(1, "no `var NAME = {...};` object found: not a Marzipano data.js");
            return tour;
        }
        object = std::move(*found);
        content = object;
    }
    const YAML::Node root = parse_json(content, sink);
    if (!is_map(root)) {
        if (count_errors(tour.diagnostics) == 0) sink.error(1, "expected a JSON object");
        return tour;
    }
    try {
        switch (format) {
        case ImportFormat::Pannellum:
            parse_pannellum(root, tour, sink);
            break;
        case ImportFormat::Marzipano:
            parse_marzipano(root, tour, sink);
            break;
        case ImportFormat::VrView:
            parse_vrview(root, tour, sink);
            break;
        case ImportFormat::PhotoSphereViewer:
            parse_psv(root, tour, sink);
            break;
        default:
            sink.error(0, "not a tour vrex can import");
            break;
        }
    } catch (const YAML::Exception& e) {
        // A value of an unexpected kind (a text where a map belongs) that a reader did not check first.
        sink.error(e.mark.line >= 0 ? At(e.mark.line + 1, e.mark.column + 1) : At(), "unexpected structure: " + e.msg);
    }
    if (tour.scenes.empty() && count_errors(tour.diagnostics) == 0) sink.error(0, "the file has no scenes");
    return tour;
}

MediaPathMap media_paths_beside_source() {
    return [](const std::string& written, std::string& why) -> std::optional<std::string> {
        if (written.find("://") != std::string::npos) {
            why = "a URL (" + written + "); vrex reads media from the tour's folder only";
            return std::nullopt;
        }
        const fs::path p = fs::path(written).lexically_normal();
        if (p.is_absolute() || p.empty() || *p.begin() == "..") {
            why = "`" + written + "` is not inside the source's folder";
            return std::nullopt;
        }
        return p.generic_string();
    };
}

ImportResult import_foreign_tour(const fs::path& file, const MediaPathMap& paths, std::size_t max_bytes) {
    ImportResult r;
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec || size > max_bytes) {
        r.diagnostics.push_back({Severity::Error, file.string(), 0, 0,
                                 ec ? "cannot read the file: " + ec.message() : "the file is too large to be a tour",
                                 ""});
        return r;
    }
    auto bytes = core::read_file(file);
    if (!bytes) {
        r.diagnostics.push_back({Severity::Error, file.string(), 0, 0, bytes.error(), ""});
        return r;
    }
    const std::string content(bytes->begin(), bytes->end());
    r.format = detect_import_format(file, content);
    if (r.format == ImportFormat::Unknown) {
        r.diagnostics.push_back({Severity::Error, file.string(), 0, 0,
                                 "not a tour of a viewer vrex imports (Pannellum, Marzipano, Google VR View, krpano, "
                                 "Photo Sphere Viewer)",
                                 ""});
        return r;
    }
    ImportedTour tour = parse_foreign_tour(r.format, content, file);
    r.diagnostics = tour.diagnostics;
    r.summary = std::string(import_format_name(r.format)) + " tour, " + std::to_string(tour.scenes.size()) +
                (tour.scenes.size() == 1 ? " scene" : " scenes");
    if (!tour.scenes.empty()) r.yaml = emit_tour_yaml(tour, paths ? paths : media_paths_beside_source(), r.diagnostics);
    r.tour = std::move(tour);
    return r;
}

bool looks_like_foreign_tour(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    const std::string ext = lower_extension(path);
    if (ext != ".json" && ext != ".js" && ext != ".xml" && ext != ".yaml" && ext != ".yml") return false;
    const auto size = fs::file_size(path, ec);
    if (ec || size > k_default_max_file_bytes) return false;
    auto bytes = core::read_file(path);
    return bytes && detect_import_format(path, std::string(bytes->begin(), bytes->end())) != ImportFormat::Unknown;
}

LoadResult load_foreign_tour(const fs::path& file, const LoadOptions& options, std::string* summary) {
    ImportResult imported = import_foreign_tour(file, {}, options.max_file_bytes);
    if (summary) *summary = imported.summary;
    LoadResult loaded;
    if (!imported.yaml.empty()) {
        const fs::path virtual_path = file.parent_path() / (file.filename().string() + ".vrex.yaml");
        loaded = load_tour_from_string(imported.yaml, virtual_path, options);
    }
    // The loader's findings point into the imported text, which no one has seen; they are moved to the source's
    // line of the scene or hotspot they are in (the emitter's "# file:line" comments), the field path kept.
    const std::vector<int> source_lines = source_line_by_yaml_line(imported.yaml, file.filename().string());
    for (Diagnostic& d : loaded.diagnostics) {
        d.file = file.string();
        d.line = d.line > 0 && std::size_t(d.line) <= source_lines.size() ? source_lines[d.line - 1] : 0;
        d.col = 0;
    }
    std::vector<Diagnostic> all = std::move(imported.diagnostics);
    all.insert(all.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    loaded.diagnostics = std::move(all);
    if (count_errors(loaded.diagnostics) > 0) loaded.tour.reset();
    return loaded;
}

} // namespace vrex::tour
