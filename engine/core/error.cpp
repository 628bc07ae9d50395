#include "core/error.hpp"

#include <filesystem>

namespace vrex::core {

void throw_check_failure(const char* expr, const char* file, int line, const std::string& result_name) {
    const std::string where = std::filesystem::path(file).filename().string() + ":" + std::to_string(line);
    throw Error(where + ": `" + expr + "` failed with " + result_name);
}

} // namespace vrex::core
