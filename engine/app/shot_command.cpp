#include "app/shot_command.hpp"
#include "app/modules.hpp"

#include <iomanip>
#include <ostream>

#include "app/gpu_session.hpp"
#include "app/shot_detail.hpp"
#include "core/clock.hpp"
#include "math/camera.hpp"
#include "media/gpano.hpp"
#include "media/png_write.hpp"
#include "platform/offscreen_presenter.hpp"
#include "scene/scene_media.hpp"

namespace vrex::app {
namespace shot {

Angles with_overrides(Angles a, const ShotOptions& o) {
    if (o.yaw) a.yaw = *o.yaw;
    if (o.pitch) a.pitch = *o.pitch;
    if (o.hfov) a.hfov = *o.hfov;
    return a;
}

void aim(gpu::View& view, const Angles& a, const ShotOptions& o) {
    view.world_from_view = math::orientation_from_yaw_pitch(a.yaw, a.pitch);
    view.projection = math::projection_from_fov(math::fov_from_hfov(a.hfov, double(o.width) / o.height));
}

void print_timing(std::ostream& out, const char* stage, double ms) {
    out << std::left << std::setw(16) << stage << std::right << std::fixed << std::setprecision(1) << std::setw(9) << ms
        << " ms\n";
}

std::string write_view(platform::OffscreenPresenter& presenter, const std::filesystem::path& output,
                       double& readback_ms, double& png_ms) {
    core::Stopwatch clock;
    platform::Pixels pixels = presenter.read_pixels(0);
    readback_ms = clock.lap_ms();
    auto written = media::write_png(output, media::Image{pixels.width, pixels.height, std::move(pixels.rgba)});
    png_ms = clock.lap_ms();
    return written ? "" : written.error();
}

} // namespace shot

namespace {

struct Stages {
    double init = 0, read = 0, decode = 0, mips = 0, upload = 0, convert = 0, render = 0, readback = 0, png = 0;
};

void print_stages(std::ostream& out, const Stages& s) {
    shot::print_timing(out, "gpu init", s.init);
    shot::print_timing(out, "read", s.read);
    shot::print_timing(out, "decode", s.decode);
    shot::print_timing(out, "mips (cpu)", s.mips);
    shot::print_timing(out, "upload", s.upload);
    if (s.convert > 0) shot::print_timing(out, "cube conversion", s.convert);
    shot::print_timing(out, "render", s.render);
    shot::print_timing(out, "readback", s.readback);
    shot::print_timing(out, "png write", s.png);
}

// Renders one view of a bare panorama (no tour: nothing but the panorama) and writes it. Returns an error text, or
// "" when written.
std::string shoot_panorama(GpuSession& gpu, ScenePanorama&& source, const shot::Angles& a, const ShotOptions& o,
                           Stages& t) {
    core::Stopwatch clock;
    render::PanoramaTimings pano_timings;
    const UploadedPanorama uploaded = upload_scene_panorama(gpu.renderer, std::move(source), &pano_timings);
    t.upload = pano_timings.upload_ms;
    t.convert = pano_timings.convert_ms;
    clock.lap_ms();

    platform::OffscreenPresenter presenter(gpu.ctx, {o.width, o.height});
    gpu::Frame& frame = presenter.begin_frame();
    gpu::View& view = frame.views.at(0);
    shot::aim(view, a, o);
    gpu.renderer.draw(frame.cmd, render::RenderScene{&uploaded.left}, view);
    presenter.end_frame(frame);
    t.render = clock.lap_ms();
    return shot::write_view(presenter, o.output, t.readback, t.png);
}

int shot_image(const ShotOptions& o, std::ostream& out, std::ostream& err) {
    core::Stopwatch clock;
    Stages t;
    GpuSession gpu(render::RendererOptions{o.anisotropy});
    t.init = clock.lap_ms();
    auto source = load_panorama_file(o.input, *gpu.renderer.panorama_store());
    if (!source) {
        err << "vrex shot: " << source.error() << "\n";
        return 1;
    }
    t.read = source->timings.read_ms;
    t.decode = source->timings.decode_ms;
    t.mips = source->timings.mips_ms;
    const uint32_t width = source->image.width(), height = source->image.height();
    if (auto e = shoot_panorama(gpu, std::move(*source), shot::with_overrides({}, o), o, t); !e.empty()) {
        err << "vrex shot: " << e << "\n";
        return 1;
    }
    if (o.timings) {
        out << "image " << width << "x" << height << ", output " << o.width << "x" << o.height << " on "
            << gpu.ctx.device_name() << "\n";
        print_stages(out, t);
    }
    return gpu.check_validation(err) ? 0 : 3;
}

} // namespace

int run_shot(const ShotOptions& o, std::ostream& out, std::ostream& err) {
    if (looks_like_tour(o.input)) return shot::shot_tour(o, out, err);
    if (o.all || !o.scene.empty() || !o.open.empty()) {
        err << "vrex shot: --scene, --all and --open need a tour (a .yaml file or a folder), not an image\n";
        return 2;
    }
    // A partial panorama or a north from GPano XMP: drawn as the one-scene tour `vrex view` makes of it.
    if (auto gpano = media::read_gpano(o.input); gpano && *gpano) return shot::shot_tour(o, out, err);
    return shot_image(o, out, err);
}

} // namespace vrex::app
