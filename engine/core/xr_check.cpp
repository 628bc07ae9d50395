#include "core/xr_check.hpp"

#include <openxr/openxr_reflection.h>

namespace vrex::core {

const char* xr_result_name(XrResult r) {
    switch (r) {
#define VREX_XR_CASE(name, value)                                                                                      \
    case name:                                                                                                         \
        return #name;
        XR_LIST_ENUM_XrResult(VREX_XR_CASE)
#undef VREX_XR_CASE
            default : return "XrResult(unknown)";
    }
}

} // namespace vrex::core
