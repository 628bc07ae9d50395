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
#include <utility>

#include "core/buffer_pool.hpp"

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

// A plain file open for reading, closed when dropped; `size` what is to be read: up to `limit` bytes, where `whole`
// refuses a longer file and otherwise it is cut at `limit`.
struct OpenFile {
    int fd = -1;
    size_t size = 0;
    OpenFile() = default;
    OpenFile(OpenFile&& o) noexcept : fd(std::exchange(o.fd, -1)), size(o.size) {}
    OpenFile& operator=(OpenFile&&) = delete;
    ~OpenFile() {
        if (fd >= 0) ::close(fd);
    }
};

Expected<OpenFile, std::string> open_plain(const std::filesystem::path& path, std::uint64_t limit, bool whole) {
    OpenFile f;
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever in a tour's folder.
    f.fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (f.fd < 0) return unexpected("cannot open " + path.string() + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(f.fd, &st) != 0) return unexpected("cannot read " + path.string() + ": " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) return unexpected("cannot read " + path.string() + ": is a directory");
    if (!S_ISREG(st.st_mode))
        return unexpected("cannot read " + path.string() + ": not a plain file (a FIFO, socket or device)");
    if (whole && std::uint64_t(st.st_size) > limit)
        return unexpected("cannot read " + path.string() + ": the file is " + size_text(std::uint64_t(st.st_size)) +
                          ", more than the limit of " + size_text(limit));
    f.size = static_cast<size_t>(std::min<std::uint64_t>(std::uint64_t(st.st_size), limit));
    return f;
}

// Reads f.size bytes into `out`; fewer when the file shrank since it was opened. Returns the bytes read.
Expected<size_t, std::string> read_open(const OpenFile& f, uint8_t* out, const std::filesystem::path& path) {
    size_t done = 0;
    while (done < f.size) {
        const ssize_t n = ::read(f.fd, out + done, f.size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return unexpected("cannot read " + path.string() + ": " + std::strerror(errno));
        if (n == 0) break; // a file that shrank since fstat ends early
        done += size_t(n);
    }
    return done;
}

Expected<std::vector<uint8_t>, std::string> read_plain(const std::filesystem::path& path, std::uint64_t limit,
                                                       bool whole) {
    auto f = open_plain(path, limit, whole);
    if (!f) return unexpected(f.error());
    std::vector<uint8_t> bytes(f->size);
    auto done = read_open(*f, bytes.data(), path);
    if (!done) return unexpected(done.error());
    bytes.resize(*done);
    return bytes;
}

} // namespace

Expected<std::vector<uint8_t>, std::string> read_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
    return read_plain(path, max_bytes, true);
}

Expected<PooledBytes, std::string> read_file_pooled(const std::filesystem::path& path, std::uint64_t max_bytes,
                                                    bool pooled) {
    auto f = open_plain(path, max_bytes, true);
    if (!f) return unexpected(f.error());
    PooledBytes out{
        pooled ? take_buffer(f->size) : std::shared_ptr<uint8_t[]>(new uint8_t[std::max<size_t>(f->size, 1)]), 0};
    auto done = read_open(*f, out.data.get(), path);
    if (!done) return unexpected(done.error());
    out.size = *done;
    return out;
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
