#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <regex>

#include "app/shot_command.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

namespace vrex::app {
namespace {

// "1280x720" -> width, height. Returns an error text for CLI11 or "" when fine.
std::string parse_size(const std::string& text, uint32_t& width, uint32_t& height) {
    static const std::regex k_size(R"((\d{1,5})[xX](\d{1,5}))");
    std::smatch m;
    if (!std::regex_match(text, m, k_size)) return "size must look like 1280x720";
    width = uint32_t(std::stoul(m[1]));
    height = uint32_t(std::stoul(m[2]));
    if (width == 0 || height == 0) return "size must be at least 1x1";
    return "";
}

void add_shot(CLI::App& cli, ShotOptions& o) {
    CLI::App* shot = cli.add_subcommand("shot", "Render one view of a panorama to a PNG, without a window");
    shot->add_option("input", o.input, "Panorama image (equirectangular JPEG, PNG, ...)")->required();
    shot->add_option("--yaw", o.yaw, "View direction, degrees, positive turns right")->capture_default_str();
    shot->add_option("--pitch", o.pitch, "View direction, degrees, positive looks up")
        ->check(CLI::Range(-90.0, 90.0))
        ->capture_default_str();
    shot->add_option("--hfov", o.hfov, "Horizontal field of view, degrees")
        ->check(CLI::Range(1.0, 179.0))
        ->capture_default_str();
    shot->add_option_function<std::string>(
            "--size",
            [&o](const std::string& s) {
                if (auto e = parse_size(s, o.width, o.height); !e.empty()) throw CLI::ValidationError("--size", e);
            },
            "Output size WIDTHxHEIGHT (default 1280x720)")
        ->type_name("WxH");
    shot->add_option("-o,--output", o.output, "Output PNG")->capture_default_str();
    shot->add_flag("--timings", o.timings, "Print the time each stage took");
}

} // namespace

int run_cli(int argc, char** argv) {
    core::init_logging();
    CLI::App cli{"vrex: immersive VR exhibition viewer"};
    cli.require_subcommand(1);
    cli.set_version_flag("--version", "vrex 0.1.0");
    ShotOptions shot;
    add_shot(cli, shot);
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        if (cli.got_subcommand("shot")) return run_shot(shot, std::cout, std::cerr);
    } catch (const core::Error& e) {
        std::cerr << "vrex: " << e.what() << "\n";
        return 3;
    } catch (const std::exception& e) {
        std::cerr << "vrex: unexpected error: " << e.what() << "\n";
        return 3;
    }
    return 2;
}

} // namespace vrex::app
