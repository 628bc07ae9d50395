#pragma once
// VK_CHECK(expr): throws core::Error naming the expression, file:line and the VkResult when expr is not VK_SUCCESS.
// Handle expected results (VK_ERROR_OUT_OF_DATE_KHR, VK_TIMEOUT ...) before calling it.
#include <vulkan/vulkan_core.h>

#include "core/error.hpp"

namespace vrex::core {
const char* vk_result_name(VkResult r);
}

#define VK_CHECK(expr)                                                                                                 \
    do {                                                                                                               \
        const VkResult vrex_r_ = (expr);                                                                               \
        if (vrex_r_ != VK_SUCCESS)                                                                                     \
            ::vrex::core::throw_check_failure(#expr, __FILE__, __LINE__, ::vrex::core::vk_result_name(vrex_r_));       \
    } while (0)
