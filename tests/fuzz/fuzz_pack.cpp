// libFuzzer target for the pack reader (engine/pack, tests/fuzz/README.md): the bytes as a `.vrex` file, verified in
// memory (pack::verify_pack_memory) and opened from disk into a cache folder (pack::open_pack), with small limits.
// Promises: the two agree (both refuse, or both accept the same manifest); an error names the pack; an accepted
// pack's members have safe names and the tour among them, each extracted at its size under the cache folder; and
// nothing is ever written beside the cache folder, nor left half-extracted in it.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>

#include "pack/pack.hpp"

namespace {

namespace fs = std::filesystem;

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_pack: broken promise: %s\n", what);
    std::abort();
}

// A folder of this process's own, made once: <tmp>/vrex-fuzz-pack-<pid>/{in.vrex, cache/}.
const fs::path& work_folder() {
    static const fs::path folder = [] {
        fs::path f = fs::temp_directory_path() / ("vrex-fuzz-pack-" + std::to_string(::getpid()));
        fs::remove_all(f);
        fs::create_directories(f);
        std::atexit(
            [] { fs::remove_all(fs::temp_directory_path() / ("vrex-fuzz-pack-" + std::to_string(::getpid()))); });
        return f;
    }();
    return folder;
}

void check_folder_after(const fs::path& folder, const fs::path& cache, bool opened) {
    for (const auto& e : fs::directory_iterator(folder))
        if (e.path() != folder / "in.vrex" && e.path() != cache) fail("a file written beside the cache folder");
    if (!fs::exists(cache)) return;
    int entries = 0;
    for (const auto& e : fs::directory_iterator(cache)) {
        ++entries;
        if (e.path().filename().string().rfind(".extracting-", 0) == 0) fail("a half-extracted folder left behind");
    }
    if (entries != (opened ? 1 : 0)) fail("the cache holds other than the one extracted pack");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vrex::pack::PackLimits limits;
    limits.max_total_bytes = 16 << 20;
    limits.max_member_bytes = 8 << 20;
    limits.max_members = 1000;
    limits.max_manifest_bytes = 1 << 20;
    const std::string name = "fuzz.vrex";
    auto verified = vrex::pack::verify_pack_memory(std::span<const uint8_t>(data, size), name, limits);
    if (!verified && verified.error().rfind(name + ": ", 0) != 0) fail("an error that does not name the pack");

    const fs::path& folder = work_folder();
    const fs::path file = folder / "in.vrex", cache = folder / "cache";
    fs::remove_all(cache);
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(data), std::streamsize(size));
    auto opened = vrex::pack::open_pack(file, cache, limits);
    if (bool(opened) != bool(verified)) fail("verify_pack_memory and open_pack disagree");
    check_folder_after(folder, cache, bool(opened));
    if (!verified) return 0;
    bool tour_found = false;
    for (const vrex::pack::ManifestMember& m : verified->members) {
        if (!vrex::pack::check_member_name(m.name).empty()) fail("an accepted member with an unsafe name");
        tour_found = tour_found || m.name == verified->tour;
        std::error_code ec;
        const fs::path extracted = opened->folder / m.name;
        if (fs::is_symlink(extracted) || fs::file_size(extracted, ec) != m.size || ec)
            fail("a member not extracted at its size");
    }
    if (!tour_found) fail("an accepted pack without its tour");
    if (opened->tour_file != opened->folder / verified->tour) fail("the tour file is not the manifest's");
    return 0;
}
