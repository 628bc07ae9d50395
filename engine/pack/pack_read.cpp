// Reading a pack: the zip's entries checked before anything is decompressed, the manifest matched against them, and
// each member streamed through its size and SHA-256 checks.
#include <map>
#include <sys/stat.h>

#include "pack/pack_detail.hpp"

namespace vrex::pack::detail {

namespace {

std::string zip_error_text(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

// What may be in a pack: plain files, stored or deflated, not encrypted. "" when the entry is fine.
std::string check_entry_kind(zip_t* zip, uint64_t index, const zip_stat_t& st) {
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) return "is encrypted";
    if (!(st.valid & ZIP_STAT_COMP_METHOD) || (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE))
        return "is compressed with a method other than store or deflate";
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    if (zip_file_get_external_attributes(zip, index, 0, &opsys, &attributes) == 0 && opsys == ZIP_OPSYS_UNIX) {
        const uint32_t type = (attributes >> 16) & S_IFMT;
        if (type == S_IFLNK) return "is a symbolic link";
        if (type != 0 && type != S_IFREG) return "is not a plain file (a folder, device or FIFO)";
    }
    return {};
}

struct RawEntry {
    uint64_t index = 0;
    uint64_t size = 0;
};

// Every entry's name, kind and declared size; the entries by name.
core::Expected<std::map<std::string, RawEntry>, std::string> scan_entries(zip_t* zip, const std::string& pack,
                                                                          const PackLimits& limits) {
    const zip_int64_t count = zip_get_num_entries(zip, 0);
    if (count < 0 || uint64_t(count) > limits.max_members + 1)
        return core::unexpected(pack + ": " + std::to_string(count) + " entries, more than the limit of " +
                                std::to_string(limits.max_members));
    std::map<std::string, RawEntry> entries;
    uint64_t total = 0;
    for (zip_uint64_t i = 0; i < zip_uint64_t(count); ++i) {
        const char* raw = zip_get_name(zip, i, ZIP_FL_ENC_RAW);
        if (!raw) return core::unexpected(pack + ": entry " + std::to_string(i) + ": " + zip_strerror(zip));
        const std::string name = raw;
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(zip, i, ZIP_FL_ENC_RAW, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
            !(st.valid & ZIP_STAT_COMP_SIZE))
            return core::unexpected(member_error(pack, name, std::string("cannot be read: ") + zip_strerror(zip)));
        if (std::string why = check_member_name(name, limits.max_name_bytes); !why.empty())
            return core::unexpected(member_error(pack, name, why));
        if (std::string why = check_entry_kind(zip, i, st); !why.empty())
            return core::unexpected(member_error(pack, name, why));
        if (st.size > limits.max_member_bytes)
            return core::unexpected(member_error(pack, name,
                                                 "declares " + std::to_string(st.size) +
                                                     " bytes, more than the limit of " +
                                                     std::to_string(limits.max_member_bytes)));
        if (st.size > limits.ratio_floor_bytes && st.size / std::max<uint64_t>(st.comp_size, 1) > limits.max_ratio)
            return core::unexpected(member_error(
                pack, name,
                "would expand " + std::to_string(st.comp_size) + " bytes to " + std::to_string(st.size) +
                    ", more than " + std::to_string(limits.max_ratio) + " times (a zip bomb?); not extracted"));
        total += st.size;
        if (total > limits.max_total_bytes)
            return core::unexpected(pack + ": its members declare more than " + std::to_string(limits.max_total_bytes) +
                                    " bytes together (the limit); not " + "extracted");
        if (!entries.emplace(name, RawEntry{i, st.size}).second)
            return core::unexpected(member_error(pack, name, "is in the pack twice"));
    }
    return entries;
}

core::Expected<std::string, std::string> read_manifest_text(zip_t* zip, const RawEntry& entry, const std::string& pack,
                                                            const PackLimits& limits) {
    if (entry.size > limits.max_manifest_bytes)
        return core::unexpected(member_error(pack, k_manifest_name,
                                             "is " + std::to_string(entry.size) + " bytes, more than the limit of " +
                                                 std::to_string(limits.max_manifest_bytes)));
    std::string text;
    Entry e{entry.index, ManifestMember{k_manifest_name, entry.size, ""}};
    const std::string error = read_member(zip, e, pack, [&](std::span<const uint8_t> chunk) {
        text.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
        return std::string();
    });
    if (!error.empty()) return core::unexpected(error);
    return text;
}

} // namespace

core::Expected<ZipPtr, std::string> open_zip_file(const std::filesystem::path& path, const std::string& pack) {
    int code = 0;
    zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!zip)
        return core::unexpected(pack + ": not a vrex pack (cannot be read as a zip: " + zip_error_text(code) + ")");
    return ZipPtr(zip);
}

core::Expected<ZipPtr, std::string> open_zip_memory(std::span<const uint8_t> bytes, const std::string& pack) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
    std::string why = zip ? "" : zip_error_strerror(&error);
    zip_error_fini(&error);
    if (!zip) {
        if (source) zip_source_free(source);
        return core::unexpected(pack + ": not a vrex pack (cannot be read as a zip: " + why + ")");
    }
    return ZipPtr(zip);
}

core::Expected<Index, std::string> read_index(zip_t* zip, const std::string& pack, const PackLimits& limits) {
    auto entries = scan_entries(zip, pack, limits);
    if (!entries) return core::unexpected(entries.error());
    const auto manifest_entry = entries->find(k_manifest_name);
    if (manifest_entry == entries->end())
        return core::unexpected(pack + ": not a vrex pack (no " + k_manifest_name + " in it)");
    Index index;
    auto text = read_manifest_text(zip, manifest_entry->second, pack, limits);
    if (!text) return core::unexpected(text.error());
    index.manifest_text = std::move(*text);
    auto manifest = parse_manifest(index.manifest_text, pack, limits);
    if (!manifest) return core::unexpected(manifest.error());
    index.manifest = std::move(*manifest);
    entries->erase(manifest_entry);
    for (const ManifestMember& m : index.manifest.members) {
        const auto found = entries->find(m.name);
        if (found == entries->end())
            return core::unexpected(
                member_error(pack, m.name, std::string("is in ") + k_manifest_name + " but not in the pack"));
        if (found->second.size != m.size)
            return core::unexpected(member_error(pack, m.name,
                                                 "the zip says " + std::to_string(found->second.size) +
                                                     " bytes, the manifest " + std::to_string(m.size)));
        index.entries.push_back(Entry{found->second.index, m});
        entries->erase(found);
    }
    if (!entries->empty())
        return core::unexpected(
            member_error(pack, entries->begin()->first, std::string("is not in ") + k_manifest_name + "; refused"));
    return index;
}

std::string read_member(zip_t* zip, const Entry& entry, const std::string& pack, const Sink& sink) {
    const std::string& name = entry.member.name;
    zip_file_t* file = zip_fopen_index(zip, entry.index, 0);
    if (!file) return member_error(pack, name, std::string("cannot be read: ") + zip_strerror(zip));
    Sha256 sha;
    std::vector<uint8_t> buffer(256 << 10);
    uint64_t total = 0;
    std::string error;
    for (;;) {
        const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
        if (n < 0) {
            error = member_error(pack, name, std::string("cannot be read: ") + zip_file_strerror(file));
            break;
        }
        if (n == 0) break;
        total += uint64_t(n);
        if (total > entry.member.size) {
            error = member_error(pack, name,
                                 "holds more than the " + std::to_string(entry.member.size) + " bytes it declares");
            break;
        }
        const std::span<const uint8_t> chunk(buffer.data(), std::size_t(n));
        sha.update(chunk);
        if (error = sink ? sink(chunk) : std::string(); !error.empty()) break;
    }
    zip_fclose(file);
    if (!error.empty()) return error;
    if (total != entry.member.size)
        return member_error(pack, name,
                            "holds " + std::to_string(total) + " bytes, not the " + std::to_string(entry.member.size) +
                                " it declares");
    if (!entry.member.sha256.empty() && sha.hex() != entry.member.sha256)
        return member_error(pack, name, "its SHA-256 does not match the manifest's (changed after packing?); refused");
    return {};
}

} // namespace vrex::pack::detail

namespace vrex::pack {

core::Expected<Manifest, std::string> verify_pack_memory(std::span<const uint8_t> bytes, const std::string& name,
                                                         const PackLimits& limits) {
    auto zip = detail::open_zip_memory(bytes, name);
    if (!zip) return core::unexpected(zip.error());
    auto index = detail::read_index(zip->get(), name, limits);
    if (!index) return core::unexpected(index.error());
    for (const detail::Entry& e : index->entries)
        if (std::string error = detail::read_member(zip->get(), e, name, {}); !error.empty())
            return core::unexpected(error);
    return std::move(index->manifest);
}

} // namespace vrex::pack
