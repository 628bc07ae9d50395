#pragma once
// Faults injected for tests (docs/testing.md): VREX_GPU_FAULT, read once when a Context is made, makes a chosen
// frame's vkAcquireNextImageKHR, vkQueueSubmit or vkQueuePresentKHR report an error, or large image allocations
// report VK_ERROR_OUT_OF_DEVICE_MEMORY. A comma-separated list of:
//   device_lost@frame:N    the submit of frame N reports VK_ERROR_DEVICE_LOST (after submitting for real)
//   out_of_date@frame:N    the acquire of frame N reports VK_ERROR_OUT_OF_DATE_KHR (without acquiring)
//   surface_lost@frame:N   the acquire of frame N reports VK_ERROR_SURFACE_LOST_KHR (without acquiring)
//   suboptimal@frame:N     the present of frame N reports VK_SUBOPTIMAL_KHR (after presenting for real)
//   out_of_memory@bytes:N  every image allocation of more than N bytes fails as out of device memory
// Frames count from 0, in the order the presenter submits them. Each frame fault fires once.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

#include "core/error.hpp"

namespace vrex::gpu {

enum class FaultPoint { Acquire, Submit, Present };

class FaultPlan {
public:
    FaultPlan() = default;
    // Throws core::Error naming the bad item when `spec` is malformed.
    explicit FaultPlan(const std::string& spec);
    // VREX_GPU_FAULT, or no faults when it is unset or empty.
    static FaultPlan from_environment();

    // The result the call at `point` for `frame` must report instead of its own (once); nullopt: the real one.
    std::optional<VkResult> take(FaultPoint point, uint64_t frame);
    // An image allocation of `bytes` must fail as out of device memory.
    bool image_out_of_memory(uint64_t bytes) const { return m_image_limit && bytes > *m_image_limit; }
    bool empty() const { return m_faults.empty() && !m_image_limit; }

private:
    struct Fault {
        FaultPoint point;
        uint64_t frame;
        VkResult result;
        bool fired = false;
    };
    std::vector<Fault> m_faults;
    std::optional<uint64_t> m_image_limit;
};

// What vrex says when the device is lost (real or injected): the frame loop throws core::Error with it, main prints it
// and exits non-zero.
inline constexpr const char* k_device_lost_message =
    "the GPU device was lost (VK_ERROR_DEVICE_LOST: a driver reset or a GPU fault); vrex cannot draw any more and "
    "exits: start it again";

// Thrown for an allocation the device could not make (real or injected): a caller may fall back to less.
class OutOfDeviceMemory : public core::Error {
public:
    using core::Error::Error;
};
// How its message starts; a decode on a worker thread (which allocates the image it decodes into) passes it on as
// text, and is_out_of_device_memory finds it there.
inline constexpr const char* k_out_of_memory_message = "out of GPU memory";
inline bool is_out_of_device_memory(const std::string& message) {
    return message.find(k_out_of_memory_message) != std::string::npos;
}

} // namespace vrex::gpu
