#pragma once
// Tours given as http(s) URLs (`vrex lint|shot|view https://host/path/tour.yaml`, docs/http.md): the tour file and
// the media it names are fetched into a per-tour folder of the HTTP cache that mirrors the URL's paths, and the
// command then opens that folder's tour.yaml with the local loader.
#include <filesystem>
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace vrex::app {

struct NetOptions {
    bool offline = false;
    std::string ca_file; // --ca, else VREX_CA_FILE
};

// --offline and --ca FILE on a subcommand.
void add_net_options(CLI::App* command, NetOptions& options);

// When `input` is an http(s) URL (a folder URL ending in `/` means its tour.yaml): fetches the tour and its media,
// prints what came from where on `err` (and a warning when the cache stands in for an unreachable server), and
// replaces `input` with the cached tour file. Other inputs are left as they are. False when the tour itself
// cannot be had or has errors (said on `err`, with URL:line:col); missing media are left to the loader, whose
// scenes show a placeholder.
bool localize_remote_tour(std::filesystem::path& input, const NetOptions& options, std::ostream& err);

} // namespace vrex::app
