// `vrex bench`'s switch and memory sections, and the tour they walk: a link activated as a visitor clicks it, the
// Viewer's fade, and the PanoramaCache loading the target, as in the desktop loop (view_command.cpp), on a clock the
// bench drives.
#include "app/bench_detail.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/resource.h>

#include "scene/scene_media.hpp"
#include "tour/load.hpp"

namespace vrex::app::bench {
namespace {

std::string scene_id(uint32_t i) {
    char id[16];
    std::snprintf(id, sizeof id, "s%02u", i);
    return id;
}

// Ticks from the activation of `link` until the first frame of its target at full resolution that is no longer
// black (the fade in has begun). `clock` gives the viewer's time in seconds.
template <typename Clock> std::string run_switch_once(Rig& rig, int link, Clock clock, Json& out) {
    const std::string target = rig.viewer.scene().hotspots.at(size_t(link)).target;
    const double start = now_ms();
    if (!rig.activate(link, clock())) return "the viewer did not follow the link to '" + target + "'";
    int frames = 1; // the activation's frame
    double first_any = -1, first_full = -1;
    int first_full_frames = 0;
    while (true) {
        if (now_ms() - start > 600'000) return "the switch to '" + target + "' took over 10 minutes";
        const std::optional<Shown> shown = rig.tick(clock());
        if (rig.cache.ready(target) && !rig.cache.error(target).empty()) return rig.cache.error(target);
        if (!shown) continue;
        ++frames;
        if (shown->scene != target || !shown->panorama) continue;
        const double t = now_ms() - start;
        if (first_any < 0) first_any = t;
        if (!shown->full()) continue;
        if (first_full < 0) {
            first_full = t;
            first_full_frames = frames;
        }
        if (shown->fade < 1) {
            out["first_frame_ms"] = round2(first_any);
            out["full_ms"] = round2(first_full);
            out["full_frames"] = first_full_frames;
            out["visible_ms"] = round2(t);
            out["visible_frames"] = frames;
            return "";
        }
    }
}

// Ticks until the preloads of the scene shown have finished (a preload's upload follows in the poll after its
// decode: 20 quiet ticks in a row), at most a minute.
void settle(Rig& rig, double& t) {
    const double start = now_ms();
    for (int quiet = 0; quiet < 20 && now_ms() - start < 60'000;) {
        rig.tick(t += 0.05);
        quiet = rig.cache.preloading() ? 0 : quiet + 1;
    }
}

// One switch on the real clock: the target preloaded (wanted beside the start until ready) or cold (never loaded).
std::string measure_switch(Bench& b, const tour::Tour& tour, const tour::Scene& start, bool preloaded, Json& out) {
    const int link = first_link(start);
    const std::string target = start.hotspots.at(size_t(link)).target;
    // Cold: no preloading (budget 0), so the target is loaded only once the link is clicked.
    Rig rig(b, tour, start.id, {b.options.width, b.options.height}, 1,
            preloaded ? std::nullopt : std::optional<uint64_t>(0));
    double t = 0;
    std::vector<std::string> ready{start.id};
    if (preloaded) ready.push_back(target);
    if (std::string e = rig.wait_ready(ready, t, 0.05); !e.empty()) return e;
    rig.preload.clear(); // from here on, the desktop's loading
    settle(rig, t);      // as a visitor who looks around before clicking
    if (preloaded && !rig.cache.ready(target)) return "the preloaded target '" + target + "' was dropped";
    rig.draw(rig.presenter, t += 0.05); // the start scene on screen, pipelines made
    const double base = now_ms();
    auto clock = [&] { return t + (now_ms() - base) / 1000.0; };
    out["from"] = start.id;
    out["to"] = target;
    return run_switch_once(rig, link, clock, out);
}

double status_mb(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(status, line))
        if (line.rfind(prefix, 0) == 0) return std::stod(line.substr(prefix.size())) / 1024.0; // kB
    return 0;
}

// The process's open file descriptors (entries of /proc/self/fd, less the one that lists them), or 0 without /proc.
int open_fds() {
    std::error_code ec;
    int count = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++count;
    return count > 0 ? count - 1 : 0;
}

// VK_EXT_memory_budget's usage summed over the device-local heaps, or nullopt without the extension.
std::optional<double> heap_usage_mb(gpu::Context& ctx) {
    uint32_t count = 0;
    vkEnumerateDeviceExtensionProperties(ctx.physical_device(), nullptr, &count, nullptr);
    std::vector<VkExtensionProperties> exts(count);
    vkEnumerateDeviceExtensionProperties(ctx.physical_device(), nullptr, &count, exts.data());
    const bool has = std::any_of(exts.begin(), exts.end(), [](const VkExtensionProperties& e) {
        return std::string(e.extensionName) == VK_EXT_MEMORY_BUDGET_EXTENSION_NAME;
    });
    if (!has) return std::nullopt;
    VkPhysicalDeviceMemoryBudgetPropertiesEXT budget{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_BUDGET_PROPERTIES_EXT};
    VkPhysicalDeviceMemoryProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_PROPERTIES_2};
    props.pNext = &budget;
    vkGetPhysicalDeviceMemoryProperties2(ctx.physical_device(), &props);
    double sum = 0;
    for (uint32_t i = 0; i < props.memoryProperties.memoryHeapCount; ++i)
        if (props.memoryProperties.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
            sum += double(budget.heapUsage[i]) / (1024.0 * 1024.0);
    return sum;
}

Json memory_now(Bench& b, const Rig& rig) {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    double panoramas = 0;
    int held = 0;
    for (const tour::Scene& s : rig.tour().scenes)
        for (const render::Panorama* p : {rig.cache.panorama(s.id), rig.cache.panorama_right(s.id)})
            if (p) {
                panoramas += double(p->memory_size()) / (1024.0 * 1024.0);
                ++held;
            }
    const PanoramaCache::Memory cache = rig.cache.memory();
    Json j{{"vm_hwm_mb", round2(status_mb("VmHWM"))},
           {"vm_rss_mb", round2(status_mb("VmRSS"))},
           {"ru_maxrss_mb", round2(double(usage.ru_maxrss) / 1024.0)},
           {"open_fds", open_fds()},
           {"gpu_panoramas_mb", round2(panoramas)},
           {"panoramas_held", held},
           {"cache_decoded_mb", round2(double(cache.cpu) / (1024.0 * 1024.0))},
           {"cache_entries", cache.entries}};
    if (const std::optional<double> heap = heap_usage_mb(b.gpu.ctx))
        j["gpu_heap_usage_mb"] = round2(*heap);
    else
        j["gpu_heap_usage_mb"] = "no VK_EXT_memory_budget";
    return j;
}

// Follows each scene's first link once the target shows at full resolution, `count` times; the viewer's clock runs
// 0.25 s a tick (the fades pass in two ticks; the loads take what they take).
std::string walk(Rig& rig, uint32_t count, double& t, std::ostream& err, const char* what) {
    for (uint32_t i = 0; i < count; ++i) {
        Json ignored;
        if (std::string e = run_switch_once(
                rig, first_link(rig.viewer.scene()), [&] { return t += 0.25; }, ignored);
            !e.empty())
            return e;
        if ((i + 1) % 100 == 0) err << "vrex bench: memory: " << what << " " << i + 1 << " of " << count << "\n";
    }
    return "";
}

} // namespace

std::optional<tour::Tour> make_ring_tour(const std::filesystem::path& image, uint32_t count,
                                         const std::filesystem::path& folder, std::string& error) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    std::ofstream yaml(folder / "tour.yaml");
    yaml << "tour:\n  title: vrex bench ring\n  start: " << scene_id(0) << "\nscenes:\n";
    for (uint32_t i = 0; i < count; ++i) {
        const std::string file = scene_id(i) + image.extension().string();
        std::filesystem::remove(folder / file, ec);
        std::filesystem::create_hard_link(std::filesystem::absolute(image), folder / file, ec);
        if (ec) std::filesystem::copy_file(image, folder / file, ec); // another file system
        if (ec) {
            error = "cannot put " + image.string() + " into " + folder.string() + ": " + ec.message();
            return std::nullopt;
        }
        yaml << "  - id: " << scene_id(i) << "\n    panorama: " << file << "\n    hotspots:\n"
             << "      - {id: next, kind: link, at: {yaw: 0, pitch: -10}, target: " << scene_id((i + 1) % count)
             << "}\n";
    }
    yaml.close();
    tour::LoadResult loaded = tour::load_tour(folder / "tour.yaml", scene::tour_load_options());
    if (!loaded.ok()) {
        error = "the generated tour has errors";
        for (const tour::Diagnostic& d : loaded.diagnostics) error += "\n" + tour::format_diagnostic(d);
        return std::nullopt;
    }
    return std::move(*loaded.tour);
}

std::string run_switch(Bench& b, Json& out) {
    const bool own_link = b.tour.scenes.size() > 1 && first_link(b.scene) >= 0;
    const tour::Tour& tour = own_link ? b.tour : *b.ring;
    const tour::Scene& start = own_link ? b.scene : b.ring->scenes.front();
    out["tour"] = own_link ? "input" : "generated";
    out["fade_ms"] = round2(ViewerConfig{}.fade_seconds * 1000.0);
    Json preloaded, cold;
    if (std::string e = measure_switch(b, tour, start, true, preloaded); !e.empty()) return e;
    if (std::string e = measure_switch(b, tour, start, false, cold); !e.empty()) return e;
    out["preloaded"] = preloaded;
    out["cold"] = cold;
    return "";
}

std::string run_memory(Bench& b, Json& out) {
    // The peak so far is of the sections before; from here on, VmHWM is this section's (Linux >= 4.0).
    if (std::FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
        std::fputs("5", f);
        std::fclose(f);
    }
    Rig rig(b, *b.ring, scene_id(0), {b.options.width, b.options.height});
    double t = 0;
    if (std::string e = rig.wait_ready({scene_id(0)}, t, 0.05); !e.empty()) return e;
    rig.preload.clear();
    out["scenes"] = b.ring->scenes.size();
    out["memory_budget_mb"] = round2(double(rig.cache.memory_budget()) / (1024.0 * 1024.0));
    out["panorama"] = b.image.string();
    if (std::string e = walk(rig, uint32_t(b.ring->scenes.size()) - 1, t, b.err, "visit"); !e.empty()) return e;
    settle(rig, t); // both samples with the preloads done, so that they compare
    out["visited"] = memory_now(b, rig);
    if (std::string e = walk(rig, b.options.switches, t, b.err, "switch"); !e.empty()) return e;
    out["switches"] = b.options.switches;
    settle(rig, t);
    out["after_switches"] = memory_now(b, rig);
    const double before = out["visited"]["vm_rss_mb"].get<double>();
    if (before > 0)
        out["rss_ratio"] = std::round(out["after_switches"]["vm_rss_mb"].get<double>() / before * 1000) / 1000;
    return "";
}

} // namespace vrex::app::bench
