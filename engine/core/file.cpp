#include "core/file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
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

namespace {

std::string size_text(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / (1 << 20));
    return buf;
}

// Reads up to `limit` bytes of a plain file: `whole` refuses a longer file, otherwise it is cut at `limit`.
Expected<std::vector<uint8_t>, std::string> read_plain(const std::filesystem::path& path, std::uint64_t limit,
                                                       bool whole) {
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever in a tour's folder.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return unexpected("cannot open " + path.string() + ": " + std::strerror(errno));
    struct stat st {};
    std::string problem;
    if (::fstat(fd, &st) != 0)
        problem = "cannot read " + path.string() + ": " + std::strerror(errno);
    else if (S_ISDIR(st.st_mode))
        problem = "cannot read " + path.string() + ": is a directory";
    else if (!S_ISREG(st.st_mode))
        problem = "cannot read " + path.string() + ": not a plain file (a FIFO, socket or device)";
    else if (whole && std::uint64_t(st.st_size) > limit)
        problem = "cannot read " + path.string() + ": the file is " + size_text(std::uint64_t(st.st_size)) +
                  ", more than the limit of " + size_text(limit);
    std::vector<uint8_t> bytes;
    if (problem.empty()) {
        bytes.resize(static_cast<size_t>(std::min<std::uint64_t>(std::uint64_t(st.st_size), limit)));
        size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) problem = "cannot read " + path.string() + ": " + std::strerror(errno);
            if (n <= 0) break; // a file that shrank since fstat ends early
            done += size_t(n);
        }
        bytes.resize(done);
    }
    ::close(fd);
    if (!problem.empty()) return unexpected(problem);
    return bytes;
}

} // namespace

Expected<std::vector<uint8_t>, std::string> read_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
    return read_plain(path, max_bytes, true);
}

Expected<std::vector<uint8_t>, std::string> read_file_head(const std::filesystem::path& path, std::size_t max_bytes) {
    return read_plain(path, max_bytes, false);
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
