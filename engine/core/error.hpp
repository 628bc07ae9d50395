#pragma once
// Errors for broken invariants (lost device, missing shader). Bad input is reported as a value instead.
#include <stdexcept>
#include <string>

namespace vrex::core {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what) : std::runtime_error(what) {}
};

// Throws core::Error "file:line: `expr` failed with NAME". Used by VK_CHECK / XR_CHECK.
[[noreturn]] void throw_check_failure(const char* expr, const char* file, int line, const std::string& result_name);

} // namespace vrex::core
