#pragma once
// What the two halves of `vrex shot` share: a bare panorama image (shot_command.cpp) and a tour's scenes, drawn as
// the desktop viewer shows them (shot_tour.cpp).
#include <filesystem>
#include <iosfwd>
#include <string>

#include "app/shot_command.hpp"
#include "gpu/render_target.hpp"
#include "platform/offscreen_presenter.hpp"

namespace vrex::app::shot {

struct Angles {
    double yaw = 0, pitch = 0, hfov = 90;
};

// `a` with the yaw, pitch and hfov that the command line sets.
Angles with_overrides(Angles a, const ShotOptions& o);
// Points `view` along `a`, for an output of the options' size.
void aim(gpu::View& view, const Angles& a, const ShotOptions& o);
// One line of --timings: "render            12.3 ms".
void print_timing(std::ostream& out, const char* stage, double ms);

// Reads back view 0 of a finished frame and writes it to `output`. Returns an error text, or "" when written.
std::string write_view(platform::OffscreenPresenter& presenter, const std::filesystem::path& output,
                       double& readback_ms, double& png_ms);

// `vrex shot TOUR`: returns the exit code as run_shot does.
int shot_tour(const ShotOptions& o, std::ostream& out, std::ostream& err);

} // namespace vrex::app::shot
