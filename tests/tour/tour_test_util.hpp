#pragma once
// Helpers shared by the tour tests: temporary folders, small PNGs, an image-size probe, and diagnostic lookups.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "tour/load.hpp"

namespace vrex::tour::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp folder, removed with everything in it at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return m_path; }
    fs::path write(const fs::path& relative, std::string_view content) const;
    // Writes a grey PNG of the given size (folders are made as needed).
    fs::path write_png(const fs::path& relative, int width, int height) const;

private:
    fs::path m_path;
};

// Reads width and height from a PNG or baseline/progressive JPEG header; nullopt for anything else.
std::optional<ImageSize> probe_image_header(const fs::path& file);

LoadOptions options_with_probe();
LoadOptions options_without_files();

// Loads `text` as if it were `tour.yaml` in `dir` (or a made-up folder, with file checks off).
LoadResult load_text(std::string_view text, const TempDir& dir);
LoadResult load_text(std::string_view text);

// The first diagnostic whose message contains `needle`, or nullptr.
const Diagnostic* find(const LoadResult& r, std::string_view needle);

// Expects exactly one diagnostic containing `needle`, at line:col, with that severity and field path.
void expect_diagnostic(const LoadResult& r, std::string_view needle, int line, int col,
                       Severity severity = Severity::Error, std::string_view field_path = {});

// What every load must give, whatever the input: a tour exactly when there is no error, a tour with scenes, and
// diagnostics that each have a message, name `file`, point inside `text` (line 0 only for the file as a whole) and
// come sorted by position.
::testing::AssertionResult well_formed(const LoadResult& r, std::string_view text, const fs::path& file);

// All diagnostics, formatted, for failure messages.
std::string dump(const LoadResult& r);

} // namespace vrex::tour::test
