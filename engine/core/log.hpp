#pragma once
// Logging goes through spdlog; this sets the format and level once, at start-up.
#include <spdlog/spdlog.h>

namespace vrex::core {

// Logs to stderr as "vrex: level: message". VREX_LOG=debug|info|warn|error overrides the level.
void init_logging(spdlog::level::level_enum level = spdlog::level::warn);

} // namespace vrex::core
