#pragma once
// XR_CHECK(expr): throws core::Error naming the expression, file:line and the XrResult when expr failed.
// Success codes other than XR_SUCCESS (XR_SESSION_LOSS_PENDING, XR_FRAME_DISCARDED, XR_TIMEOUT_EXPIRED, ...) are
// values to handle: check for them before calling this, or use XR_CHECK_SUCCEEDED which lets them pass.
#include <openxr/openxr.h>

#include "core/error.hpp"

namespace vrex::core {
const char* xr_result_name(XrResult r);
}

#define XR_CHECK(expr)                                                                                                 \
    do {                                                                                                               \
        const XrResult vrex_xr_ = (expr);                                                                              \
        if (vrex_xr_ != XR_SUCCESS)                                                                                    \
            ::vrex::core::throw_check_failure(#expr, __FILE__, __LINE__, ::vrex::core::xr_result_name(vrex_xr_));      \
    } while (0)
