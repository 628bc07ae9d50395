#include "app/tour_source.hpp"
#include "app/modules.hpp"

#include <ostream>

#include "media/gpano.hpp"
#include "media/image.hpp"
#include "scene/scene_media.hpp"
#include "tour/import.hpp"

namespace vrex::app {

bool apply_gpano(const std::filesystem::path& path, tour::Scene& scene, std::ostream& err) {
    auto gpano = media::read_gpano(path);
    if (!gpano) {
        err << "vrex: " << gpano.error() << " (shown as a full panorama)\n";
        return false;
    }
    if (!*gpano) return false;
    tour::Panorama& p = scene.panorama;
    p.haov = (*gpano)->haov;
    p.vaov = (*gpano)->vaov;
    p.voffset = (*gpano)->voffset;
    if ((*gpano)->north) scene.north = *(*gpano)->north;
    err << "vrex: " << path.string() << ": Photo Sphere XMP (GPano): " << p.haov << " x " << p.vaov
        << " degrees, centre " << p.voffset << " degrees above the horizon";
    if ((*gpano)->north) err << ", north at yaw " << scene.north;
    err << "\n";
    return true;
}

tour::LoadResult load_any_tour(const std::filesystem::path& path, const tour::LoadOptions& options,
                               std::ostream* note) {
    if (!tour::looks_like_foreign_tour(path)) return tour::load_tour(path, options);
    std::string summary;
    tour::LoadResult r = tour::load_foreign_tour(path, options, &summary);
    if (note)
        *note << "vrex: " << path.string() << ": a " << summary << ", opened through vrex's importer (vrex import "
              << "writes it as tour.yaml)\n";
    return r;
}

std::optional<tour::Tour> open_tour_or_image(const std::filesystem::path& path, std::ostream& err) {
    if (looks_like_tour(path)) {
        // Missing or unreadable media must not keep the rest of the tour from opening: such a scene shows a
        // placeholder with the problem on it. So the tour is opened without the file checks, and the full
        // check only reports.
        tour::LoadOptions lenient;
        lenient.check_files = false;
        tour::LoadResult loaded = load_any_tour(path, lenient, &err);
        const tour::LoadResult checked = load_any_tour(path, tour_load_options(), nullptr);
        for (const tour::Diagnostic& d : checked.diagnostics) err << tour::format_diagnostic(d) << "\n";
        return std::move(loaded.tour);
    }
    auto info = media::probe_image(path);
    if (!info) {
        err << "vrex: " << info.error() << "\n";
        return std::nullopt;
    }
    tour::Tour t;
    t.file = path;
    t.folder = path.parent_path();
    t.start = "panorama";
    tour::Scene scene;
    scene.id = "panorama";
    scene.title.by_language[""] = path.filename().string();
    scene.panorama.image.written = path.filename().string();
    scene.panorama.image.path = path;
    apply_gpano(path, scene, err);
    t.scenes.push_back(std::move(scene));
    return t;
}

} // namespace vrex::app
