#include "core/memory.hpp"

#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 // Linux 5.14; glibc's headers may predate it
#endif

namespace vrex::core {
namespace {
constexpr size_t k_chunk = size_t(4) << 20;
} // namespace

Prefault::Prefault(void* data, size_t bytes) {
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    // Whole pages inside [data, data + bytes): madvise takes page-aligned ranges, and a page shared with other data
    // at either end is likely in place already.
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + page - 1) & ~(page - 1);
    const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(page - 1);
    if (end <= begin) return;
    m_thread = std::thread([this, begin, end] {
        for (uintptr_t p = begin; p < end && !m_stop.load(std::memory_order_relaxed); p += k_chunk) {
            const size_t n = std::min<uintptr_t>(k_chunk, end - p);
            if (madvise(reinterpret_cast<void*>(p), n, MADV_POPULATE_WRITE) != 0 && errno == EINVAL) return;
        }
    });
}

Prefault::~Prefault() {
    m_stop = true;
    wait();
}

void Prefault::wait() {
    if (m_thread.joinable()) m_thread.join();
}

void lower_thread_priority(int steps) {
    const id_t tid = id_t(gettid());
    errno = 0;
    const int now = getpriority(PRIO_PROCESS, tid);
    if (now == -1 && errno != 0) return;
    setpriority(PRIO_PROCESS, tid, std::min(19, now + steps));
}

} // namespace vrex::core
