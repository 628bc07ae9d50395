#pragma once
// Loading a tour file. The loader never throws and never stops at the first problem: it returns the tour
// when it has no errors, and every diagnostic it found, sorted by position.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "tour/diagnostic.hpp"
#include "tour/tour.hpp"

namespace vrex::tour {

struct ImageSize {
    int width = 0;
    int height = 0;
};

// Larger tour files are refused unread: a real tour is well under 1 MB, and the YAML parser needs about
// 80 times a file's size in memory.
constexpr std::size_t k_default_max_file_bytes = 4u << 20;

struct LoadOptions {
    // Reads an image's size from its header, or says why it cannot (an image too large to decode is such a reason).
    // nullptr skips the image checks (2:1 equirects, square cube faces). The app passes media's probe; tour/ does
    // not decode images.
    std::function<core::Expected<ImageSize, std::string>(const std::filesystem::path&)> probe_image;
    // Check that referenced files exist and (with probe_image) their sizes. Off, only the paths themselves are
    // checked (relative, inside the tour's folder, not URLs), which is what a tour without its media needs; files
    // that are there must still be plain files inside the tour's folder (no FIFO, folder or link out of it).
    bool check_files = true;
    // Reads a model exhibit's file fully and says what is wrong with it ("" when it is fine). nullptr skips that
    // (the viewer loads models when they are shown; `vrex lint` passes media's loader, so curators learn of a
    // broken model before a visitor does).
    std::function<std::string(const std::filesystem::path&)> check_model;
    // Reads a tiled panorama's manifest or layout and checks that its coarsest level's tiles are there ("" when
    // fine; relative paths are against `tour_folder`). nullptr: only the paths and, for a vrex pyramid, its
    // manifest's presence are checked. The app passes media's reader (scene::check_tiles).
    std::function<std::string(const Tiles& tiles, const std::filesystem::path& tour_folder)> check_tiles;
    std::size_t max_file_bytes = k_default_max_file_bytes;
    // When set, every referenced file that passes the file checks (there, a plain file, inside the tour's folder) is
    // appended as its FileRef::path (a vrex pyramid: its tiles.json). `vrex pack` collects a tour's files this way.
    std::vector<std::filesystem::path>* found_files = nullptr;
};

struct LoadResult {
    std::optional<Tour> tour; // set exactly when there are no errors (warnings allowed)
    std::vector<Diagnostic> diagnostics;

    bool ok() const { return tour.has_value(); }
};

// `path` is a tour file, or a folder holding `tour.yaml`.
LoadResult load_tour(const std::filesystem::path& path, const LoadOptions& options = {});

// The same for text in memory; `virtual_path` names the file in diagnostics and its folder is the tour's folder.
LoadResult load_tour_from_string(std::string_view text, const std::filesystem::path& virtual_path,
                                 const LoadOptions& options = {});

} // namespace vrex::tour
