#pragma once
// What the on-disk HTTP cache keeps beside a body: the validators and freshness the server sent with it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace vrex::net {

struct CacheMeta {
    std::string etag;          // as sent, quotes included; "" when none
    std::string last_modified; // the Last-Modified header's text; "" when none
    std::string cache_control; // the Cache-Control header's text; "" when none
    std::int64_t fetched = 0;  // when the body was last downloaded or revalidated (seconds since the epoch)
};

// nullopt when the file is missing or unreadable (the body is then fetched again).
std::optional<CacheMeta> read_cache_meta(const std::filesystem::path& file);
// Writes through a temporary file and a rename, so a reader never sees half of it. False when it cannot.
bool write_cache_meta(const std::filesystem::path& file, const CacheMeta& meta);

// True while `max-age` says the body may be used without asking the server (and no `no-cache`/`no-store`).
bool is_fresh(const CacheMeta& meta, std::int64_t now);

} // namespace vrex::net
