#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace vrex::core {

// Reads a whole file. The error names the file and the reason ("cannot open x.jpg: No such file or directory").
// Only plain files are read: a FIFO, socket or device is refused without blocking on it (the open does not wait for
// a writer), and so is a folder. A file over `max_bytes` is refused unread.
Expected<std::vector<uint8_t>, std::string> read_file(const std::filesystem::path& path,
                                                      std::uint64_t max_bytes = UINT64_MAX);

// The first `max_bytes` of a plain file (all of it when shorter), with the same refusals; for reading a header.
Expected<std::vector<uint8_t>, std::string> read_file_head(const std::filesystem::path& path, std::size_t max_bytes);

// Where vrex keeps what it may recompute (pipelines, previews): `override` when the environment variable of that name
// is set (`VREX_PIPELINE_CACHE`, ...; "" or "off": nowhere, an empty path), else $XDG_CACHE_HOME/vrex/`name`, else
// ~/.cache/vrex/`name`; empty when there is no home either.
std::filesystem::path user_cache_path(const char* override, const std::filesystem::path& name);

// Writes through a temporary file in the same folder and renames it, so a crash never leaves half a file.
Expected<bool, std::string> write_file_atomic(const std::filesystem::path& path, const void* data, size_t size);

} // namespace vrex::core
