#include "app/gpu_session.hpp"
#include "app/modules.hpp"

#include <ostream>

namespace vrex::app {
namespace {
gpu::ContextOptions headless_options() {
    gpu::ContextOptions options;
    options.validation = gpu::validation_requested_by_environment();
    return options;
}
} // namespace

GpuSession::GpuSession(render::RendererOptions options) : ctx(headless_options()), renderer(ctx, options) {}

bool report_validation(const gpu::Context& ctx, std::ostream& err) {
    if (ctx.validation_errors() == 0) return true;
    err << "vrex: " << ctx.validation_errors() << " Vulkan validation error(s), see above\n";
    return false;
}

} // namespace vrex::app
