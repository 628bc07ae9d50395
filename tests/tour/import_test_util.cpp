#include "import_test_util.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

namespace vrex::tour::test {

namespace fs = std::filesystem;

fs::path import_data(const std::string& name) {
    return fs::path(VREX_SOURCE_DIR) / "tests/data/import" / name;
}

Imported import_fixture(const std::string& name) {
    Imported r;
    r.import = import_foreign_tour(import_data(name));
    LoadOptions options;
    options.check_files = false;
    if (!r.import.yaml.empty())
        r.load = load_tour_from_string(r.import.yaml, import_data(name).parent_path() / "tour.yaml", options);
    return r;
}

nlohmann::ordered_json source_json(const std::string& name) {
    std::ifstream in(import_data(name), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    if (fs::path(name).extension() == ".js") text = text.substr(text.find('{', text.find('=')));
    while (!text.empty() && text.back() != '}') text.pop_back();
    return nlohmann::ordered_json::parse(text);
}

Dir vrex_direction(double yaw_deg, double pitch_deg) {
    const double y = yaw_deg * M_PI / 180, p = pitch_deg * M_PI / 180;
    return {std::sin(y) * std::cos(p), std::sin(p), -std::cos(y) * std::cos(p)};
}

double angle_between(const Dir& a, const Dir& b) {
    const double la = std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    const double lb = std::sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
    const double c = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (la * lb);
    return std::acos(std::max(-1.0, std::min(1.0, c))) * 180 / M_PI;
}

const Diagnostic* find_diagnostic(const std::vector<Diagnostic>& all, const std::string& needle) {
    for (const Diagnostic& d : all)
        if (d.message.find(needle) != std::string::npos) return &d;
    return nullptr;
}

int line_containing(const std::string& name, const std::string& needle) {
    std::ifstream in(import_data(name));
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
        if (line.find(needle) != std::string::npos) return n;
    return 0;
}

} // namespace vrex::tour::test
