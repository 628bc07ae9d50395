#pragma once
// Problems found in a tour file, with the place they were found, for people (format_diagnostic) and for
// editors and CI (diagnostics_to_json).
#include <cstddef>
#include <string>
#include <vector>

namespace vrex::tour {

enum class Severity { Error, Warning };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file; // the tour file as given to the loader
    int line = 0;     // 1-based; 0 = the file as a whole
    int col = 0;      // 1-based, in characters
    std::string message;
    std::string field_path; // e.g. "scenes[2].hotspots[0].target"; "" for the file as a whole
};

// "file:line:col: error: message (field.path)"; the position and path parts are left out when unknown.
std::string format_diagnostic(const Diagnostic& d);

// {"errors":N,"warnings":M,"diagnostics":[{"file":…,"line":…,"column":…,"severity":"error","message":…,
// "path":…}]}. Text is UTF-8; invalid bytes become U+FFFD so the output is always valid JSON.
std::string diagnostics_to_json(const std::vector<Diagnostic>& diagnostics);

std::size_t count_errors(const std::vector<Diagnostic>& diagnostics);
std::size_t count_warnings(const std::vector<Diagnostic>& diagnostics);

} // namespace vrex::tour
