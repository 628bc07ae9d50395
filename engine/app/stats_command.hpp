#pragma once
// `vrex stats DIR [-o OUT] [--tour TOUR] [--json]`: what visitors did and looked at, from the logs of
// `vrex view --stats DIR` (docs/stats.md).
#include <filesystem>
#include <iosfwd>
#include <optional>

namespace vrex::app {

struct StatsOptions {
    std::filesystem::path logs;                // a folder of visit-*.jsonl, or one such file
    std::optional<std::filesystem::path> out;  // the report folder; default: `logs`/report (beside a single file)
    std::optional<std::filesystem::path> tour; // default: the tour the logs name
    bool json = false;                         // the summary as JSON instead of a table
    double sigma_deg = 3.0;                    // heat maps: the Gaussian's standard deviation
    uint32_t width = 1024;                     // heat maps: width (height is half)
};

// Prints the summary on `out` and writes the report; warnings (skipped lines, a tour that cannot be found) on `err`.
// Returns 0, or 1 when the logs cannot be read at all or the report cannot be written.
int run_stats(const StatsOptions& options, std::ostream& out, std::ostream& err);

} // namespace vrex::app
