// `vrex bench`: opens the input, runs the chosen sections (bench_load.cpp, bench_frame.cpp, bench_tour.cpp,
// bench_xr.cpp) and prints their figures as a table or JSON.
#include "app/bench_command.hpp"
#include "app/bench_detail.hpp"

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <unistd.h>

#include "app/tour_source.hpp"
#include "media/image.hpp"
#include "scene/scene_media.hpp"

namespace vrex::app {
namespace bench {
namespace {

using Section = std::string (*)(Bench&, Json&);

Section section_function(const std::string& name) {
    if (name == "load") return run_load;
    if (name == "frame") return run_frame;
    if (name == "switch") return run_switch;
    if (name == "memory") return run_memory;
    if (name == "xr") return run_xr;
    return run_decode_floor;
}

std::string scalar(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_float()) {
        std::ostringstream s;
        s << std::fixed << std::setprecision(v.get<double>() < 10 ? 3 : 2) << v.get<double>();
        return s.str();
    }
    return v.dump();
}

// A small object of numbers ({"median": .., "p95": ..}) goes on one line; anything larger opens a level.
bool one_line(const Json& v) {
    if (!v.is_object() || v.size() > 4) return false;
    return std::all_of(v.begin(), v.end(), [](const Json& c) { return c.is_primitive(); });
}

void print_table(std::ostream& out, const Json& j, const std::string& prefix, int depth) {
    for (const auto& [key, value] : j.items()) {
        const std::string name = prefix.empty() ? key : prefix + "." + key;
        if (value.is_object() && (depth == 0 || !one_line(value))) {
            if (depth == 0) out << "\n" << key << "\n";
            print_table(out, value, depth == 0 ? "" : name, depth + 1);
            continue;
        }
        out << "  " << std::left << std::setw(36) << name;
        if (value.is_object())
            for (const auto& [k, v] : value.items()) out << " " << k << " " << std::setw(9) << scalar(v);
        else
            out << " " << scalar(value);
        out << "\n";
    }
}

// Full-resolution load and decode against TurboJPEG's bare decode of the same file, measured in the same run.
void add_ratios(Json& report) {
    if (!report.contains("load") || !report.contains("decode-floor") || !report["decode-floor"].contains("median_ms"))
        return;
    const double floor = report["decode-floor"]["median_ms"].get<double>();
    if (floor <= 0) return;
    Json ratios;
    const Json& load = report["load"];
    auto add = [&](const char* name, const Json& from, const char* key) {
        if (from.contains(key)) ratios[name] = std::round(from[key].get<double>() / floor * 100) / 100;
    };
    add("load_cold_full", load["cold"], "full_ms");
    add("load_warm_full", load["warm"], "full_ms");
    add("load_cold_preview", load["cold"], "preview_ms");
    add("load_warm_preview", load["warm"], "preview_ms");
    add("load_first_open_preview", load["warm_first_open"], "preview_ms");
    add("load_first_open_full", load["warm_first_open"], "full_ms");
    add("stage_decode", load["stages"], "decode_ms");
    report["decode-floor"]["ratio_to_floor"] = ratios;
}

// The generated tour's folder, removed when the run ends.
struct TempFolder {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("vrex-bench-" + std::to_string(::getpid()));
    ~TempFolder() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

bool wanted(const BenchOptions& o, const std::string& name) {
    return o.only.empty() || std::find(o.only.begin(), o.only.end(), name) != o.only.end();
}

// The start scene's equirect file, or "" with the reason on `err`.
std::filesystem::path panorama_file(const tour::Scene& scene, std::ostream& err) {
    if (scene.panorama.kind != tour::PanoramaKind::Equirect || scene.panorama.image.path.empty()) {
        err << "vrex bench: scene '" << scene.id << "' has no equirectangular panorama to measure\n";
        return {};
    }
    const auto info = media::probe_image(scene.panorama.image.path);
    if (!info) {
        err << "vrex bench: " << info.error() << "\n";
        return {};
    }
    return scene.panorama.image.path;
}

} // namespace
} // namespace bench

int run_bench(const BenchOptions& o, std::ostream& out, std::ostream& err) {
    using namespace bench;
    for (const std::string& name : o.only)
        if (std::find(k_bench_sections.begin(), k_bench_sections.end(), name) == k_bench_sections.end()) {
            err << "vrex bench: --only: no section '" << name << "' (load, frame, switch, memory, xr, decode-floor)\n";
            return 2;
        }
    const std::optional<tour::Tour> tour = open_tour_or_image(o.input, err);
    if (!tour) return 1;
    const tour::Scene* scene = tour->find_scene(tour->start);
    if (!scene) scene = &tour->scenes.front();
    const std::filesystem::path image = panorama_file(*scene, err);
    if (image.empty()) return 1;
    // As the viewers start: the first load's buffers warmed while the GPU starts (a thread of their own).
    const double warm_start = now_ms();
    std::future<void> warm_up = scene::warm_first_load(*tour, scene->id);
    GpuSession gpu;
    std::optional<text::FontLibrary> fonts = load_fonts(err);
    const double gpu_ready = now_ms();
    warm_up.wait();
    Bench b{o, err, *tour, *scene, image, gpu, fonts ? &*fonts : nullptr};
    b.warm_up_ms = now_ms() - warm_start;
    b.gpu_start_ms = gpu_ready - warm_start;
    TempFolder folder;
    std::optional<tour::Tour> ring;
    const bool needs_ring =
        wanted(o, "memory") || (wanted(o, "switch") && (tour->scenes.size() < 2 || first_link(*scene) < 0));
    if (needs_ring) {
        std::string error;
        ring = make_ring_tour(image, std::max(2u, o.scenes), folder.path, error);
        if (!ring) {
            err << "vrex bench: " << error << "\n";
            return 1;
        }
        b.ring = &*ring;
    }
    Json report{{"input", o.input.string()}, {"scene", scene->id}, {"device", gpu.ctx.device_name()}};
    for (const std::string& name : k_bench_sections) {
        if (!wanted(o, name)) continue;
        if (!o.json) err << "vrex bench: " << name << "...\n";
        Json section = Json::object();
        if (const std::string e = section_function(name)(b, section); !e.empty()) {
            err << "vrex bench: " << name << ": " << e << "\n";
            return 1;
        }
        report[name] = section;
    }
    add_ratios(report);
    if (o.json)
        out << report.dump(2) << "\n";
    else
        print_table(out, report, "", 0);
    out.flush();
    return gpu.check_validation(err) ? 0 : 3;
}

} // namespace vrex::app
