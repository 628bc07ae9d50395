#pragma once
// The headless GPU pieces every offscreen command needs: context (validation when VREX_VALIDATION=1) and renderer.
#include <iosfwd>

#include "app/modules.hpp"
#include "gpu/context.hpp"
#include "render/renderer.hpp"

namespace vrex::app {

// Prints "N Vulkan validation errors" on `err` and returns false when validation reported errors (every command
// then exits 3).
bool report_validation(const gpu::Context& ctx, std::ostream& err);

struct GpuSession {
    gpu::Context ctx;
    render::Renderer renderer;

    explicit GpuSession(render::RendererOptions options = {});
    bool check_validation(std::ostream& err) const { return report_validation(ctx, err); }
};

} // namespace vrex::app
