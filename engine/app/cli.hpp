#pragma once

namespace vrex::app {

// Parses the command line, runs the subcommand and returns the process exit code. Never throws.
int run_cli(int argc, char** argv);

} // namespace vrex::app
