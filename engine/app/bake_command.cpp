#include "app/bake_command.hpp"

#include <cmath>
#include <cstring>
#include <iomanip>
#include <numbers>
#include <ostream>
#include <regex>
#include <sstream>

#include "app/gpu_session.hpp"
#include "bake/cube_capture.hpp"
#include "bake/equirect.hpp"
#include "bake/light_bake.hpp"
#include "bake/subdivide.hpp"
#include "core/clock.hpp"
#include "gpu/resources.hpp"
#include "math/angles.hpp"
#include "media/jpeg_write.hpp"
#include "media/model.hpp"

namespace vrex::app {
namespace {

constexpr uint32_t k_min_size = 16;
constexpr uint32_t k_max_size = 65534; // JPEG's limit, even
constexpr float k_max_edge = 0.2f;     // metres between the vertices that carry baked light
constexpr uint64_t k_max_lit_triangles = 4'000'000;

void print_timing(std::ostream& out, const char* stage, double ms) {
    out << std::left << std::setw(16) << stage << std::right << std::fixed << std::setprecision(1) << std::setw(9) << ms
        << " ms\n";
}

std::string point_text(const glm::dvec3& p) {
    std::ostringstream s;
    s << p.x << "," << p.y << "," << p.z;
    return s.str();
}

// What can be refused before the model is read or the GPU started; "" when fine.
std::string check_options(const BakeOptions& o) {
    if (o.size < k_min_size || o.size > k_max_size || o.size % 2 != 0)
        return "--size " + std::to_string(o.size) + ": the width must be an even number from " +
               std::to_string(k_min_size) + " to " + std::to_string(k_max_size);
    const std::filesystem::path folder = o.output.parent_path().empty() ? "." : o.output.parent_path();
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        return "cannot write " + o.output.string() + ": " + folder.string() + " is not a folder";
    if (std::filesystem::is_directory(o.output, ec)) return "cannot write " + o.output.string() + ": it is a folder";
    return {};
}

// The bake point must lie within the model's bounds (a little slack for a point on a wall or the floor).
std::string check_point(const BakeOptions& o, const media::Model& model) {
    const glm::dvec3 lo = glm::dvec3(model.bounds.min) - 0.01, hi = glm::dvec3(model.bounds.max) + 0.01;
    const glm::dvec3& p = o.at;
    if (p.x >= lo.x && p.y >= lo.y && p.z >= lo.z && p.x <= hi.x && p.y <= hi.y && p.z <= hi.z) return {};
    std::ostringstream s;
    s << std::setprecision(4) << o.model.string() << ": the bake point " << point_text(p) << " is outside the model (x "
      << model.bounds.min.x << ".." << model.bounds.max.x << ", y " << model.bounds.min.y << ".." << model.bounds.max.y
      << ", z " << model.bounds.min.z << ".." << model.bounds.max.z << ")";
    return s.str();
}

// Rounded to 0.01, so that -0.001 prints as 0.00 rather than -0.00.
double no_minus_zero(double v) {
    const double r = std::round(v * 100) / 100;
    return r == 0 ? 0.0 : r;
}

// `NAME yaw=Y pitch=P` for each hotspot:NAME node, as seen from the bake point with the bake's yaw.
// Says so on `err` when the model has none.
void print_hotspots(const BakeOptions& o, const media::Model& model, std::ostream& out, std::ostream& err) {
    const std::string prefix = "hotspot:";
    int printed = 0;
    for (const media::ModelNode& node : model.nodes) {
        if (node.name.rfind(prefix, 0) != 0) continue;
        const glm::dvec3 d = glm::dvec3(node.origin) - o.at;
        const math::YawPitch a = math::yaw_pitch_from_direction(d);
        const double yaw = math::wrap_degrees(a.yaw - o.yaw);
        out << node.name.substr(prefix.size()) << std::fixed << std::setprecision(2) << " yaw=" << no_minus_zero(yaw)
            << " pitch=" << no_minus_zero(a.pitch) << "\n";
        ++printed;
    }
    if (printed == 0) err << "vrex bake: " << o.model.string() << " has no nodes named hotspot:NAME\n";
}

struct Stages {
    double load = 0, init = 0, upload = 0, lighting = 0, render = 0, equirect = 0, jpeg = 0;
};

// Renders the eye(s) and resamples them into one RGB image (stereo: left on top).
std::vector<uint8_t> render_panorama(GpuSession& gpu, const render::RenderScene& scene, const BakeOptions& o,
                                     uint32_t inner, Stages& t) {
    const uint32_t width = o.size, height = o.size / 2;
    std::vector<uint8_t> rgb;
    const int eyes = o.stereo_ipd ? 2 : 1;
    core::Stopwatch clock;
    for (int eye = 0; eye < eyes; ++eye) {
        bake::CaptureOptions capture;
        capture.inner = inner;
        capture.supersample = o.supersample;
        if (o.stereo_ipd) capture.side_offset = float(*o.stereo_ipd * (eye == 0 ? -0.5 : 0.5));
        const bake::CubeFaces faces = bake::capture_cube(gpu.ctx, gpu.renderer, scene, capture);
        t.render += clock.lap_ms();
        bake::faces_to_equirect(faces, width, height, o.yaw, rgb, uint32_t(eye) * height);
        t.equirect += clock.lap_ms();
    }
    return rgb;
}

// The bake's light per vertex (the model subdivided first), in a vertex buffer; none with --flat-lighting.
std::optional<gpu::Buffer> bake_light(gpu::Context& ctx, const BakeOptions& o, media::Model& model) {
    if (o.flat_lighting) return std::nullopt;
    bake::subdivide(model, k_max_edge, k_max_lit_triangles);
    const std::vector<glm::vec4> light = bake::bake_vertex_light(model);
    const VkDeviceSize bytes = std::max<VkDeviceSize>(16, light.size() * sizeof(glm::vec4));
    gpu::Buffer buffer = gpu::make_staging_buffer(ctx, bytes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, "baked light");
    std::memcpy(buffer.mapped(), light.data(), light.size() * sizeof(glm::vec4));
    return buffer;
}

int bake(const BakeOptions& o, media::Model& model, std::ostream& out, std::ostream& err, Stages& t) {
    core::Stopwatch clock;
    GpuSession gpu;
    t.init = clock.lap_ms();
    const uint32_t inner = (uint32_t(std::ceil(o.size / std::numbers::pi)) + 1) / 2 * 2;
    if (const uint32_t max = bake::max_face_inner(gpu.ctx, o.supersample); inner > max) {
        err << "vrex bake: --size " << o.size << " needs cube faces of " << inner * o.supersample
            << " pixels, more than this GPU renders (" << max * o.supersample << "); use a smaller --size or "
            << "--supersample\n";
        return 1;
    }
    const std::optional<gpu::Buffer> light = bake_light(gpu.ctx, o, model);
    t.lighting = clock.lap_ms();
    const render::GpuModel gpu_model = gpu.renderer.load_model(model, "bake model");
    t.upload = clock.lap_ms();
    render::RenderScene scene;
    scene.background = {0.62f, 0.70f, 0.80f, 1.0f};
    glm::mat4 world_from_model(1.0f);
    world_from_model[3] = glm::vec4(-glm::vec3(o.at), 1.0f); // the bake point at the world's origin
    scene.models.push_back({&gpu_model, world_from_model, light ? light->get() : VK_NULL_HANDLE});
    const std::vector<uint8_t> rgb = render_panorama(gpu, scene, o, inner, t);
    clock.lap_ms();
    const uint32_t height = o.stereo_ipd ? o.size : o.size / 2;
    if (auto written = media::write_jpeg(o.output, rgb, o.size, height, o.quality); !written) {
        err << "vrex bake: " << written.error() << "\n";
        return 1;
    }
    t.jpeg = clock.lap_ms();
    if (o.timings) {
        out << "panorama " << o.size << "x" << height << ", faces " << inner << " (x" << o.supersample
            << " supersampled) on " << gpu.ctx.device_name() << "\n";
        const std::pair<const char*, double> stages[] = {
            {"model read", t.load},     {"gpu init", t.init},     {"lighting", t.lighting}, {"upload", t.upload},
            {"render faces", t.render}, {"equirect", t.equirect}, {"jpeg write", t.jpeg}};
        for (const auto& [stage, ms] : stages) print_timing(out, stage, ms);
    }
    return gpu.check_validation(err) ? 0 : 3;
}

} // namespace

std::string parse_point(const std::string& text, glm::dvec3& point) {
    static const std::regex k_number(R"(\s*([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)\s*)");
    std::vector<double> values;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        std::smatch m;
        const std::string part = text.substr(start, comma - start);
        if (!std::regex_match(part, m, k_number)) return "the point must look like X,Y,Z (metres), e.g. 0,1.6,0";
        values.push_back(std::stod(m[1]));
        start = comma + 1;
    }
    if (values.size() != 3) return "the point must look like X,Y,Z (metres), e.g. 0,1.6,0";
    point = {values[0], values[1], values[2]};
    return "";
}

int run_bake(const BakeOptions& o, std::ostream& out, std::ostream& err) {
    if (std::string e = check_options(o); !e.empty()) {
        err << "vrex bake: " << e << "\n";
        return 1;
    }
    core::Stopwatch clock;
    auto model = media::load_model(o.model);
    if (!model) {
        err << "vrex bake: " << model.error() << "\n";
        return 1;
    }
    Stages t;
    t.load = clock.lap_ms();
    for (const std::string& w : model->warnings) err << "vrex bake: warning: " << w << "\n";
    if (std::string e = check_point(o, *model); !e.empty()) {
        err << "vrex bake: " << e << "\n";
        return 1;
    }
    if (o.hotspots) print_hotspots(o, *model, out, err);
    return bake(o, *model, out, err, t);
}

} // namespace vrex::app
