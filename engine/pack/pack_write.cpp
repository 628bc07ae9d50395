// Writing a pack: members hashed, zipped into a temporary file next to the output, the result read back through
// the same checks a viewer runs, and only then given the output's name.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>

#include <nlohmann/json.hpp>

#include "pack/pack_detail.hpp"

namespace vrex::pack {

namespace fs = std::filesystem;

namespace {

// Packs are reproducible: every member gets this time (2020-01-01 00:00 UTC) and mode 0644.
constexpr time_t k_member_time = 1577836800;
constexpr uint32_t k_member_mode = 0100644;

// Compressed images gain nothing from deflate: stored, they also extract at disk speed.
bool already_compressed(const std::string& name) {
    std::string ext = fs::path(name).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp" || ext == ".ktx2" || ext == ".zip";
}

std::string add_member(zip_t* zip, const std::string& name, zip_source_t* source, bool store) {
    if (!source) return name + ": " + zip_strerror(zip);
    const zip_int64_t index = zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
        zip_source_free(source);
        return name + ": " + zip_strerror(zip);
    }
    if (zip_set_file_compression(zip, zip_uint64_t(index), store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0 ||
        zip_file_set_mtime(zip, zip_uint64_t(index), k_member_time, 0) != 0 ||
        zip_file_set_external_attributes(zip, zip_uint64_t(index), 0, ZIP_OPSYS_UNIX, k_member_mode << 16) != 0)
        return name + ": " + zip_strerror(zip);
    return {};
}

// The manifest of `inputs` (hashed now), or why it cannot be made.
core::Expected<Manifest, std::string> make_manifest(const std::string& tour, const std::vector<PackInput>& inputs) {
    Manifest m;
    m.tour = tour;
    std::set<std::string> names;
    for (const PackInput& in : inputs) {
        if (std::string why = check_member_name(in.name); !why.empty() || in.name == k_manifest_name)
            return core::unexpected(in.source.string() + ": cannot be packed as \"" + in.name +
                                    "\": " + (why.empty() ? "the manifest's name" : why));
        if (!names.insert(in.name).second)
            return core::unexpected(in.source.string() + ": packed twice as \"" + in.name + "\"");
        std::error_code ec;
        const uintmax_t size = fs::file_size(in.source, ec);
        if (ec) return core::unexpected(in.source.string() + ": " + ec.message());
        auto sha = sha256_file(in.source);
        if (!sha) return core::unexpected(sha.error());
        m.members.push_back(ManifestMember{in.name, size, *sha});
    }
    if (!names.contains(tour)) return core::unexpected(tour + ": the tour file is not among the files");
    return m;
}

std::string write_zip(const fs::path& temp, const std::string& manifest_text, const std::vector<PackInput>& inputs) {
    int code = 0;
    zip_t* zip = zip_open(temp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!zip) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        std::string why = temp.string() + ": " + zip_error_strerror(&error);
        zip_error_fini(&error);
        return why;
    }
    std::string error =
        add_member(zip, k_manifest_name, zip_source_buffer(zip, manifest_text.data(), manifest_text.size(), 0), false);
    for (std::size_t i = 0; i < inputs.size() && error.empty(); ++i)
        error = add_member(zip, inputs[i].name, zip_source_file(zip, inputs[i].source.c_str(), 0, -1),
                           already_compressed(inputs[i].name));
    if (error.empty() && zip_close(zip) != 0) error = temp.string() + ": " + zip_strerror(zip);
    if (!error.empty()) zip_discard(zip);
    return error;
}

// The written pack read back as a viewer reads it (a file changed while it was packed is caught here).
std::string verify_written(const fs::path& temp, const std::string& name) {
    auto zip = detail::open_zip_file(temp, name);
    if (!zip) return zip.error();
    auto index = detail::read_index(zip->get(), name, PackLimits{});
    if (!index) return index.error();
    for (const detail::Entry& e : index->entries)
        if (std::string error = detail::read_member(zip->get(), e, name, {}); !error.empty()) return error;
    return {};
}

// Gives `temp` the name `out`: replacing it when `overwrite`, else only if there is no such file (link(2) fails
// on an existing name, so a file that appeared meanwhile is not replaced either).
std::string put_in_place(const fs::path& temp, const fs::path& out, bool overwrite) {
    if (overwrite) {
        if (::rename(temp.c_str(), out.c_str()) != 0) return out.string() + ": " + std::strerror(errno);
        return {};
    }
    if (::link(temp.c_str(), out.c_str()) != 0) {
        if (errno == EEXIST) return out.string() + ": already there (--force replaces it)";
        return out.string() + ": " + std::strerror(errno);
    }
    ::unlink(temp.c_str());
    return {};
}

} // namespace

core::Expected<PackSummary, std::string> write_pack(const fs::path& out, const std::string& tour,
                                                    const std::vector<PackInput>& inputs, bool overwrite) {
    std::error_code ec;
    if (fs::is_directory(out, ec)) return core::unexpected(out.string() + ": is a folder; name the pack's file");
    if (!overwrite && fs::exists(fs::symlink_status(out, ec)))
        return core::unexpected(out.string() + ": already there (--force replaces it)");
    auto manifest = make_manifest(tour, inputs);
    if (!manifest) return core::unexpected(manifest.error());
    std::string text;
    try {
        text = detail::manifest_json(*manifest);
    } catch (const nlohmann::json::exception&) {
        return core::unexpected("a file name is not valid UTF-8; rename it before packing");
    }
    const fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    std::string pattern = (folder / ("." + out.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) return core::unexpected(out.string() + ": cannot write next to it: " + std::strerror(errno));
    ::fchmod(fd, 0644);
    ::close(fd);
    const fs::path temp = pattern;
    std::string error = write_zip(temp, text, inputs);
    if (error.empty()) error = verify_written(temp, out.string());
    if (error.empty()) error = put_in_place(temp, out, overwrite);
    if (!error.empty()) {
        fs::remove(temp, ec);
        return core::unexpected(error);
    }
    PackSummary summary;
    summary.files = manifest->members.size();
    for (const ManifestMember& m : manifest->members) summary.bytes += m.size;
    summary.pack_bytes = fs::file_size(out, ec);
    auto sha = sha256_file(out);
    if (sha) summary.sha256 = *sha;
    return summary;
}

} // namespace vrex::pack
