#pragma once
// Fetching files over http(s) into the on-disk cache with libcurl: one multi handle and one share (connections,
// TLS sessions, DNS) for all transfers, so requests to one server reuse its connection (keep-alive, or HTTP/2
// streams when the server offers them), a few at a time, in the order given.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace vrex::net {

struct HttpOptions {
    std::filesystem::path cache_root; // see url.hpp cache_paths(); default_cache_root() for the usual place
    std::string ca_file;              // PEM file of certificates to trust instead of the system's; "" = the system's
    bool offline = false;             // the cache alone, no request at all
    int parallel = 4;                 // transfers at once
    long max_redirects = 5;           // more is an error
    std::uint64_t max_bytes = 1ull << 30; // a larger body is refused (and not cached)
    long connect_timeout_s = 10;
    long stall_timeout_s = 30; // a transfer with no byte for this long fails as if the server could not be reached
};

enum class Origin {
    None,        // no body: see FetchResult::error
    Downloaded,  // 200: a new body
    Revalidated, // 304: the cached body is current
    Fresh,       // the cached body, within its Cache-Control max-age: no request made
    Cache,       // the cached body without asking (offline, or the server unreachable: see warning)
};

struct FetchResult {
    std::string url;
    std::filesystem::path file; // the body in the cache (when origin != None)
    Origin origin = Origin::None;
    long status = 0;          // the HTTP status of the last response; 0 when none came
    std::string warning;      // set when the cache stood in for a server that could not be reached
    bool unreachable = false; // the server could not be reached (the cache stood in, or, uncached, see error)
    std::string error;        // set exactly when origin == None: why there is no body
};

// Holds the connections between calls, so a tour and then its media go over the same kept-alive connection(s).
class HttpClient {
public:
    explicit HttpClient(HttpOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Fetches every URL, revalidating cached bodies with If-None-Match / If-Modified-Since. Never throws for
    // network or server trouble: each result says what happened. A 404 or 410 removes the cached copy. TLS
    // certificate problems are errors (never replaced by the cache), worded for people.
    std::vector<FetchResult> fetch_all(const std::vector<std::string>& urls);
    bool offline() const { return m_options.offline; }
    // From another thread: the fetch in progress ends within about a second (its transfers fail, "cancelled"), and
    // every later one at once. For a viewer that exits while a check of its tour is on the network.
    void cancel() { m_cancelled = true; }

private:
    HttpOptions m_options;
    void* m_share = nullptr; // CURLSH*
    void* m_multi = nullptr; // CURLM*
    std::atomic<bool> m_cancelled{false};
};

} // namespace vrex::net
