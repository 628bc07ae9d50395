#pragma once
// `vrex pack TOUR -o exhibition.vrex` (docs/pack.md): a tour and every file it references in one verified zip, and
// the other side, a `.vrex` file given to `vrex view|shot|lint`.
#include <filesystem>
#include <iosfwd>

namespace CLI {
class App;
}

namespace vrex::app {

struct PackOptions {
    std::filesystem::path tour;   // a tour file or its folder (or another viewer's tour)
    std::filesystem::path output; // the pack file
    bool force = false;           // replace an existing output
};

void add_pack(CLI::App& cli, PackOptions& options);

// Loads the tour with every file check (as `vrex lint`), collects the files it references (panoramas, cube faces,
// tile pyramids, gallery images, models with the side files they read) and writes them with the tour file as one
// pack. Returns the exit code: 0 written, 1 the tour has errors or a file cannot be packed (said on `err`).
int run_pack(const PackOptions& options, std::ostream& out, std::ostream& err);

// When `input` is a `.vrex` file: verifies it and extracts it into the pack cache (or finds it there), says so on
// `err`, and replaces `input` with the extracted tour file. Other inputs are left as they are. False when the pack
// is refused (the reason, naming the pack and the member, on `err`).
bool localize_pack(std::filesystem::path& input, std::ostream& err);

} // namespace vrex::app
