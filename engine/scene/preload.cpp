#include "scene/preload.hpp"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <set>

#include "core/file.hpp"
#include "math/angles.hpp"
#include "media/image.hpp"
#include "scene/panorama_cache.hpp"
#include "viewer/viewer.hpp"

namespace vrex::scene {
namespace {

// A scene reached, and where the visitor looks there.
struct Visit {
    const tour::Scene* scene = nullptr;
    double yaw = 0, pitch = 0;
};

// The scene's links, by the angle between each hotspot and the direction (yaw, pitch), smallest first.
std::vector<const tour::Hotspot*> links_by_angle(const tour::Scene& scene, double yaw, double pitch) {
    const glm::dvec3 view = math::direction_from_yaw_pitch(yaw, pitch);
    std::vector<std::pair<double, const tour::Hotspot*>> links;
    for (const tour::Hotspot& h : scene.hotspots) {
        if (h.kind != tour::HotspotKind::Link) continue;
        const double cos = glm::dot(view, math::direction_from_yaw_pitch(h.yaw, h.pitch));
        links.push_back({std::acos(std::clamp(cos, -1.0, 1.0)), &h});
    }
    std::stable_sort(links.begin(), links.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const tour::Hotspot*> sorted;
    for (const auto& l : links) sorted.push_back(l.second);
    return sorted;
}

// The image's header, from the file's first bytes; the whole file only when the header lies further in (large
// metadata before a JPEG's frame header). The frame loop calls this, at most once a scene.
std::optional<media::ImageInfo> probe_header(const std::filesystem::path& path) {
    constexpr size_t k_head = 256 * 1024;
    auto head = core::read_file_head(path, k_head); // a plain file only: a FIFO would block the frame
    if (!head) return std::nullopt;
    auto info = media::probe_image_memory(*head, path.string());
    if (info && info->width > 0 && info->height > 0) return *info; // 0x0: TurboJPEG's answer to a header cut short
    if (head->size() < k_head) return std::nullopt;                // that was the whole file
    info = media::probe_image(path);
    return info ? std::optional<media::ImageInfo>(*info) : std::nullopt;
}

} // namespace

std::vector<std::string> preload_order(const tour::Tour& tour, const std::string& scene, double yaw, double pitch,
                                       int depth) {
    const tour::Scene* start = tour.find_scene(scene);
    if (!start) return {};
    std::vector<std::string> order;
    std::set<std::string> seen{scene};
    std::vector<Visit> ring{{start, yaw, pitch}};
    for (int d = 0; d < depth && !ring.empty(); ++d) {
        std::vector<Visit> next;
        for (const Visit& v : ring)
            for (const tour::Hotspot* link : links_by_angle(*v.scene, v.yaw, v.pitch)) {
                const tour::Scene* target = tour.find_scene(link->target);
                if (!target || !seen.insert(link->target).second) continue;
                order.push_back(link->target);
                const tour::View here{v.yaw, v.pitch, 100, {}};
                const tour::View arrival = tour::arrival_view(*link, here, *v.scene, *target);
                next.push_back({target, arrival.yaw, arrival.pitch});
            }
        ring = std::move(next);
    }
    return order;
}

// A quarter of the device's memory: the panoramas share it with the swapchain or eye images, models, text and, on
// unified memory (lavapipe, standalone headsets: the heap is the system's RAM), with the OS and the XR runtime too.
// At most 1 GiB: an 8192x4096 panorama takes 130-220 MB on the device (depending on its face size) and 128 MB while
// its decoded image waits for the upload, so 1 GiB holds the scene shown and the three or four scenes a visitor can
// go to next; more would only make a kiosk that runs for days bigger. At least 256 MiB: one such panorama loading.
uint64_t default_memory_budget(const VkPhysicalDeviceMemoryProperties& memory) {
    constexpr uint64_t k_mib = 1024 * 1024;
    uint64_t heap = 0;
    for (uint32_t i = 0; i < memory.memoryHeapCount; ++i)
        if (memory.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
            heap = std::max<uint64_t>(heap, memory.memoryHeaps[i].size);
    return std::clamp<uint64_t>(heap / 4, 256 * k_mib, 1024 * k_mib);
}

std::optional<PanoramaCost> estimate_panorama_cost(const tour::Scene& scene) {
    if (scene.panorama.kind == tour::PanoramaKind::Tiles) {
        // A tiled panorama holds its tile slots (render::TiledOptions::budget) from the start, and decodes its
        // coarsest level (a few small tiles) when made.
        PanoramaCost cost;
        cost.cpu = uint64_t(6) * 512 * 512 * 4;
        cost.gpu = render::TiledOptions{}.budget;
        return cost;
    }
    const bool cube = scene.panorama.kind == tour::PanoramaKind::Cube;
    if (cube && scene.panorama.cube.empty()) return std::nullopt;
    const std::filesystem::path& path = cube ? scene.panorama.cube.at(0).path : scene.panorama.image.path;
    const std::optional<media::ImageInfo> info = probe_header(path);
    if (!info) return std::nullopt;
    PanoramaCost cost;
    cost.cpu = uint64_t(info->width) * info->height * 4 * (cube ? 6 : 1);
    // A cube of faces W/4 to W/pi across (the whole sphere in 0.75 to 1.2 times the equirect's pixels), with mips
    // (4/3): up to 1.6 times the decoded image. PanoramaCache refines this from what loads really took.
    cost.gpu = cube ? cost.cpu * 4 / 3 : cost.cpu * 8 / 5;
    return cost;
}

bool update_panoramas(PanoramaCache& cache, viewer::Viewer& viewer, const tour::Tour& tour, double yaw, double pitch) {
    const std::vector<std::string> wanted = viewer.wanted_scenes();
    const std::vector<std::string> preload =
        cache.memory_budget() > 0 ? preload_order(tour, viewer.scene().id, yaw, pitch) : std::vector<std::string>{};
    cache.want(tour, wanted, preload);
    bool changed = false;
    for (const std::string& id : cache.poll())
        changed = changed || std::find(wanted.begin(), wanted.end(), id) != wanted.end();
    // Asked every tick rather than told once: a scene dropped from the cache (the budget) is not ready any more.
    for (const std::string& id : wanted) viewer.set_scene_ready(id, cache.showable(id));
    return changed;
}

} // namespace vrex::scene
