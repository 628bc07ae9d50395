#pragma once
// Helpers for the importer tests: the fixtures in tests/data/import, an import loaded as a vrex tour (media not
// checked), the source's JSON read independently (nlohmann, not the importer's yaml-cpp), and angles between
// directions.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <string>

#include "tour/import.hpp"

namespace vrex::tour::test {

std::filesystem::path import_data(const std::string& name);

struct Imported {
    ImportResult import;
    LoadResult load; // the emitted YAML through load_tour_from_string, file checks off
};
Imported import_fixture(const std::string& name);

// The JSON of a fixture (.js: the object after `=`), parsed by nlohmann.
nlohmann::ordered_json source_json(const std::string& name);

using Dir = std::array<double, 3>;
// DESIGN.md §2: the direction of vrex's (yaw, pitch), degrees.
Dir vrex_direction(double yaw_deg, double pitch_deg);
// Angle between two directions, degrees.
double angle_between(const Dir& a, const Dir& b);

// The first diagnostic whose message contains `needle`, or nullptr.
const Diagnostic* find_diagnostic(const std::vector<Diagnostic>& all, const std::string& needle);
// The 1-based line of the first line of a fixture containing `needle`; 0 when none.
int line_containing(const std::string& name, const std::string& needle);

} // namespace vrex::tour::test
