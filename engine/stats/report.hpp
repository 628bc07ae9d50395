#pragma once
// `vrex stats -o OUT`: a heat map per scene (the view samples splatted on the sphere, heatmap.hpp, drawn over the
// scene's panorama) and index.html with those pictures and the summary's tables.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "media/image.hpp"
#include "stats/summary.hpp"

namespace vrex::stats {

struct ReportOptions {
    std::filesystem::path out;
    uint32_t width = 1024;  // of each heat map; the height is half
    double sigma_deg = 3.0; // the Gaussian's standard deviation on the sphere
};

struct SceneHeat {
    std::string scene;
    std::string overlay; // file name in the output folder: heat-NN-ID.png (over the panorama)
    std::string density; // heat-NN-ID-density.png (grey, 255 at the maximum)
    double peak_yaw = 0; // the brightest texel's direction
    double peak_pitch = 0;
    std::string backdrop; // what lies beneath: "panorama", or why not ("cube panorama", "no tour", ...)
};

// Writes the heat maps of every scene with view samples, then index.html. `tour` may be null (a grey backdrop
// then). Errors: the folder cannot be made or a file cannot be written.
core::Expected<std::vector<SceneHeat>, std::string> write_report(const Summary& summary,
                                                                 const std::vector<Visit>& visits,
                                                                 const tour::Tour* tour, const ReportOptions& options);

// The scene's panorama resized to width x height for a backdrop, or an empty image with `why` set: only full mono
// (or the left eye of stereo) equirects are drawn; cube and tiled panoramas and partial ones are not (yet).
media::Image scene_backdrop(const tour::Scene& scene, uint32_t width, uint32_t height, std::string& why);

// Text for HTML: & < > " ' escaped.
std::string html_escape(std::string_view text);

} // namespace vrex::stats
