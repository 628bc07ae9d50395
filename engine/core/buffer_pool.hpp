#pragma once
// Large byte buffers used again from one load to the next (a file's bytes, a decode's scratch), so that a load does
// not pay for fresh pages each time: on this kind of machine the first touch of fresh memory costs about 0.7 ms a
// megabyte (core/memory.hpp), 6 ms for an 8192x4096 JPEG's file alone. `warm` pays that ahead, off the path of a
// request: the viewers warm buffers for their first panorama while the GPU starts.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "core/expected.hpp"

namespace vrex::core {

// A buffer of at least `size` bytes, its contents undefined. Of k_pooled_min bytes and more it comes from the pool (a
// free one of the smallest capacity that holds it, else a fresh one), and goes back to it when the last owner drops
// it; the pool keeps at most k_pool_keep_bytes free, releasing the rest. Thread-safe.
std::shared_ptr<uint8_t[]> take_buffer(size_t size);

// `count` free buffers of at least `size` bytes each in the pool, their pages in place (touched now, on the calling
// thread).
void warm_buffers(size_t size, int count);

constexpr size_t k_pooled_min = size_t(1) << 20;
constexpr size_t k_pool_keep_bytes = size_t(48) << 20;

// Bytes free in the pool now (tests, figures).
size_t pooled_free_bytes();

// A whole file in a pooled buffer (core::read_file's refusals and messages); with `pooled` false, in memory of its own,
// freed when the last owner drops it (a one-off read: the pool would keep it to the end).
struct PooledBytes {
    std::shared_ptr<uint8_t[]> data;
    size_t size = 0;
    std::span<const uint8_t> span() const { return {data.get(), size}; }
};
Expected<PooledBytes, std::string> read_file_pooled(const std::filesystem::path& path,
                                                    std::uint64_t max_bytes = UINT64_MAX, bool pooled = true);

} // namespace vrex::core
