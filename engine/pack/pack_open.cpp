// Opening a pack file for the viewer: verified and extracted once into the per-user cache, keyed by the pack's
// SHA-256, so that the ordinary loaders read plain files (every loader reads files by path; reading members from
// the zip would need a second I/O path through media/, Assimp included) and a second start is instant.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

#include "core/file.hpp"
#include "pack/pack_detail.hpp"

namespace vrex::pack {

namespace fs = std::filesystem;

namespace {

// True when `folder` holds the manifest and every member it lists, each a plain file of its size: a folder renamed
// into place after a full extraction, not changed since. Sets `opened` from it.
bool complete_cache(const fs::path& folder, OpenedPack& opened) {
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(folder, ec))) return false;
    auto text = core::read_file(folder / k_manifest_name);
    if (!text) return false;
    auto manifest = detail::parse_manifest(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()),
                                           folder.string(), PackLimits{});
    if (!manifest) return false;
    for (const ManifestMember& m : manifest->members) {
        const fs::path file = folder / m.name;
        if (!fs::is_regular_file(fs::symlink_status(file, ec)) || fs::file_size(file, ec) != m.size || ec) return false;
    }
    opened.tour_file = folder / manifest->tour;
    opened.files = manifest->members.size();
    return true;
}

// Writes one member to `target` (a new file: O_EXCL, and no link followed).
std::string extract_member(zip_t* zip, const detail::Entry& entry, const fs::path& target, const std::string& pack) {
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return detail::member_error(pack, entry.member.name, "cannot be extracted: " + ec.message());
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return detail::member_error(pack, entry.member.name,
                                    "cannot be extracted to " + target.string() + ": " + std::strerror(errno));
    std::string error = detail::read_member(zip, entry, pack, [&](std::span<const uint8_t> chunk) {
        std::size_t done = 0;
        while (done < chunk.size()) {
            const ssize_t n = ::write(fd, chunk.data() + done, chunk.size() - done);
            if (n < 0) return target.string() + ": " + std::strerror(errno);
            done += std::size_t(n);
        }
        return std::string();
    });
    if (::close(fd) != 0 && error.empty()) error = target.string() + ": " + std::strerror(errno);
    return error;
}

std::string extract_all(const fs::path& pack, const fs::path& temp, const PackLimits& limits, OpenedPack& opened) {
    const std::string name = pack.string();
    auto zip = detail::open_zip_file(pack, name);
    if (!zip) return zip.error();
    auto index = detail::read_index(zip->get(), name, limits);
    if (!index) return index.error();
    for (const detail::Entry& e : index->entries)
        if (std::string error = extract_member(zip->get(), e, temp / e.member.name, name); !error.empty()) return error;
    std::ofstream manifest(temp / k_manifest_name, std::ios::binary);
    manifest << index->manifest_text;
    if (!manifest.flush()) return (temp / k_manifest_name).string() + ": cannot be written";
    opened.files = index->entries.size();
    opened.tour_file = index->manifest.tour;
    return {};
}

std::string temp_name(const std::string& sha) {
    std::random_device random;
    return ".extracting-" + sha.substr(0, 16) + "-" + std::to_string(::getpid()) + "-" + std::to_string(random());
}

} // namespace

fs::path default_cache_root() {
    return core::user_cache_path("VREX_PACK_CACHE", "packs");
}

core::Expected<OpenedPack, std::string> open_pack(const fs::path& pack, const fs::path& cache_root,
                                                  const PackLimits& limits) {
    if (cache_root.empty())
        return core::unexpected(pack.string() + ": no folder to extract it into (set VREX_PACK_CACHE, or HOME)");
    std::error_code ec;
    if (!fs::is_regular_file(pack, ec)) return core::unexpected(pack.string() + ": not a file");
    auto sha = sha256_file(pack);
    if (!sha) return core::unexpected(sha.error());
    OpenedPack opened;
    opened.sha256 = *sha;
    opened.folder = cache_root / *sha;
    if (complete_cache(opened.folder, opened)) {
        opened.reused = true;
        return opened;
    }
    fs::create_directories(cache_root, ec);
    if (ec) return core::unexpected(cache_root.string() + ": cannot be created: " + ec.message());
    const fs::path temp = cache_root / temp_name(*sha);
    if (!fs::create_directory(temp, ec) || ec)
        return core::unexpected(temp.string() + ": cannot be created: " + ec.message());
    if (std::string error = extract_all(pack, temp, limits, opened); !error.empty()) {
        fs::remove_all(temp, ec);
        return core::unexpected(error);
    }
    fs::remove_all(opened.folder, ec); // an incomplete or changed earlier extraction
    fs::rename(temp, opened.folder, ec);
    if (ec) { // another vrex extracted the same pack meanwhile: use its folder
        fs::remove_all(temp, ec);
        if (!complete_cache(opened.folder, opened))
            return core::unexpected(opened.folder.string() + ": cannot be put in place");
        return opened;
    }
    opened.tour_file = opened.folder / opened.tour_file;
    return opened;
}

} // namespace vrex::pack
