#include "app/shot_command.hpp"

#include <iomanip>
#include <ostream>

#include "app/gpu_session.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "math/camera.hpp"
#include "media/image.hpp"
#include "media/png_write.hpp"
#include "platform/offscreen_presenter.hpp"

namespace vrex::app {
namespace {

void print_timing(std::ostream& out, const char* stage, double ms) {
    out << std::left << std::setw(16) << stage << std::right << std::fixed << std::setprecision(1) << std::setw(9) << ms
        << " ms\n";
}

} // namespace

int run_shot(const ShotOptions& o, std::ostream& out, std::ostream& err) {
    core::Stopwatch clock;
    auto image = media::decode_image(o.input);
    if (!image) {
        err << "vrex shot: " << image.error() << "\n";
        return 1;
    }
    const double decode_ms = clock.lap_ms();

    GpuSession gpu;
    const double init_ms = clock.lap_ms();
    render::PanoramaTimings pano_timings;
    const render::Panorama panorama = gpu.renderer.load_panorama(*image, &pano_timings);
    clock.lap_ms();

    platform::OffscreenPresenter presenter(gpu.ctx, {o.width, o.height});
    gpu::Frame& frame = presenter.begin_frame();
    gpu::View& view = frame.views.at(0);
    view.world_from_view = math::orientation_from_yaw_pitch(o.yaw, o.pitch);
    view.projection = math::projection_from_fov(math::fov_from_hfov(o.hfov, double(o.width) / o.height));
    gpu.renderer.draw(frame.cmd, render::RenderScene{&panorama}, view);
    presenter.end_frame(frame);
    const double render_ms = clock.lap_ms();

    const platform::Pixels pixels = presenter.read_pixels(0);
    const double readback_ms = clock.lap_ms();
    auto written = media::write_png(o.output, media::Image{pixels.width, pixels.height, pixels.rgba});
    if (!written) {
        err << "vrex shot: " << written.error() << "\n";
        return 1;
    }
    const double png_ms = clock.lap_ms();
    if (o.timings) {
        out << "image " << image->width << "x" << image->height << ", cube face " << panorama.face_size() << " ("
            << panorama.mip_levels() << " mips), output " << o.width << "x" << o.height << " on "
            << gpu.ctx.device_name() << "\n";
        print_timing(out, "decode", decode_ms);
        print_timing(out, "gpu init", init_ms);
        print_timing(out, "upload", pano_timings.upload_ms);
        print_timing(out, "cube conversion", pano_timings.convert_ms);
        print_timing(out, "render", render_ms);
        print_timing(out, "readback", readback_ms);
        print_timing(out, "png write", png_ms);
    }
    return gpu.check_validation(err) ? 0 : 3;
}

} // namespace vrex::app
