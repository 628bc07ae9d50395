#include "core/file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace vrex::core {

std::filesystem::path user_cache_path(const char* override, const std::filesystem::path& name) {
    if (const char* env = std::getenv(override)) {
        if (*env == '\0' || std::strcmp(env, "off") == 0) return {};
        return env;
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
        return std::filesystem::path(xdg) / "vrex" / name;
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "vrex" / name;
    return {};
}

Expected<std::vector<uint8_t>, std::string> read_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return unexpected("cannot read " + path.string() + ": is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) return unexpected("cannot open " + path.string() + ": " + std::strerror(errno));
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0) return unexpected("cannot read " + path.string());
    in.seekg(0, std::ios::beg);
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size))
        return unexpected("cannot read " + path.string() + ": " + std::strerror(errno));
    return bytes;
}

Expected<bool, std::string> write_file_atomic(const std::filesystem::path& path, const void* data, size_t size) {
    // A name of this process's own: two processes saving the same file at once must not write into one temporary.
    std::filesystem::path tmp = path;
    tmp += ".tmp~" + std::to_string(::getpid());
    std::error_code ec;
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return unexpected("cannot write " + path.string() + ": " + std::strerror(errno));
        out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
        out.flush();
        if (!out) {
            const std::string reason = std::strerror(errno);
            std::filesystem::remove(tmp, ec);
            return unexpected("cannot write " + path.string() + ": " + reason);
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        const std::string reason = ec.message();
        std::filesystem::remove(tmp, ec);
        return unexpected("cannot write " + path.string() + ": " + reason);
    }
    return true;
}

} // namespace vrex::core
