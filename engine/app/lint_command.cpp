#include "app/lint_command.hpp"

#include <ostream>

#include "tour/import.hpp"

namespace vrex::app {

namespace {
std::string plural(std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}
} // namespace

int run_lint(const LintOptions& options, std::ostream& out) {
    // Another viewer's tour is linted as imported: what the import could not carry over comes first, with the
    // source's lines, then what the loader finds in the imported tour.
    const tour::LoadResult result = tour::looks_like_foreign_tour(options.tour)
                                        ? tour::load_foreign_tour(options.tour, options.load)
                                        : tour::load_tour(options.tour, options.load);
    const std::size_t errors = tour::count_errors(result.diagnostics);
    if (options.json) {
        out << tour::diagnostics_to_json(result.diagnostics);
    } else if (!result.diagnostics.empty()) {
        for (const tour::Diagnostic& d : result.diagnostics) out << tour::format_diagnostic(d) << '\n';
        out << plural(errors, "error") << ", " << plural(result.diagnostics.size() - errors, "warning") << '\n';
    }
    out.flush();
    return errors == 0 ? 0 : 1;
}

} // namespace vrex::app
