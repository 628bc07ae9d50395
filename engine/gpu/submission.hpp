#pragma once
// Work handed to the queue without waiting for it: a load records its copies and barriers, submits, and the frame
// loop goes on (commands later on the same queue are ordered after it by their barriers); the fence says when the
// resources it read (staging memory) may be reused.
#include <functional>

#include "gpu/context.hpp"
#include "gpu/handle.hpp"

namespace vrex::gpu {

class Submission {
public:
    Submission() = default;
    // Records with `record` and submits. Call on the thread that submits frames (the queue is not thread-safe).
    Submission(Context& ctx, const std::function<void(VkCommandBuffer)>& record);
    ~Submission(); // waits for the GPU when still running
    Submission(Submission&&) noexcept = default;
    Submission& operator=(Submission&&) noexcept;

    bool done() const; // the GPU finished (true for an empty Submission)
    void wait() const;

private:
    VkDevice m_device = VK_NULL_HANDLE;
    CommandPool m_pool; // its own: a load is rare, and the frame loop's pools stay its own
    Fence m_fence;
};

} // namespace vrex::gpu
