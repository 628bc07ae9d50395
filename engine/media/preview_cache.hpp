#pragma once
// Previews of big JPEG panoramas kept on disk, as photo viewers keep thumbnails. A reduced decode still reads the
// whole file's entropy-coded data (about 75 ms for an 8192x4096 JPEG on one core here, whatever the scale); the
// preview made by the first decode of a file, kept as a small JPEG, decodes in a few milliseconds the next time the
// file is opened, by this process or a later one. An entry belongs to a file as it is: its path, size and
// modification time are in the key, so a changed file is decoded afresh. Entries are written atomically; a damaged
// one is decoded afresh and replaced. Nothing here ever writes next to a tour's files.
#include <filesystem>
#include <optional>

#include "core/expected.hpp"
#include "media/image.hpp"

namespace vrex::media {

class PreviewCache {
public:
    // `dir` empty: no cache (every preview is decoded from its file, and nothing is written).
    explicit PreviewCache(std::filesystem::path dir = {}) : m_dir(std::move(dir)) {}
    // VREX_PREVIEW_CACHE (a folder; "" or "off": none), else $XDG_CACHE_HOME/vrex/previews, else
    // ~/.cache/vrex/previews.
    static std::filesystem::path default_dir();
    const std::filesystem::path& dir() const { return m_dir; }

    struct Preview {
        Image image;
        bool from_cache = false;
    };
    // decode_image_reduced(path, min_width), from the cache when it has this file's preview; else decoded from the
    // file and then kept (a failure to write is logged, never an error). Errors are decode_image_reduced's.
    core::Expected<Preview, std::string> load(const std::filesystem::path& path, uint32_t min_width) const;

    // Where the entry for this file would be; nullopt without a cache or when the file cannot be looked at.
    std::optional<std::filesystem::path> entry(const std::filesystem::path& path, uint32_t min_width) const;

private:
    std::filesystem::path m_dir;
};

// Encodes RGBA8 as a baseline JPEG (4:4:4: no colour bleeding on sharp edges) through TurboJPEG; alpha is dropped.
core::Expected<std::vector<uint8_t>, std::string> encode_jpeg(const Image& image, int quality);

} // namespace vrex::media
