#pragma once
// The parts of pack.hpp's reader and writer shared between pack_*.cpp: libzip handles, the entry and manifest
// checks, streaming a member through its checks. Internal to engine/pack.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <zip.h>

#include "pack/pack.hpp"

namespace vrex::pack::detail {

struct ZipDiscard {
    void operator()(zip_t* zip) const { zip_discard(zip); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscard>;

// A zip opened read-only with libzip's consistency checks (central directory against local headers).
core::Expected<ZipPtr, std::string> open_zip_file(const std::filesystem::path& path, const std::string& pack);
core::Expected<ZipPtr, std::string> open_zip_memory(std::span<const uint8_t> bytes, const std::string& pack);

// A member as the zip holds it, matched with its manifest entry.
struct Entry {
    uint64_t index = 0; // in the zip
    ManifestMember member;
};

struct Index {
    Manifest manifest;
    std::string manifest_text;
    std::vector<Entry> entries; // every member, in manifest order
};

// Checks every entry of the zip (names, kinds, declared sizes against the limits), reads and parses the manifest,
// and matches the two: each entry in the manifest at its size, each manifest member in the zip.
core::Expected<Index, std::string> read_index(zip_t* zip, const std::string& pack, const PackLimits& limits);

// The manifest's text → Manifest, or what is wrong with it (the pack named).
core::Expected<Manifest, std::string> parse_manifest(std::string_view text, const std::string& pack,
                                                     const PackLimits& limits);
std::string manifest_json(const Manifest& manifest);

// Decompresses one member, handing it to `sink` in chunks (a non-empty return stops it as the error), and checks
// that it holds exactly its declared size and has its SHA-256. "" when it did.
using Sink = std::function<std::string(std::span<const uint8_t>)>;
std::string read_member(zip_t* zip, const Entry& entry, const std::string& pack, const Sink& sink);

// "<pack>: member \"<name>\": <why>"
std::string member_error(const std::string& pack, std::string_view name, const std::string& why);

// Incremental SHA-256 (OpenSSL's EVP).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::span<const uint8_t> bytes);
    std::string hex(); // finishes; call once

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace vrex::pack::detail
