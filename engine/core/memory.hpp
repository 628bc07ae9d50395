#pragma once
// Memory and threads the way this kind of machine wants them: the first touch of fresh memory is slow here (about
// 0.7 ms a megabyte in 4 KiB page faults, DESIGN.md §8), and a frame must not wait behind a background decode.
#include <atomic>
#include <cstddef>
#include <thread>

namespace vrex::core {

// Maps fresh memory in on a thread of its own (madvise MADV_POPULATE_WRITE, from the start to the end, a few
// megabytes at a time), so that whoever writes it meanwhile, from its start, finds its pages already there: the
// cost moves off the writer's thread (a decoder) to a core that has time for it, and is lower too (one call per
// chunk instead of a fault per page). The memory's contents are not touched, so writing it meanwhile is safe.
// Memory already in place costs next to nothing. Where the kernel lacks MADV_POPULATE_WRITE (before Linux 5.14) it
// does nothing. Stops early and joins when destroyed.
class Prefault {
public:
    Prefault(void* data, size_t bytes);
    ~Prefault();
    Prefault(const Prefault&) = delete;
    Prefault& operator=(const Prefault&) = delete;
    // Waits until it is done (or has stopped).
    void wait();

private:
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// Makes the calling thread yield to the process's other threads: `steps` nice levels below where it is (Linux
// schedules threads by their own nice value). For background work — a full-resolution decode while its preview and
// the frames go first, a preload — so that it takes only the time they leave. Best effort: a failure changes nothing.
void lower_thread_priority(int steps);

} // namespace vrex::core
