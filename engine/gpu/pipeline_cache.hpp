#pragma once
// A VkPipelineCache kept on disk between runs, so that a second start builds its pipelines from what the driver
// compiled the first time. The file is the driver's data behind a small vrex header (size and checksum); data made by
// another driver or device, or a damaged file, is ignored with a warning and the cache starts empty.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

namespace vrex::gpu {

// The cache file: VREX_PIPELINE_CACHE when set ("" or "off": none, an empty path), else
// $XDG_CACHE_HOME/vrex/pipelines.bin, else $HOME/.cache/vrex/pipelines.bin (an empty path without HOME).
std::filesystem::path default_pipeline_cache_path();

// Why `data` (what vkGetPipelineCacheData gave) is not a cache for `device` ("" when it is): the Vulkan spec's
// header version one (size, version, vendor id, device id, pipelineCacheUUID).
std::string check_pipeline_cache_header(std::span<const uint8_t> data, const VkPhysicalDeviceProperties& device);

class PipelineCache {
public:
    PipelineCache() = default;
    // Creates the cache, from `path`'s contents when they are valid for `device` (else empty, with a warning when the
    // file exists). An empty `path`: in memory only, never saved. Throws core::Error when the device cannot create it.
    PipelineCache(VkDevice device, const VkPhysicalDeviceProperties& properties, std::filesystem::path path);
    ~PipelineCache() { reset(); }
    PipelineCache(PipelineCache&& o) noexcept;
    PipelineCache& operator=(PipelineCache&& o) noexcept;
    PipelineCache(const PipelineCache&) = delete;
    PipelineCache& operator=(const PipelineCache&) = delete;

    VkPipelineCache get() const { return m_cache; }
    const std::filesystem::path& path() const { return m_path; }
    // Bytes of driver data taken from the file (0: a cold start).
    size_t loaded_bytes() const { return m_loaded_bytes; }
    // Writes the cache to its file, atomically (a temporary file renamed over it), unless nothing changed since it was
    // read. False, with a warning, when it could not be written (a read-only folder is not an error).
    bool save() const;
    // Saves, then destroys the cache; call before the device goes.
    void reset();

private:
    VkDevice m_device = VK_NULL_HANDLE;
    VkPipelineCache m_cache = VK_NULL_HANDLE;
    std::filesystem::path m_path;
    size_t m_loaded_bytes = 0;
    uint64_t m_loaded_hash = 0; // of the driver data read, to skip writing the same bytes back
};

} // namespace vrex::gpu
