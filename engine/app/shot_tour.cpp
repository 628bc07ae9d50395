// `vrex shot TOUR`: a scene as a visitor sees it on the desktop. The same Viewer, SceneDrawer and PanoramaCache as
// `vrex view` (DesktopApp::render), drawn by the one renderer into an OffscreenPresenter.
#include "app/modules.hpp"
#include "app/shot_detail.hpp"
#include "app/tour_source.hpp"

#include <chrono>
#include <optional>
#include <ostream>
#include <thread>
#include <vector>

#include "app/gpu_session.hpp"
#include "core/clock.hpp"
#include "math/angles.hpp"
#include "scene/frame.hpp"
#include "scene/model_cache.hpp"

namespace vrex::app::shot {
namespace {

struct Stages {
    double decode = 0, upload = 0, model = 0, scene = 0, render = 0, readback = 0, png = 0;
    double tiles = 0; // a tiled panorama: frames waiting for the view's tiles
};

void print_stages(std::ostream& out, const Stages& s) {
    print_timing(out, "decode", s.decode);
    print_timing(out, "upload+convert", s.upload);
    if (s.tiles > 0) print_timing(out, "tiles wait", s.tiles);
    print_timing(out, "model load", s.model);
    print_timing(out, "scene build", s.scene);
    print_timing(out, "render", s.render);
    print_timing(out, "readback", s.readback);
    print_timing(out, "png write", s.png);
}

// As the desktop viewer's (view_command.cpp), so that panels have the size the desktop gives them.
ViewerConfig shot_viewer_config() {
    ViewerConfig c;
    c.panel_width_m = 1.2;
    return c;
}

std::string hotspot_name(const tour::Hotspot& h, std::size_t index) {
    return h.id.empty() ? "#" + std::to_string(index) : h.id;
}

// The index of the hotspot `--open` names in `scene`, or nullopt with the reason on `err`.
std::optional<int> find_open_hotspot(const tour::Scene& scene, const std::string& name, std::ostream& err) {
    const std::vector<tour::Hotspot>& list = scene.hotspots;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (hotspot_name(list[i], i) != name) continue;
        if (list[i].kind != tour::HotspotKind::Link) return static_cast<int>(i);
        err << "vrex shot: --open " << name << ": a link to scene '" << list[i].target
            << "'; --open takes an info, media or model hotspot\n";
        return std::nullopt;
    }
    err << "vrex shot: scene '" << scene.id << "' has no hotspot '" << name << "'; hotspots:";
    for (std::size_t i = 0; i < list.size(); ++i) err << " " << hotspot_name(list[i], i);
    if (list.empty()) err << " (none)";
    err << "\n";
    return std::nullopt;
}

std::vector<const tour::Scene*> chosen_scenes(const tour::Tour& tour, const ShotOptions& o, std::ostream& err) {
    if (o.all) {
        std::vector<const tour::Scene*> all;
        for (const tour::Scene& s : tour.scenes) all.push_back(&s);
        return all;
    }
    const std::string id = o.scene.empty() ? tour.start : o.scene;
    if (const tour::Scene* s = tour.find_scene(id)) return {s};
    err << "vrex shot: " << tour.file.string() << " has no scene '" << id << "'; scenes:";
    for (const tour::Scene& s : tour.scenes) err << " " << s.id;
    err << "\n";
    return {};
}

// Clicks the hotspot as a visitor would, then turns the view to face the panel or model it opened, as the desktop
// does (at once: a shot has no time to turn); then the pointer leaves, so that no marker is drawn hovered.
void open_hotspot(Viewer& viewer, int index, Angles& a, const ShotOptions& o) {
    const tour::Hotspot& h = viewer.scene().hotspots.at(static_cast<std::size_t>(index));
    ViewerInput click;
    click.pointer = Ray{glm::dvec3(0.0), math::direction_from_yaw_pitch(h.yaw, h.pitch)};
    click.select = true;
    viewer.update(0.1, click);
    std::optional<glm::dvec3> face;
    if (const std::optional<viewer::PanelState> panel = viewer.panel()) face = panel->centre;
    if (const std::optional<viewer::ModelState> model = viewer.model()) face = model->direction;
    if (face) {
        const math::YawPitch yp = math::yaw_pitch_from_direction(*face);
        a.yaw = o.yaw.value_or(yp.yaw);
        a.pitch = o.pitch.value_or(yp.pitch);
    }
    viewer.update(0.2, {});
}

// The GPU session and what draws into it, for every scene of one run. Members in creation order: what the cache and
// the drawer retire is kept until the frame that used it has finished.
class TourShooter {
public:
    TourShooter(const tour::Tour& tour, const ShotOptions& o, std::ostream& err)
        : m_tour(tour), m_options(o), m_gpu(render::RendererOptions{o.anisotropy}),
          m_fonts(o.no_hotspots ? std::nullopt : load_fonts(err)),
          m_cache( // a picture shows the full panorama: no preview first
              m_gpu.renderer, [this](render::Panorama&& p) { m_retired_panoramas.push_back(std::move(p)); }, false,
              false),
          m_models(m_gpu.renderer, [this](render::GpuModel&& m) { m_retired_models.push_back(std::move(m)); }),
          m_drawer(m_gpu.renderer, m_fonts ? &*m_fonts : nullptr,
                   [this](render::Texture&& t) { m_retired_textures.push_back(std::move(t)); }) {}

    // Renders `scene` (with the hotspot `open` opened, unless -1) to `output`. Returns an error text, or "".
    std::string shoot(const tour::Scene& scene, int open, const std::filesystem::path& output, Stages& t);
    bool check_validation(std::ostream& err) const { return m_gpu.check_validation(err); }

private:
    std::string load_panorama(const std::string& scene, Stages& t);
    void load_models(const Viewer& viewer, Stages& t);
    void load_gallery(const Viewer& viewer);

    const tour::Tour& m_tour;
    const ShotOptions& m_options;
    GpuSession m_gpu;
    std::vector<render::Panorama> m_retired_panoramas;
    std::vector<render::Texture> m_retired_textures;
    std::vector<render::GpuModel> m_retired_models;
    std::optional<text::FontLibrary> m_fonts;
    PanoramaCache m_cache;
    scene::ModelCache m_models;
    SceneDrawer m_drawer;
};

// Waits for the cache: the decode runs on a worker thread, the upload and cube conversion in the poll that makes
// the scene ready.
std::string TourShooter::load_panorama(const std::string& scene, Stages& t) {
    core::Stopwatch clock;
    m_cache.want(m_tour, {scene});
    double last_poll_ms = 0;
    while (!m_cache.ready(scene)) {
        core::Stopwatch poll_clock;
        m_cache.poll();
        last_poll_ms = poll_clock.lap_ms();
        if (!m_cache.ready(scene)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    // A picture is taken once the mips are in too (the viewer draws level 0 until then).
    for (const render::Panorama* p : {m_cache.panorama(scene), m_cache.panorama_right(scene)})
        while (p && !p->mips_ready()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const double total = clock.lap_ms();
    t.upload = last_poll_ms;
    t.decode = total - last_poll_ms;
    return m_cache.error(scene);
}

// Waits for the model of the open model exhibit, if any (a model that fails is drawn as a placeholder).
void TourShooter::load_models(const Viewer& viewer, Stages& t) {
    core::Stopwatch clock;
    const std::vector<std::string> wanted = scene::wanted_models(viewer);
    m_models.want(m_tour, wanted);
    for (const std::string& exhibit : wanted)
        while (!m_models.ready(exhibit)) {
            m_models.poll();
            if (!m_models.ready(exhibit)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    t.model = clock.lap_ms();
}

// Waits for the picture the open gallery shows, if any (a picture that fails is drawn as a placeholder).
void TourShooter::load_gallery(const Viewer& viewer) {
    while (!m_drawer.gallery_ready(viewer)) {
        m_drawer.poll_images(viewer);
        if (!m_drawer.gallery_ready(viewer)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

std::string TourShooter::shoot(const tour::Scene& scene, int open, const std::filesystem::path& output, Stages& t) {
    if (std::string e = load_panorama(scene.id, t); !e.empty() && !m_options.placeholders) return e;
    const ShotOptions& o = m_options;
    core::Stopwatch clock;
    Viewer viewer(m_tour, shot_viewer_config(), scene.id);
    viewer.set_scene_ready(scene.id, true);
    viewer.update(0.0, {});
    Angles a = with_overrides({scene.view.yaw, scene.view.pitch, scene.view.hfov}, o);
    if (open >= 0) open_hotspot(viewer, open, a, o);
    if (o.turn_model) {
        if (!viewer.model()) return "--turn-model: hotspot '" + o.open + "' opens no model exhibit";
        viewer.turn_model(*o.turn_model);
    }
    load_models(viewer, t);
    load_gallery(viewer);
    clock.lap_ms();
    platform::OffscreenPresenter presenter(m_gpu.ctx, {o.width, o.height});
    scene::FrameOptions options;
    options.camera = viewer::Camera{a.yaw, a.pitch, a.hfov};
    options.hotspots = !o.no_hotspots;
    // A tiled panorama: frames go on until every tile the view wants is in (each frame asks for them and uploads
    // some); the last one, drawn with all of them, is the picture.
    const render::TiledPanorama* tiled = m_cache.tiled(scene.id);
    core::Stopwatch wait_clock;
    for (;;) {
        gpu::Frame& frame = presenter.begin_frame();
        const scene::FrameTimes times =
            scene::draw_frame(frame, m_drawer, {m_tour, viewer, m_cache, &m_models}, options);
        t.scene = times.build_ms;
        clock.lap_ms();
        presenter.end_frame(frame); // waits for the GPU: what was retired before this frame is free to go
        t.render = times.record_ms + clock.lap_ms();
        if (!tiled || tiled->complete()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        t.tiles = wait_clock.lap_ms() + t.tiles;
    }
    m_retired_panoramas.clear();
    m_retired_textures.clear();
    m_retired_models.clear();
    return write_view(presenter, output, t.readback, t.png);
}

std::optional<int> open_index(const std::vector<const tour::Scene*>& scenes, const ShotOptions& o, std::ostream& err) {
    if (o.open.empty()) return -1;
    return find_open_hotspot(*scenes.front(), o.open, err); // --open excludes --all: one scene
}

bool make_folder(const ShotOptions& o, std::ostream& err) {
    if (!o.all) return true;
    std::error_code ec;
    std::filesystem::create_directories(o.output, ec);
    if (ec) err << "vrex shot: cannot create folder " << o.output.string() << ": " << ec.message() << "\n";
    return !ec;
}

} // namespace

int shot_tour(const ShotOptions& o, std::ostream& out, std::ostream& err) {
    tour::LoadResult loaded;
    if (looks_like_tour(o.input) && !o.placeholders)
        loaded = load_any_tour(o.input, tour_load_options(), &err);
    else
        loaded.tour = open_tour_or_image(o.input, err); // an image with GPano XMP (run_shot), or placeholders
    for (const tour::Diagnostic& d : loaded.diagnostics) err << tour::format_diagnostic(d) << "\n";
    if (!loaded.ok()) return 1;
    const std::vector<const tour::Scene*> scenes = chosen_scenes(*loaded.tour, o, err);
    if (scenes.empty()) return 1;
    const std::optional<int> open = open_index(scenes, o, err);
    if (!open || !make_folder(o, err)) return 1;
    TourShooter shooter(*loaded.tour, o, err);
    int failures = 0;
    for (const tour::Scene* scene : scenes) {
        const std::filesystem::path output = o.all ? o.output / (scene->id + ".png") : o.output;
        Stages t;
        if (const std::string e = shooter.shoot(*scene, *open, output, t); !e.empty()) {
            err << "vrex shot: " << e << "\n";
            ++failures;
            continue;
        }
        if (o.all) out << output.string() << "\n";
        if (o.timings) {
            out << "scene " << scene->id << "\n";
            print_stages(out, t);
        }
    }
    if (!shooter.check_validation(err)) return 3;
    return failures == 0 ? 0 : 1;
}

} // namespace vrex::app::shot
