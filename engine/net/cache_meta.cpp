#include "net/cache_meta.hpp"

#include <fstream>
#include <regex>
#include <system_error>

namespace vrex::net {

std::optional<CacheMeta> read_cache_meta(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    CacheMeta meta;
    std::string line;
    while (std::getline(in, line)) {
        const auto colon = line.find(": ");
        if (colon == std::string::npos) continue;
        const std::string key = line.substr(0, colon), value = line.substr(colon + 2);
        if (key == "etag")
            meta.etag = value;
        else if (key == "last-modified")
            meta.last_modified = value;
        else if (key == "cache-control")
            meta.cache_control = value;
        else if (key == "fetched")
            meta.fetched = std::strtoll(value.c_str(), nullptr, 10);
    }
    return meta;
}

bool write_cache_meta(const std::filesystem::path& file, const CacheMeta& meta) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    const std::filesystem::path tmp = file.string() + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << "etag: " << meta.etag << "\nlast-modified: " << meta.last_modified
            << "\ncache-control: " << meta.cache_control << "\nfetched: " << meta.fetched << "\n";
        if (!out.flush()) return false;
    }
    std::filesystem::rename(tmp, file, ec);
    return !ec;
}

bool is_fresh(const CacheMeta& meta, std::int64_t now) {
    static const std::regex k_no_cache(R"((^|[ ,])(no-cache|no-store)($|[ ,=]))", std::regex::icase);
    static const std::regex k_max_age(R"((^|[ ,])max-age=(\d{1,10}))", std::regex::icase);
    if (std::regex_search(meta.cache_control, k_no_cache)) return false;
    std::smatch m;
    if (!std::regex_search(meta.cache_control, m, k_max_age)) return false;
    return now - meta.fetched < std::stoll(m[2]);
}

} // namespace vrex::net
