// libFuzzer target for what a server controls in vrex_net (tests/fuzz/README.md): a relative path as a served tour
// writes it, resolved against the tour's URL (net::resolve_in_base) and mapped into the cache (net::cache_paths);
// the bytes also as a whole URL and as a Cache-Control header (net::is_fresh). Promises: a resolved URL stays on
// the tour's server under its base path, and every cache path lies under the cache's root, without `..`.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "net/cache_meta.hpp"
#include "net/url.hpp"

namespace {

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_url: broken promise: %s\n", what);
    std::abort();
}

void check_cache_path(const std::string& url) {
    const std::filesystem::path root = "/cache-root";
    auto paths = vrex::net::cache_paths(url, root);
    if (!paths) return;
    for (const std::filesystem::path& p : {paths->body, paths->meta}) {
        if (p.lexically_normal().string().rfind(root.string() + "/", 0) != 0) fail("a cache path outside the root");
        for (const auto& seg : p)
            if (seg == "..") fail("a cache path with ..");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string base = "http://server.example:8080/tours/t/tour.yaml";
    if (auto url = vrex::net::resolve_in_base(base, text)) {
        if (url->rfind("http://server.example:8080/tours/t/", 0) != 0) fail("a path that left the tour's base");
        // A server normalises dot segments: /tours/t/../x is /tours/x.
        for (const char* dots : {"/../", "/./", "/%2e", "/%2E"})
            if (url->find(dots) != std::string::npos) fail("a dot segment in a resolved URL");
        if (url->size() >= 3 && url->compare(url->size() - 3, 3, "/..") == 0) fail("a trailing .. segment");
        check_cache_path(*url);
    }
    check_cache_path(text);
    vrex::net::CacheMeta meta;
    meta.cache_control = text;
    vrex::net::is_fresh(meta, 0);
    return 0;
}
