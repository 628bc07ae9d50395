// `vrex tile`: the command line around media::write_tile_pyramid.
#include "app/tile_command.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

#include "media/tile_writer.hpp"

namespace vrex::app {

void add_tile(CLI::App& cli, TileOptions& o) {
    CLI::App* tile = cli.add_subcommand(
        "tile", "Cut an equirect (or six cube faces) into a tiled multiresolution pyramid a tour can name");
    tile->add_option("input", o.inputs,
                     "An equirect panorama (2:1; JPEG up to 32768x16384), or six square faces: front, right, back, "
                     "left, up, down")
        ->required()
        ->check(CLI::ExistingFile);
    tile->add_option("-o,--output", o.output, "Folder for the pyramid (made if needed; a pyramid there is replaced)")
        ->required();
    tile->add_option("--tile-size", o.tile_size, "Tile side in pixels (512)")->check(CLI::Range(16, 4096));
    tile->add_option("--quality", o.quality, "JPEG quality of the tiles and the preview (90)")
        ->check(CLI::Range(1, 100));
    tile->add_option("--preview-size", o.preview_size, "Width of the preview equirect, pixels (1024)")
        ->check(CLI::Range(8, 8192));
    tile->add_option("--threads", o.threads, "Worker threads (default: one per hardware thread)")
        ->check(CLI::Range(1, 256));
}

int run_tile(const TileOptions& o, std::ostream& out, std::ostream& err) {
    if (o.inputs.size() != 1 && o.inputs.size() != 6) {
        err << "vrex tile: give one equirect or six cube faces, not " << o.inputs.size() << " files\n";
        return 1;
    }
    media::TileWriterOptions w;
    w.tile_size = o.tile_size;
    w.quality = o.quality;
    w.preview_width = o.preview_size;
    w.threads = o.threads;
    const bool tty = &out == &std::cout && ::isatty(STDOUT_FILENO);
    if (tty)
        w.progress = [&out](int64_t done, int64_t total) {
            out << "\rtiles " << done << " / " << total << " (" << (100 * done / std::max<int64_t>(1, total)) << "%)"
                << std::flush;
        };
    const auto start = std::chrono::steady_clock::now();
    auto result = media::write_tile_pyramid(o.inputs, o.output, w);
    if (tty) out << "\n";
    if (!result) {
        err << "vrex tile: " << result.error() << "\n";
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto& levels = result->manifest.levels;
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f", seconds);
    out << o.output.string() << ": " << result->tiles << " tiles, " << levels.size() << " levels, faces "
        << levels.front().face_size << " to " << levels.back().face_size << " px, " << o.tile_size << " px tiles, in "
        << secs << " s\n";
    return 0;
}

} // namespace vrex::app
