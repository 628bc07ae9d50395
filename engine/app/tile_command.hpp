#pragma once
// `vrex tile PANO -o DIR [--tile-size N] [--quality Q] [--preview-size N] [--threads N]`: an equirect (or six cube
// faces) cut into vrex's tile pyramid (media::write_tile_pyramid, docs/tiles.md).
#include <filesystem>
#include <iosfwd>
#include <vector>

namespace CLI {
class App;
}

namespace vrex::app {

struct TileOptions {
    std::vector<std::filesystem::path> inputs; // one equirect, or six faces: front, right, back, left, up, down
    std::filesystem::path output;
    int tile_size = 512;
    int quality = 90;
    int preview_size = 1024;
    int threads = 0;
};

void add_tile(CLI::App& cli, TileOptions& options);

// Writes the pyramid; progress on `out` when it is a terminal (one line, rewritten), a summary at the end. 0 when
// written, 1 when the input cannot be read or the output written (the reason on `err`).
int run_tile(const TileOptions& options, std::ostream& out, std::ostream& err);

} // namespace vrex::app
