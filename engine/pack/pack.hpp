#pragma once
// Exhibition packs (`vrex pack`, docs/pack.md): one zip file holding a tour, every file it references, and a manifest
// (`vrex-pack.json`) with each member's size and SHA-256. A pack is untrusted input: it is opened by verifying the
// manifest and every member against it, then extracting into a per-user cache folder keyed by the pack's SHA-256,
// from which the ordinary tour loader reads it.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace vrex::pack {

inline constexpr const char* k_manifest_name = "vrex-pack.json";
inline constexpr const char* k_format = "vrex-pack";
inline constexpr int k_format_version = 1;

// What a pack may claim before anything is decompressed; past them it is refused. A zip bomb is a member whose
// declared size is more than max_ratio times its compressed size (once over ratio_floor_bytes), or members
// together over max_total_bytes; a member that decompresses to more or fewer bytes than it declares is refused too.
struct PackLimits {
    uint64_t max_total_bytes = 16ull << 30;
    uint64_t max_member_bytes = 4ull << 30;
    uint64_t max_members = 200'000;
    uint64_t max_manifest_bytes = 16ull << 20;
    uint64_t max_ratio = 200;
    uint64_t ratio_floor_bytes = 1u << 20;
    std::size_t max_name_bytes = 1024;
};

struct ManifestMember {
    std::string name; // relative, '/'-separated, checked (see check_member_name)
    uint64_t size = 0;
    std::string sha256; // 64 lowercase hex digits
};

struct Manifest {
    std::string tour; // the tour file's member name
    std::vector<ManifestMember> members;
};

// A member to write: its name in the pack and the file it comes from.
struct PackInput {
    std::string name;
    std::filesystem::path source;
};

struct PackSummary {
    uint64_t files = 0;      // members, the manifest not counted
    uint64_t bytes = 0;      // their sizes together
    uint64_t pack_bytes = 0; // the pack file's size
    std::string sha256;      // of the pack file (its cache key)
};

// "" when `name` may be a member's name; otherwise why not ("is an absolute path", "has a '..' component", ...).
std::string check_member_name(std::string_view name, std::size_t max_bytes = PackLimits{}.max_name_bytes);

// Writes `inputs` and a manifest naming `tour` (one of the inputs) as the zip `out`, through a temporary file in the
// same folder that is read back and verified before it takes `out`'s name. Refuses an existing `out` unless
// `overwrite`. Errors name the file concerned.
core::Expected<PackSummary, std::string> write_pack(const std::filesystem::path& out, const std::string& tour,
                                                    const std::vector<PackInput>& inputs, bool overwrite);

// Verifies a pack held in memory (`name` for messages) without writing anything: the zip's entries, the manifest,
// and every member's size and SHA-256. For the fuzz target and tests; open_pack does the same from a file.
core::Expected<Manifest, std::string> verify_pack_memory(std::span<const uint8_t> bytes, const std::string& name,
                                                         const PackLimits& limits = {});

// The folder packs are extracted into: VREX_PACK_CACHE, else $XDG_CACHE_HOME/vrex/packs, else ~/.cache/vrex/packs.
std::filesystem::path default_cache_root();

struct OpenedPack {
    std::filesystem::path tour_file; // inside the cache folder
    std::filesystem::path folder;    // <cache root>/<sha256>
    std::string sha256;
    uint64_t files = 0;
    bool reused = false; // the cache folder was there, complete, from an earlier start
};

// Opens the pack file `pack`: its SHA-256 names a folder under `cache_root`; when that folder is there and holds
// every member at its size it is used as it is, otherwise the pack is verified and extracted into a temporary folder
// that is renamed into place once everything checked out. Errors name the pack and the member ("exhibition.vrex:
// member \"../x\": has a '..' component"). Nothing is written outside `cache_root`.
core::Expected<OpenedPack, std::string>
open_pack(const std::filesystem::path& pack, const std::filesystem::path& cache_root, const PackLimits& limits = {});

// SHA-256 as 64 lowercase hex digits, of bytes and of a file (streamed).
std::string sha256_hex(std::span<const uint8_t> bytes);
core::Expected<std::string, std::string> sha256_file(const std::filesystem::path& path);

} // namespace vrex::pack
