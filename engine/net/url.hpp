#pragma once
// http(s) URLs: recognising them, resolving a tour's relative paths against its URL, and where a URL's body lives
// in the on-disk cache.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace vrex::net {

// True for text that starts with http:// or https:// (any case). Other schemes are not URLs to vrex.
bool is_http_url(std::string_view text);

// `relative` (a path as a tour writes it, e.g. "panos/hall 1.jpg") against the folder of `base` (the tour's URL).
// Refused: absolute paths, `..` segments, a NUL byte (it would end the path early: "..\0/x" became ".."), and anything
// with a scheme or host of its own, so a served tour never leaves its base path or its server. Spaces and other
// characters are percent-encoded.
core::Expected<std::string, std::string> resolve_in_base(const std::string& base, const std::string& relative);

// Where the cache keeps a URL's body: ROOT/files/SCHEME_HOST_PORT/PATH, mirroring the URL's path, so a tour's
// media lie beside its tour file as they do on the server. Its metadata (ETag, ...) goes to
// ROOT/meta/SCHEME_HOST_PORT/PATH.meta. Errors for URLs that are not http(s) or whose path has no file name.
struct CachePaths {
    std::filesystem::path body;
    std::filesystem::path meta;
};
core::Expected<CachePaths, std::string> cache_paths(const std::string& url, const std::filesystem::path& root);

// VREX_HTTP_CACHE, else $XDG_CACHE_HOME/vrex/http, else ~/.cache/vrex/http.
std::filesystem::path default_cache_root();

} // namespace vrex::net
