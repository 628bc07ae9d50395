#include "net/url.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <curl/curl.h>
#include <memory>

namespace vrex::net {
namespace {

struct UrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// One part of a parsed URL, "" when absent.
std::string part(CURLU* u, CURLUPart which, unsigned flags = 0) {
    char* text = nullptr;
    if (curl_url_get(u, which, &text, flags) != CURLUE_OK || !text) return "";
    std::string s(text);
    curl_free(text);
    return s;
}

core::Expected<UrlHandle, std::string> parse(const std::string& url) {
    UrlHandle u(curl_url());
    if (!u) return core::unexpected(std::string("out of memory"));
    if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
        return core::unexpected(url + ": not a valid URL");
    const std::string scheme = lower(part(u.get(), CURLUPART_SCHEME));
    if (scheme != "http" && scheme != "https")
        return core::unexpected(url + ": only http:// and https:// URLs are opened");
    return u;
}

} // namespace

bool is_http_url(std::string_view text) {
    const std::string head = lower(std::string(text.substr(0, 8)));
    return head.rfind("http://", 0) == 0 || head.rfind("https://", 0) == 0;
}

core::Expected<std::string, std::string> resolve_in_base(const std::string& base, const std::string& relative) {
    if (relative.empty() || relative.front() == '/' || relative.front() == '\\' ||
        relative.find(':') != std::string::npos || relative.find('?') != std::string::npos ||
        relative.find('#') != std::string::npos || relative.find('\0') != std::string::npos)
        return core::unexpected(relative + ": not a path relative to the tour");
    const std::filesystem::path rel = std::filesystem::path(relative).lexically_normal();
    for (const auto& seg : rel)
        if (seg == "..") return core::unexpected(relative + ": leaves the tour's folder on the server");
    auto u = parse(base);
    if (!u) return core::unexpected(u.error());
    std::string path = part(u->get(), CURLUPART_PATH, CURLU_URLDECODE);
    path = path.substr(0, path.rfind('/') + 1) + rel.generic_string();
    if (curl_url_set(u->get(), CURLUPART_PATH, path.c_str(), CURLU_URLENCODE) != CURLUE_OK ||
        curl_url_set(u->get(), CURLUPART_QUERY, nullptr, 0) != CURLUE_OK ||
        curl_url_set(u->get(), CURLUPART_FRAGMENT, nullptr, 0) != CURLUE_OK)
        return core::unexpected(relative + ": cannot be made into a URL");
    return part(u->get(), CURLUPART_URL);
}

core::Expected<CachePaths, std::string> cache_paths(const std::string& url, const std::filesystem::path& root) {
    auto u = parse(url);
    if (!u) return core::unexpected(u.error());
    const std::string scheme = lower(part(u->get(), CURLUPART_SCHEME));
    const std::string host = lower(part(u->get(), CURLUPART_HOST));
    const std::string port = part(u->get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
    const std::string path = part(u->get(), CURLUPART_PATH, CURLU_URLDECODE);
    if (host.empty() || host.find_first_of("/\\") != std::string::npos)
        return core::unexpected(url + ": no usable host name");
    std::filesystem::path rel;
    for (const auto& seg : std::filesystem::path(path).relative_path()) {
        const std::string s = seg.string();
        if (s.empty()) continue;
        if (s == "." || s == ".." || s.find('\0') != std::string::npos)
            return core::unexpected(url + ": the path has `.` or `..` segments");
        rel /= seg;
    }
    if (rel.empty() || path.empty() || path.back() == '/') return core::unexpected(url + ": the URL names no file");
    const std::string site = scheme + "_" + host + "_" + port;
    return CachePaths{root / "files" / site / rel, root / "meta" / site / (rel.string() + ".meta")};
}

std::filesystem::path default_cache_root() {
    if (const char* env = std::getenv("VREX_HTTP_CACHE"); env && *env) return env;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "vrex/http";
    if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home) / ".cache/vrex/http";
    return std::filesystem::temp_directory_path() / "vrex-http";
}

} // namespace vrex::net
