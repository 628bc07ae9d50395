#pragma once
// `vrex tile`: an equirect (or six cube faces) cut into vrex's tile pyramid on disk (docs/tiles.md): the finest
// level sampled from the source bilinearly in linear light, each coarser one a 2x2 box of the finer (in linear
// light), every level cut into square JPEG tiles; a small equirect preview; the manifest (tiles.json) last, so an
// interrupted run leaves no pyramid that reads.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "media/tiles.hpp"

namespace vrex::media {

struct TileWriterOptions {
    int tile_size = 512;
    int quality = 90;         // JPEG quality, 1-100
    int preview_width = 1024; // the preview equirect's width (its height is half)
    int threads = 0;          // 0: one per hardware thread
    // Called now and then from the calling thread: tiles written so far, and in all.
    std::function<void(int64_t done, int64_t total)> progress;
};

// A finest face at least as fine as the equirect at its equator: ceil(width / pi), rounded up to a multiple of 8
// (render::cube_face_size without a cap).
int tile_face_size(uint32_t equirect_width);

// Face sizes of the pyramid, coarsest first: the finest halved (as downscale_half: floor, at least 1) until a face
// fits in one tile.
std::vector<TileLevel> tile_levels(int finest_face_size, int tile_size);

struct TileWriterResult {
    VrexManifest manifest;
    int64_t tiles = 0;
};

// `sources`: one equirect (2:1; JPEG up to 32768 x 16384, decoded whole, 3 bytes a pixel; other formats within
// decode_image's limits), or six square faces of one size in vrex's order (front, right, back, left, up, down).
// Errors name the file.
core::Expected<TileWriterResult, std::string> write_tile_pyramid(const std::vector<std::filesystem::path>& sources,
                                                                 const std::filesystem::path& folder,
                                                                 const TileWriterOptions& options);

} // namespace vrex::media
