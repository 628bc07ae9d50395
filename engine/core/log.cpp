#include "core/log.hpp"

#include <cstdlib>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace vrex::core {

void init_logging(spdlog::level::level_enum level) {
    auto logger = spdlog::stderr_color_mt("vrex");
    logger->set_pattern("vrex: %l: %v");
    if (const char* env = std::getenv("VREX_LOG")) level = spdlog::level::from_str(env);
    logger->set_level(level);
    spdlog::set_default_logger(logger);
}

} // namespace vrex::core
