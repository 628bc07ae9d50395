#include "net/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <curl/curl.h>
#include <memory>
#include <mutex>
#include <system_error>

#include "net/cache_meta.hpp"
#include "net/url.hpp"

namespace vrex::net {
namespace {

std::int64_t now_seconds() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One transfer in flight: its easy handle, the temporary body file and the headers of the last response.
struct Transfer {
    FetchResult* result = nullptr;
    CachePaths paths;
    bool have_cached = false;
    CacheMeta cached; // what the cache held before this transfer
    CacheMeta meta;   // from the last response
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    std::FILE* body = nullptr;
    std::filesystem::path part;
    std::uint64_t bytes = 0;
    std::uint64_t max_bytes = 0;
    bool too_big = false;
    const std::atomic<bool>* cancelled = nullptr;
    char error[CURL_ERROR_SIZE] = {};

    ~Transfer() {
        if (body) std::fclose(body);
        if (headers) curl_slist_free_all(headers);
        if (easy) curl_easy_cleanup(easy);
    }
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    t->bytes += n;
    if (t->bytes > t->max_bytes) {
        t->too_big = true;
        return 0; // aborts the transfer
    }
    if (!t->body) {
        std::error_code ec;
        std::filesystem::create_directories(t->part.parent_path(), ec);
        t->body = std::fopen(t->part.c_str(), "wb");
        if (!t->body) return 0;
    }
    return std::fwrite(data, 1, n, t->body);
}

// Called about once a second while a transfer runs, also while no byte comes: non-zero aborts it.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<Transfer*>(user)->cancelled->load() ? 1 : 0;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && s[i] == ' ') ++i;
    return s.substr(i);
}

// Keeps the validators of the last response (a redirect's headers are dropped when the next status line comes).
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) {
        t->meta.etag.clear();
        t->meta.last_modified.clear();
        t->meta.cache_control.clear();
        return size * count;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) return size * count;
    std::string key = line.substr(0, colon);
    for (char& c : key) c = char(std::tolower(static_cast<unsigned char>(c)));
    const std::string value = trim(line.substr(colon + 1));
    if (key == "etag")
        t->meta.etag = value;
    else if (key == "last-modified")
        t->meta.last_modified = value;
    else if (key == "cache-control")
        t->meta.cache_control = value;
    return size * count;
}

void set_options(Transfer& t, const HttpOptions& o, CURLSH* share) {
    CURL* e = t.easy;
    curl_easy_setopt(e, CURLOPT_URL, t.result->url.c_str());
    curl_easy_setopt(e, CURLOPT_SHARE, share);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, o.max_redirects);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(o.max_bytes));
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!o.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, o.ca_file.c_str());
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, o.connect_timeout_s);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, o.stall_timeout_s);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "vrex/0.1");
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, &t);
    if (t.have_cached && !t.meta.etag.empty())
        t.headers = curl_slist_append(t.headers, ("If-None-Match: " + t.meta.etag).c_str());
    if (t.have_cached && !t.meta.last_modified.empty())
        t.headers = curl_slist_append(t.headers, ("If-Modified-Since: " + t.meta.last_modified).c_str());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
}

bool is_unreachable(CURLcode c) {
    return c == CURLE_COULDNT_CONNECT || c == CURLE_COULDNT_RESOLVE_HOST || c == CURLE_COULDNT_RESOLVE_PROXY ||
           c == CURLE_OPERATION_TIMEDOUT || c == CURLE_RECV_ERROR || c == CURLE_SEND_ERROR || c == CURLE_GOT_NOTHING ||
           c == CURLE_PARTIAL_FILE;
}

bool is_tls_trust(CURLcode c) {
    return c == CURLE_PEER_FAILED_VERIFICATION || c == CURLE_SSL_CACERT_BADFILE;
}

std::string curl_message(const Transfer& t, CURLcode c) {
    return t.error[0] ? std::string(t.error) : std::string(curl_easy_strerror(c));
}

void use_cache(Transfer& t, Origin origin, std::string warning) {
    t.result->file = t.paths.body;
    t.result->origin = origin;
    t.result->warning = std::move(warning);
}

void forget(const Transfer& t) {
    std::error_code ec;
    std::filesystem::remove(t.paths.body, ec);
    std::filesystem::remove(t.paths.meta, ec);
}

// Turns a finished transfer into its result, and the cache into what the server said.
void finish(Transfer& t, CURLcode code) {
    FetchResult& r = *t.result;
    if (t.body) {
        std::fclose(t.body);
        t.body = nullptr;
    }
    std::error_code ec;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &r.status);
    if (code != CURLE_OK) {
        std::filesystem::remove(t.part, ec);
        if (t.too_big || code == CURLE_FILESIZE_EXCEEDED)
            r.error = "larger than the limit of " + std::to_string(t.max_bytes) + " bytes";
        else if (is_tls_trust(code))
            r.error = "the server's certificate is not trusted (" + curl_message(t, code) +
                      "); to trust a certificate of your own, pass --ca FILE or set VREX_CA_FILE";
        else if (is_unreachable(code) && t.have_cached)
            use_cache(t, Origin::Cache,
                      "cannot reach the server (" + curl_message(t, code) + "): using the cached copy");
        else if (is_unreachable(code))
            r.error = "not in the cache, and the server cannot be reached (" + curl_message(t, code) + ")";
        else
            r.error = curl_message(t, code);
        r.unreachable = is_unreachable(code);
        return;
    }
    t.meta.fetched = now_seconds();
    if (r.status == 304 && t.have_cached) {
        if (t.meta.etag.empty()) t.meta.etag = t.cached.etag;
        if (t.meta.last_modified.empty()) t.meta.last_modified = t.cached.last_modified;
        if (t.meta.cache_control.empty()) t.meta.cache_control = t.cached.cache_control;
        write_cache_meta(t.paths.meta, t.meta);
        return use_cache(t, Origin::Revalidated, "");
    }
    if (r.status >= 200 && r.status < 300) {
        if (!std::filesystem::exists(t.part, ec)) { // an empty body: no write call came
            std::filesystem::create_directories(t.part.parent_path(), ec);
            if (std::FILE* f = std::fopen(t.part.c_str(), "wb")) std::fclose(f);
        }
        std::filesystem::rename(t.part, t.paths.body, ec);
        if (ec) {
            r.error = "cannot write " + t.paths.body.string() + ": " + ec.message();
            return;
        }
        write_cache_meta(t.paths.meta, t.meta);
        return use_cache(t, Origin::Downloaded, "");
    }
    std::filesystem::remove(t.part, ec);
    if (r.status == 404 || r.status == 410) forget(t);
    r.error = "the server answered HTTP " + std::to_string(r.status);
}

// Prepares one URL: answered from the cache at once (offline, fresh), or a transfer to run.
std::unique_ptr<Transfer> prepare(FetchResult& r, const HttpOptions& o, CURLSH* share,
                                  const std::atomic<bool>& cancelled) {
    auto t = std::make_unique<Transfer>();
    t->result = &r;
    t->cancelled = &cancelled;
    if (cancelled) {
        r.error = "cancelled";
        return nullptr;
    }
    t->max_bytes = o.max_bytes;
    auto paths = cache_paths(r.url, o.cache_root);
    if (!paths) {
        r.error = paths.error();
        return nullptr;
    }
    t->paths = *paths;
    t->part = t->paths.body.string() + ".part";
    std::error_code ec;
    if (auto meta = read_cache_meta(t->paths.meta); meta && std::filesystem::is_regular_file(t->paths.body, ec)) {
        t->have_cached = true;
        t->cached = *meta;
        t->meta = *meta;
    }
    if (o.offline) {
        if (t->have_cached)
            use_cache(*t, Origin::Cache, "");
        else
            r.error = "not in the cache, and --offline asks for no network";
        return nullptr;
    }
    if (t->have_cached && is_fresh(t->meta, now_seconds())) {
        use_cache(*t, Origin::Fresh, "");
        return nullptr;
    }
    t->easy = curl_easy_init();
    set_options(*t, o, share);
    return t;
}

void run_multi(CURLM* multi) {
    int running = 1;
    while (running > 0) {
        if (curl_multi_perform(multi, &running) != CURLM_OK) break;
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            Transfer* t = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
            finish(*t, msg->data.result);
        }
        if (running > 0) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
}

} // namespace

HttpClient::HttpClient(HttpOptions options) : m_options(std::move(options)) {
    global_init();
    CURLSH* share = curl_share_init();
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    m_share = share;
    CURLM* multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, long(std::max(1, m_options.parallel)));
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
    m_multi = multi;
}

HttpClient::~HttpClient() {
    curl_multi_cleanup(static_cast<CURLM*>(m_multi));
    curl_share_cleanup(static_cast<CURLSH*>(m_share));
}

std::vector<FetchResult> HttpClient::fetch_all(const std::vector<std::string>& urls) {
    CURLM* multi = static_cast<CURLM*>(m_multi);
    std::vector<FetchResult> results(urls.size());
    std::vector<std::unique_ptr<Transfer>> transfers;
    for (std::size_t i = 0; i < urls.size(); ++i) {
        results[i].url = urls[i];
        if (auto t = prepare(results[i], m_options, static_cast<CURLSH*>(m_share), m_cancelled)) {
            curl_multi_add_handle(multi, t->easy);
            transfers.push_back(std::move(t));
        }
    }
    run_multi(multi);
    for (auto& t : transfers) curl_multi_remove_handle(multi, t->easy);
    return results;
}

} // namespace vrex::net
