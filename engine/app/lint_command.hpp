#pragma once
// `vrex lint TOUR [--json]`: checks a tour file and prints every problem found.
#include <filesystem>
#include <iosfwd>

#include "tour/load.hpp"

namespace vrex::app {

struct LintOptions {
    std::filesystem::path tour; // a tour file, or a folder holding tour.yaml
    bool json = false;          // print diagnostics_to_json instead of one line per problem
    tour::LoadOptions load;     // pass media's image probe here so panorama sizes are checked
};

// Prints the diagnostics to `out` ("file:line:col: error|warning: message (path)" lines and a count, or JSON;
// nothing at all for a clean tour in text mode). Returns the exit code: 0 without errors (warnings allowed),
// 1 otherwise. Never throws on a bad tour.
int run_lint(const LintOptions& options, std::ostream& out);

} // namespace vrex::app
