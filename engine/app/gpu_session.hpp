#pragma once
// The headless GPU pieces every offscreen command needs: context (validation when VREX_VALIDATION=1) and renderer.
#include <iosfwd>

#include "gpu/context.hpp"
#include "render/renderer.hpp"

namespace vrex::app {

struct GpuSession {
    gpu::Context ctx;
    render::Renderer renderer;

    GpuSession();
    // Prints "N Vulkan validation errors" on `err` and returns false when validation reported errors.
    bool check_validation(std::ostream& err) const;
};

} // namespace vrex::app
