#pragma once
// Tours given as http(s) URLs (`vrex lint|shot|view https://host/path/tour.yaml`, docs/http.md): the tour file and
// the media it names are fetched into a per-tour folder of the HTTP cache that mirrors the URL's paths, and the
// command then opens that folder's tour.yaml with the local loader.
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}
namespace vrex::net {
class HttpClient;
struct HttpOptions;
struct FetchResult;
} // namespace vrex::net

namespace vrex::app {

struct NetOptions {
    bool offline = false;
    std::string ca_file; // --ca, else VREX_CA_FILE
};

// --offline and --ca FILE on a subcommand.
void add_net_options(CLI::App* command, NetOptions& options);

// The client options for `options` (the cache's usual place, VREX_CA_FILE when --ca is not given).
net::HttpOptions http_options(const NetOptions& options);

// What one fetch of a served tour brought.
struct RemoteTour {
    std::string url;                   // the tour's (a folder URL completed with tour.yaml)
    std::filesystem::path file;        // its copy in the cache
    bool changed = false;              // a body was downloaded (200) or removed (404): not all as it was
    bool unreachable = false;          // the server could not be reached: the cache stood in, said on `err`
    std::vector<std::string> uncached; // media in neither the cache nor reach (unreachable or --offline)
};

// Fetches the tour `url` and then its media through `client`, printing what came from where on `err` (one
// warning when the server cannot be reached; a line for each file that is not to be had). nullopt when the tour
// itself cannot be had or has errors (said on `err`, with URL:line:col); missing media are left to the loader,
// whose scenes show a placeholder. `tour_result`: the tour file's fetch, when the caller has made it already.
std::optional<RemoteTour> fetch_remote_tour(net::HttpClient& client, const std::string& url, std::ostream& err,
                                            const net::FetchResult* tour_result = nullptr);

// When `input` is an http(s) URL (a folder URL ending in `/` means its tour.yaml): fetch_remote_tour, and `input`
// becomes the cached tour file; `fetched` (when given) gets what the fetch brought. Other inputs are left as they
// are. False when the tour cannot be had (said on `err`).
bool localize_remote_tour(std::filesystem::path& input, const NetOptions& options, std::ostream& err,
                          RemoteTour* fetched = nullptr);

} // namespace vrex::app
