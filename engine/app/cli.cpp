#include "app/cli.hpp"
#include "app/modules.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>

#include "app/bake_command.hpp"
#include "app/bench_command.hpp"
#include "app/import_command.hpp"
#include "app/lint_command.hpp"
#include "app/pack_command.hpp"
#include "app/remote_tour.hpp"
#include "app/shot_command.hpp"
#include "app/stats_command.hpp"
#include "app/tile_command.hpp"
#include "app/view_command.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "media/model.hpp"
#include "scene/scene_media.hpp"

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

void add_anisotropy(CLI::App* app, float& anisotropy) {
    app->add_option("--anisotropy", anisotropy,
                    "Anisotropic filtering of the panorama, N samples at most (capped by the GPU; default none): "
                    "alias-free rows near the poles, at about 4x the frame cost on a CPU renderer")
        ->type_name("N")
        ->check(CLI::Range(1.0, 16.0));
}

void add_shot(CLI::App& cli, ShotOptions& o) {
    CLI::App* shot = cli.add_subcommand("shot", "Render views of a panorama or a tour to PNG, without a window");
    shot->add_option("input", o.input,
                     "Panorama image (equirectangular JPEG, PNG, ...) or tour (tour.yaml or its folder)")
        ->required();
    shot->add_option("--yaw", o.yaw, "View direction, degrees, positive turns right (default 0, or the scene's view)");
    shot->add_option("--pitch", o.pitch, "View direction, degrees, positive looks up (default 0, or the scene's view)")
        ->check(CLI::Range(-90.0, 90.0));
    shot->add_option("--hfov", o.hfov, "Horizontal field of view, degrees (default 90, or the scene's view)")
        ->check(CLI::Range(1.0, 179.0));
    shot->add_option_function<std::string>(
            "--size",
            [&o](const std::string& s) {
                if (auto e = parse_size(s, o.width, o.height); !e.empty()) throw CLI::ValidationError("--size", e);
            },
            "Output size WIDTHxHEIGHT (default 1280x720)")
        ->type_name("WxH");
    shot->add_option("-o,--output", o.output, "Output PNG; with --all, the output folder")->capture_default_str();
    shot->add_option("--scene", o.scene, "Tour: the scene to render (default: the tour's start)");
    CLI::Option* all = shot->add_flag("--all", o.all, "Tour: one PNG per scene into the -o folder (a contact sheet)");
    CLI::Option* bare =
        shot->add_flag("--no-hotspots", o.no_hotspots, "Tour: the panorama alone, without hotspot markers and labels");
    shot->add_option("--open", o.open,
                     "Tour: render with this hotspot (an id of the scene's info, media or model hotspots) opened, "
                     "the view turned to face its panel")
        ->type_name("HOTSPOT")
        ->excludes(all)
        ->excludes(bare);
    shot->add_option("--turn-model", o.turn_model,
                     "Tour: with --open of a model hotspot, the object turned by DEG about the vertical, as a drag "
                     "does: positive turns it clockwise seen from above (its near side moves left)")
        ->type_name("DEG")
        ->needs("--open");
    shot->add_flag("--timings", o.timings, "Print the time each stage took");
    add_anisotropy(shot, o.anisotropy);
}

void add_view(CLI::App& cli, ViewOptions& o, const std::filesystem::path& default_tour) {
    CLI::App* view = cli.add_subcommand("view", "Show a tour in a window: look around, hotspots, walk between halls");
    o.tour = default_tour;
    view->add_option("tour", o.tour, "Tour (tour.yaml or its folder) or a panorama image; default: the sample tour");
    view->add_option("--scene", o.scene, "Start in this scene instead of the tour's start");
    view->add_flag("--edit", o.edit, "Curator mode: clicks print yaw/pitch as YAML, the tour reloads when saved");
    CLI::Option* kiosk = view->add_flag(
        "--kiosk", o.kiosk,
        "Kiosk: after --idle seconds without input, back to the start and turn slowly; only Ctrl+Alt+Shift+Q quits. "
        "Headset: the tour restarts for each visitor who puts it on (docs/kiosk.md)");
    view->add_option("--idle", o.kiosk_idle_seconds, "Kiosk: seconds without input before the restart (default 60)")
        ->type_name("SECONDS")
        ->check(CLI::Range(1.0, 86400.0))
        ->needs(kiosk);
    view->add_option("--lang", o.language,
                     "The station's language (one of the tour's `languages`): the tour starts in it, and a kiosk "
                     "returns to it for each visitor (default: the tour's first)")
        ->type_name("CODE");
    view->add_flag("--events", o.events, "Print one JSON line per viewer event on stdout");
    view->add_option("--stats", o.stats,
                     "Keep visitor statistics: one JSON-lines log per visit in DIR (scenes, time, hotspots opened, "
                     "language, view directions; nothing personal, nothing sent; docs/stats.md)")
        ->type_name("DIR");
    view->add_option("--frames", o.frames, "Exit after N frames (for scripts and tests)");
    view->add_flag("--fullscreen", o.fullscreen, "Start in fullscreen (F11 toggles)");
    auto* xr = view->add_flag_callback(
        "--xr", [&o] { o.mode = ViewMode::Xr; }, "Headset only: exit with the reason when no OpenXR headset is usable");
    view->add_flag_callback(
            "--desktop", [&o] { o.mode = ViewMode::Desktop; }, "Window only: never touch OpenXR")
        ->excludes(xr);
    view->add_option("--dwell", o.dwell_seconds,
                     "Headset: seconds of gaze that activate a hotspot (default: the tour's `dwell`, else 1)")
        ->check(CLI::Range(0.2, 10.0));
    view->add_option("--snap-turn", o.snap_turn_deg, "Headset: degrees of one thumbstick turn (default 30)")
        ->check(CLI::Range(5.0, 90.0));
    view->add_flag("--stage", o.stage, "Headset: standing (STAGE space) instead of seated (LOCAL)");
    add_anisotropy(view, o.anisotropy);
    view->add_option("--memory-budget", o.memory_budget_mb,
                     "MiB for panoramas (on the GPU and decoded): the scene shown, its neighbours preloaded and scenes "
                     "seen lately; default: a quarter of the GPU's memory, 256 to 1024; 0: no preloading")
        ->type_name("MB")
        ->check(CLI::NonNegativeNumber);
    const std::map<std::string, ViewOptions::Layers> layers{{"auto", ViewOptions::Layers::Auto},
                                                            {"projection", ViewOptions::Layers::Projection},
                                                            {"cube", ViewOptions::Layers::Cube}};
    view->add_option("--layers", o.layers,
                     "Headset: auto (a cube layer when the runtime offers one), projection or cube (default auto)")
        ->transform(CLI::CheckedTransformer(layers, CLI::ignore_case));
    view->add_option_function<std::string>(
            "--size",
            [&o](const std::string& s) {
                if (auto e = parse_size(s, o.width, o.height); !e.empty()) throw CLI::ValidationError("--size", e);
            },
            "Window size WIDTHxHEIGHT (default 1280x800)")
        ->type_name("WxH");
}

void add_bake(CLI::App& cli, BakeOptions& o) {
    CLI::App* bake = cli.add_subcommand(
        "bake",
        "Render an equirectangular panorama (JPEG) of a 3D model (glTF, OBJ, FBX, COLLADA) from a point inside");
    bake->add_option("model", o.model, "The model: .gltf, .glb, .obj, .fbx or .dae (units: metres)")->required();
    bake->add_option_function<std::string>(
            "--at",
            [&o](const std::string& s) {
                if (auto e = parse_point(s, o.at); !e.empty()) throw CLI::ValidationError("--at", e);
            },
            "The bake point X,Y,Z in model coordinates (metres; +Y up), e.g. 0,1.6,0")
        ->type_name("X,Y,Z")
        ->required();
    bake->add_option("--yaw", o.yaw, "The model's yaw at the panorama's centre, degrees, positive turns right (0)");
    bake->add_option("--size", o.size, "Panorama width in pixels, even; height is half (8192)")->type_name("W");
    bake->add_option("--stereo", o.stereo_ipd, "Top-bottom stereo pair (left eye on top), eyes IPD metres apart")
        ->type_name("IPD")
        ->check(CLI::Range(0.0, 1.0));
    bake->add_option("-o,--output", o.output, "Output JPEG")->capture_default_str();
    bake->add_flag("--hotspots", o.hotspots,
                   "Also print `NAME yaw=Y pitch=P` for each node named hotspot:NAME, as seen from the point");
    bake->add_option("--quality", o.quality, "JPEG quality (92)")->check(CLI::Range(1, 100));
    bake->add_option("--supersample", o.supersample, "Render faces at N times their size and filter down (2)")
        ->type_name("N")
        ->check(CLI::Range(1, 4));
    bake->add_flag("--flat-lighting", o.flat_lighting,
                   "Light as the viewer lights exhibits, without the bake's sky, occlusion and model lights");
    bake->add_flag("--timings", o.timings, "Print the time each stage took");
}

void add_lint(CLI::App& cli, LintOptions& o) {
    CLI::App* lint = cli.add_subcommand("lint", "Check a tour file and print every problem as file:line:col");
    lint->add_option("tour", o.tour, "Tour file (tour.yaml) or the folder holding it")->required();
    lint->add_flag("--json", o.json, "Print the problems as JSON (for editors and CI)");
}

void add_import(CLI::App& cli, ImportOptions& o) {
    CLI::App* import = cli.add_subcommand(
        "import", "Write another viewer's tour (Pannellum, Marzipano, VR View, krpano, Photo Sphere Viewer) as a "
                  "vrex tour.yaml");
    import
        ->add_option("source", o.source,
                     "The tour file: Pannellum JSON, Marzipano data.js, VR View scenes JSON, "
                     "krpano tour.xml or Photo Sphere Viewer nodes JSON")
        ->required()
        ->check(CLI::ExistingFile);
    import->add_option("-o,--output", o.output, "Folder for tour.yaml (made if needed)")->required();
    import->add_flag("--copy", o.copy, "Copy the media into the output folder (else they must lie inside it)");
    import->add_flag("--force", o.force, "Replace an existing tour.yaml");
}

void add_bench(CLI::App& cli, BenchOptions& o) {
    CLI::App* bench =
        cli.add_subcommand("bench", "Measure loading, frames, scene switches and memory, without a window");
    bench->add_option("input", o.input, "Panorama image, or tour (its start scene and the scene's first link)")
        ->required();
    bench->add_option("--iterations", o.iterations, "Repeats of the warm load, of each stage and of decode-floor (5)")
        ->check(CLI::Range(1, 1000));
    bench->add_option("--frames", o.frames, "Timed frames per frame configuration and in the headset (120)")
        ->check(CLI::Range(1, 100000));
    bench->add_option("--switches", o.switches, "memory: scene switches after the first visit of every scene (1000)")
        ->check(CLI::Range(0, 1000000));
    bench->add_option("--scenes", o.scenes, "memory: scenes in the generated tour (20)")->check(CLI::Range(2, 1000));
    bench
        ->add_option("--only", o.only,
                     "Sections to run, e.g. load,frame (load, frame, switch, memory, xr, "
                     "decode-floor; default all)")
        ->delimiter(',')
        ->check(CLI::IsMember(k_bench_sections));
    bench
        ->add_option_function<std::string>(
            "--size",
            [&o](const std::string& s) {
                if (auto e = parse_size(s, o.width, o.height); !e.empty()) throw CLI::ValidationError("--size", e);
            },
            "frame and load: the view's size WIDTHxHEIGHT (default 1920x1080)")
        ->type_name("WxH");
    bench
        ->add_option_function<std::string>(
            "--eye-size",
            [&o](const std::string& s) {
                if (auto e = parse_size(s, o.eye_width, o.eye_height); !e.empty())
                    throw CLI::ValidationError("--eye-size", e);
            },
            "frame and xr: each eye's size WIDTHxHEIGHT (default 1832x1920)")
        ->type_name("WxH");
    bench->add_flag("--json", o.json, "Print the figures as one JSON document instead of a table");
}

void add_stats(CLI::App& cli, StatsOptions& o) {
    CLI::App* stats = cli.add_subcommand(
        "stats", "Sum up the visit logs of `vrex view --stats`: per scene and hotspot, and heat maps of where "
                 "visitors looked (PNG over the panorama, and an HTML report)");
    stats->add_option("logs", o.logs, "The --stats folder (or one visit-*.jsonl)")->required();
    stats->add_option("-o,--output", o.out, "Report folder (default: LOGS/report)")->type_name("DIR");
    stats->add_option("--tour", o.tour, "The tour whose panoramas lie beneath the heat maps (default: the logs')")
        ->type_name("TOUR");
    stats->add_flag("--json", o.json, "Print the summary as JSON (with each heat map's peak) instead of a table");
    stats->add_option("--sigma", o.sigma_deg, "Heat maps: the Gaussian's standard deviation in degrees (3)")
        ->check(CLI::Range(0.5, 30.0));
    stats->add_option("--width", o.width, "Heat maps: width in pixels; the height is half (1024)")
        ->check(CLI::Range(64, 8192));
}

// The bundled sample tour: VREX_TOUR, else scenes/museum next to the build or install folder of the binary.
std::filesystem::path default_tour(const char* argv0) {
    if (const char* env = std::getenv("VREX_TOUR")) return env;
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::canonical("/proc/self/exe", ec);
    if (ec) exe = std::filesystem::absolute(argv0);
    for (std::filesystem::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
        for (const char* rel : {"scenes/museum", "share/vrex/scenes/museum"})
            if (std::filesystem::exists(dir / rel / "tour.yaml", ec)) return dir / rel;
    return "scenes/museum";
}

} // namespace

int run_cli(int argc, char** argv) {
    core::init_logging();
    CLI::App cli{"vrex: immersive VR exhibition viewer"};
    cli.require_subcommand(1);
    cli.set_version_flag("--version", "vrex 0.1.0");
    ShotOptions shot;
    add_shot(cli, shot);
    ViewOptions view;
    add_view(cli, view, default_tour(argv[0]));
    LintOptions lint;
    lint.load = tour_load_options();
    lint.load.check_model = [](const std::filesystem::path& file) {
        auto model = media::load_model(file);
        return model ? std::string() : model.error();
    };
    add_lint(cli, lint);
    ImportOptions import;
    add_import(cli, import);
    BenchOptions bench;
    add_bench(cli, bench);
    TileOptions tile;
    add_tile(cli, tile);
    BakeOptions bake;
    add_bake(cli, bake);
    StatsOptions stats;
    add_stats(cli, stats);
    PackOptions pack;
    add_pack(cli, pack);
    NetOptions net;
    for (const char* name : {"shot", "view", "lint"}) add_net_options(cli.get_subcommand(name), net);
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        RemoteTour remote;
        if (!localize_remote_tour(cli.got_subcommand("shot")   ? shot.input
                                  : cli.got_subcommand("view") ? view.tour
                                                               : lint.tour,
                                  net, std::cerr, &remote))
            return 1;
        shot.placeholders = !remote.uncached.empty(); // the server cannot be reached: the tour goes on without them
        view.url = remote.url;
        view.net = net;
        if (!localize_pack(cli.got_subcommand("shot")   ? shot.input
                           : cli.got_subcommand("view") ? view.tour
                                                        : lint.tour,
                           std::cerr))
            return 1;
        if (cli.got_subcommand("pack")) return run_pack(pack, std::cout, std::cerr);
        if (cli.got_subcommand("shot")) return run_shot(shot, std::cout, std::cerr);
        if (cli.got_subcommand("lint")) return run_lint(lint, std::cout);
        if (cli.got_subcommand("import")) return run_import(import, std::cout, std::cerr);
        if (cli.got_subcommand("view")) return run_view(view, std::cout, std::cerr);
        if (cli.got_subcommand("bench")) return run_bench(bench, std::cout, std::cerr);
        if (cli.got_subcommand("tile")) return run_tile(tile, std::cout, std::cerr);
        if (cli.got_subcommand("bake")) return run_bake(bake, std::cout, std::cerr);
        if (cli.got_subcommand("stats")) return run_stats(stats, std::cout, std::cerr);
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
