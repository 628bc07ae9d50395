#pragma once
// What PanoramaCache loads before the visitor asks for it, and how much memory its panoramas may take.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

#include "tour/tour.hpp"

namespace vrex::viewer {
class Viewer;
}

namespace vrex::scene {

class PanoramaCache;

// The scenes to preload while `scene` is shown and the visitor looks along (yaw, pitch), nearest first: the targets of
// its links by the angle between the link's hotspot and the view direction, smallest first; then (`depth` 2) the
// targets of their links, in the order of the scenes they are reached from, each by the angle between the link and
// the arrival view there. Neither `scene` itself nor a scene twice. Empty for an unknown scene.
std::vector<std::string> preload_order(const tour::Tour& tour, const std::string& scene, double yaw, double pitch,
                                       int depth = 2);

// The memory panoramas may take when the visitor gives no --memory-budget: a quarter of the largest device-local
// heap, at least 256 MiB, at most 1 GiB (the reasons are in the .cpp file).
uint64_t default_memory_budget(const VkPhysicalDeviceMemoryProperties& memory);

// What loading a scene's panorama takes before it is known exactly: `cpu`, the decoded image waiting for its upload;
// `gpu`, the panorama on the device.
struct PanoramaCost {
    uint64_t cpu = 0;
    uint64_t gpu = 0;
    uint64_t total() const { return cpu + gpu; }
};
// From the image headers (only the first bytes of the file are read, unless the header is further in);
// nullopt when a header cannot be read (the decode will say why). A tiled panorama: its tile slots' budget.
std::optional<PanoramaCost> estimate_panorama_cost(const tour::Scene& scene);

// One loop tick of panorama loading, for the desktop and headset loops: wants the viewer's scenes, preloads the links
// of the scene shown as seen along (yaw, pitch) (where the visitor looks), uploads what finished, and tells the viewer
// which wanted scenes can be shown: a preloaded transition target is ready at once, so that the first frame after the
// fade shows it in full. True when a wanted scene became showable (the picture changes).
bool update_panoramas(PanoramaCache& cache, viewer::Viewer& viewer, const tour::Tour& tour, double yaw, double pitch);

} // namespace vrex::scene
