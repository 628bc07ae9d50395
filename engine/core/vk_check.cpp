#include "core/vk_check.hpp"

namespace vrex::core {

const char* vk_result_name(VkResult r) {
    switch (r) {
#define VREX_CASE(x)                                                                                                   \
    case x:                                                                                                            \
        return #x;
        VREX_CASE(VK_SUCCESS)
        VREX_CASE(VK_NOT_READY)
        VREX_CASE(VK_TIMEOUT)
        VREX_CASE(VK_EVENT_SET)
        VREX_CASE(VK_EVENT_RESET)
        VREX_CASE(VK_INCOMPLETE)
        VREX_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
        VREX_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
        VREX_CASE(VK_ERROR_INITIALIZATION_FAILED)
        VREX_CASE(VK_ERROR_DEVICE_LOST)
        VREX_CASE(VK_ERROR_MEMORY_MAP_FAILED)
        VREX_CASE(VK_ERROR_LAYER_NOT_PRESENT)
        VREX_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
        VREX_CASE(VK_ERROR_FEATURE_NOT_PRESENT)
        VREX_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
        VREX_CASE(VK_ERROR_TOO_MANY_OBJECTS)
        VREX_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
        VREX_CASE(VK_ERROR_FRAGMENTED_POOL)
        VREX_CASE(VK_ERROR_UNKNOWN)
        VREX_CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
        VREX_CASE(VK_ERROR_INVALID_EXTERNAL_HANDLE)
        VREX_CASE(VK_ERROR_FRAGMENTATION)
        VREX_CASE(VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS)
        VREX_CASE(VK_PIPELINE_COMPILE_REQUIRED)
        VREX_CASE(VK_ERROR_SURFACE_LOST_KHR)
        VREX_CASE(VK_ERROR_NATIVE_WINDOW_IN_USE_KHR)
        VREX_CASE(VK_SUBOPTIMAL_KHR)
        VREX_CASE(VK_ERROR_OUT_OF_DATE_KHR)
        VREX_CASE(VK_ERROR_INCOMPATIBLE_DISPLAY_KHR)
        VREX_CASE(VK_ERROR_VALIDATION_FAILED_EXT)
#undef VREX_CASE
    default:
        return "VkResult(unknown)";
    }
}

} // namespace vrex::core
