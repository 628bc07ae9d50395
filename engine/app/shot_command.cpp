#include "app/shot_command.hpp"
#include "app/modules.hpp"

#include <iomanip>
#include <ostream>

#include "app/gpu_session.hpp"
#include "core/clock.hpp"
#include "math/camera.hpp"
#include "media/png_write.hpp"
#include "platform/offscreen_presenter.hpp"
#include "scene/scene_media.hpp"

namespace vrex::app {
namespace {

struct Angles {
    double yaw = 0, pitch = 0, hfov = 90;
};

struct Stages {
    double decode = 0, init = 0, upload = 0, convert = 0, render = 0, readback = 0, png = 0;
};

Angles with_overrides(Angles a, const ShotOptions& o) {
    if (o.yaw) a.yaw = *o.yaw;
    if (o.pitch) a.pitch = *o.pitch;
    if (o.hfov) a.hfov = *o.hfov;
    return a;
}

void print_timing(std::ostream& out, const char* stage, double ms) {
    out << std::left << std::setw(16) << stage << std::right << std::fixed << std::setprecision(1) << std::setw(9) << ms
        << " ms\n";
}

void print_stages(std::ostream& out, const Stages& s) {
    print_timing(out, "decode", s.decode);
    print_timing(out, "gpu init", s.init);
    print_timing(out, "upload", s.upload);
    print_timing(out, "cube conversion", s.convert);
    print_timing(out, "render", s.render);
    print_timing(out, "readback", s.readback);
    print_timing(out, "png write", s.png);
}

// Renders one view of `source` and writes it. Returns an error text, or "" when written.
std::string shoot(GpuSession& gpu, const ScenePanorama& source, const Angles& a, const ShotOptions& o,
                  const std::filesystem::path& output, Stages& t) {
    core::Stopwatch clock;
    render::PanoramaTimings pano_timings;
    const UploadedPanorama uploaded = upload_scene_panorama(gpu.renderer, source, &pano_timings);
    const render::Panorama& panorama = uploaded.left;
    t.upload = pano_timings.upload_ms;
    t.convert = pano_timings.convert_ms;
    clock.lap_ms();

    platform::OffscreenPresenter presenter(gpu.ctx, {o.width, o.height});
    gpu::Frame& frame = presenter.begin_frame();
    gpu::View& view = frame.views.at(0);
    view.world_from_view = math::orientation_from_yaw_pitch(a.yaw, a.pitch);
    view.projection = math::projection_from_fov(math::fov_from_hfov(a.hfov, double(o.width) / o.height));
    gpu.renderer.draw(frame.cmd, render::RenderScene{&panorama}, view);
    presenter.end_frame(frame);
    t.render = clock.lap_ms();

    platform::Pixels pixels = presenter.read_pixels(0);
    t.readback = clock.lap_ms();
    auto written = media::write_png(output, media::Image{pixels.width, pixels.height, std::move(pixels.rgba)});
    t.png = clock.lap_ms();
    return written ? "" : written.error();
}

int shot_image(const ShotOptions& o, std::ostream& out, std::ostream& err) {
    core::Stopwatch clock;
    Stages t;
    auto image = media::decode_image(o.input);
    if (!image) {
        err << "vrex shot: " << image.error() << "\n";
        return 1;
    }
    t.decode = clock.lap_ms();
    GpuSession gpu;
    t.init = clock.lap_ms();
    const ScenePanorama source{std::move(*image), {}, {}, std::nullopt};
    if (auto e = shoot(gpu, source, with_overrides({}, o), o, o.output, t); !e.empty()) {
        err << "vrex shot: " << e << "\n";
        return 1;
    }
    if (o.timings) {
        out << "image " << source.image.width << "x" << source.image.height << ", output " << o.width << "x" << o.height
            << " on " << gpu.ctx.device_name() << "\n";
        print_stages(out, t);
    }
    return gpu.check_validation(err) ? 0 : 3;
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

int shot_tour(const ShotOptions& o, std::ostream& out, std::ostream& err) {
    const tour::LoadResult loaded = tour::load_tour(o.input, tour_load_options());
    for (const tour::Diagnostic& d : loaded.diagnostics) err << tour::format_diagnostic(d) << "\n";
    if (!loaded.ok()) return 1;
    const std::vector<const tour::Scene*> scenes = chosen_scenes(*loaded.tour, o, err);
    if (scenes.empty()) return 1;
    if (o.all) {
        std::error_code ec;
        std::filesystem::create_directories(o.output, ec);
        if (ec) {
            err << "vrex shot: cannot create folder " << o.output.string() << ": " << ec.message() << "\n";
            return 1;
        }
    }
    GpuSession gpu;
    int failures = 0;
    for (const tour::Scene* scene : scenes) {
        const std::filesystem::path output = o.all ? o.output / (scene->id + ".png") : o.output;
        core::Stopwatch clock;
        Stages t;
        auto source = load_scene_panorama(*scene, false);
        t.decode = clock.lap_ms();
        const Angles angles = with_overrides({scene->view.yaw, scene->view.pitch, scene->view.hfov}, o);
        const std::string e = source ? shoot(gpu, *source, angles, o, output, t) : source.error();
        if (!e.empty()) {
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
    if (!gpu.check_validation(err)) return 3;
    return failures == 0 ? 0 : 1;
}

} // namespace

int run_shot(const ShotOptions& o, std::ostream& out, std::ostream& err) {
    if (looks_like_tour(o.input)) return shot_tour(o, out, err);
    if (o.all || !o.scene.empty()) {
        err << "vrex shot: --scene and --all need a tour (a .yaml file or a folder), not an image\n";
        return 2;
    }
    return shot_image(o, out, err);
}

} // namespace vrex::app
