// What the sections of `vrex bench` share: statistics, GPU timestamps, and the desktop viewer without its window.
#include "app/bench_detail.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>
#include <utility>

#include "core/vk_check.hpp"
#include "math/angles.hpp"
#include "scene/frame.hpp"
#include "scene/preload.hpp"

namespace vrex::app::bench {

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double round2(double v) {
    return std::round(v * 100.0) / 100.0;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Json stats(std::vector<double> ms) {
    if (ms.empty()) return Json::object();
    std::sort(ms.begin(), ms.end());
    const size_t rank = size_t(std::ceil(0.95 * double(ms.size()))); // nearest rank, 1-based
    return Json{{"median", round2(median(ms))}, {"p95", round2(ms[std::max<size_t>(rank, 1) - 1])}};
}

GpuTimer::GpuTimer(gpu::Context& ctx) : m_ctx(ctx) {
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(ctx.physical_device(), &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(ctx.physical_device(), &count, families.data());
    const uint32_t bits = families.at(ctx.queue_family()).timestampValidBits;
    if (bits == 0) return;
    m_mask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
    m_period_ns = ctx.properties().limits.timestampPeriod;
    VkQueryPoolCreateInfo info{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
    info.queryType = VK_QUERY_TYPE_TIMESTAMP;
    info.queryCount = 2 * k_ring;
    VK_CHECK(vkCreateQueryPool(ctx.device(), &info, nullptr, &m_pool));
    ctx.set_name(VK_OBJECT_TYPE_QUERY_POOL, m_pool, "bench timestamps");
}

GpuTimer::~GpuTimer() {
    if (m_pool != VK_NULL_HANDLE) vkDestroyQueryPool(m_ctx.device(), m_pool, nullptr);
}

void GpuTimer::begin(VkCommandBuffer cmd) {
    if (!available()) return;
    if (m_ended - m_read >= k_ring) read(m_read++); // the slot's last frame: long finished in practice
    const uint32_t first = uint32_t(m_ended % k_ring) * 2;
    vkCmdResetQueryPool(cmd, m_pool, first, 2);
    vkCmdWriteTimestamp2(cmd, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, m_pool, first);
}

void GpuTimer::end(VkCommandBuffer cmd) {
    if (!available()) return;
    vkCmdWriteTimestamp2(cmd, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, m_pool, uint32_t(m_ended % k_ring) * 2 + 1);
    ++m_ended;
}

void GpuTimer::collect() {
    while (m_read < m_ended) read(m_read++);
}

void GpuTimer::read(uint64_t frame) {
    uint64_t t[2] = {0, 0};
    VK_CHECK(vkGetQueryPoolResults(m_ctx.device(), m_pool, uint32_t(frame % k_ring) * 2, 2, sizeof t, t,
                                   sizeof(uint64_t), VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT));
    const uint64_t ticks = ((t[1] & m_mask) - (t[0] & m_mask)) & m_mask;
    m_ms.push_back(double(ticks) * m_period_ns / 1e6);
}

namespace {
ViewerConfig desktop_config() {
    ViewerConfig c;
    c.panel_width_m = 1.2; // as view_command.cpp's
    return c;
}
scene::PanoramaDecoders rig_decoders(const media::PreviewCache* previews) {
    scene::PanoramaDecoders d;
    d.preview = [previews](const tour::Scene& s, bool both, render::PanoramaStore& store) {
        return scene::load_scene_preview(s, both, store, *previews, 1024, /*defer_mips=*/true); // as the window's
    };
    return d;
}

} // namespace

Rig::Rig(Bench& b, const tour::Tour& tour, const std::string& start, VkExtent2D size, uint32_t views,
         std::optional<uint64_t> budget)
    : presenter(b.gpu.ctx, size, views),
      cache(
          b.gpu.renderer, [this](render::Panorama&& p) { presenter.retire(std::move(p)); }, false, true,
          rig_decoders(&previews)),
      drawer(b.gpu.renderer, b.fonts, [this](render::Texture&& t) { presenter.retire(std::move(t)); }),
      viewer(tour, desktop_config(), start), m_tour(tour), m_ctx(b.gpu.ctx) {
    cache.set_memory_budget(budget ? *budget : scene::default_memory_budget(b.gpu.ctx.memory_properties()));
}

Rig::~Rig() {
    vkDeviceWaitIdle(m_ctx.device());
}

std::optional<Shown> Rig::tick(double t, const ViewerInput& input) {
    viewer.update(t, input);
    viewer.take_events();
    bool arrived = false;
    if (preload.empty()) { // as DesktopApp::poll_loads
        arrived = scene::update_panoramas(cache, viewer, m_tour, viewer.camera().yaw, viewer.camera().pitch);
    } else {
        std::vector<std::string> wanted = viewer.wanted_scenes();
        for (const std::string& id : preload)
            if (std::find(wanted.begin(), wanted.end(), id) == wanted.end()) wanted.push_back(id);
        cache.want(m_tour, wanted);
        for (const std::string& id : cache.poll()) {
            viewer.set_scene_ready(id, true);
            arrived = true;
        }
    }
    // As DesktopApp::tick: a frame when something changed, and once more after a fade that ended between two ticks
    // (on a slow machine a 300 ms fade can pass within a tick: the frame at its end was never drawn).
    if (!arrived && !input.select && !viewer.animating() && viewer.fade() == m_drawn_fade &&
        !std::exchange(redraw, false)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2)); // as the window waits while a load is under way
        return std::nullopt;
    }
    return draw(presenter, t);
}

Shown Rig::draw(platform::OffscreenPresenter& target, double t, GpuTimer* timer) {
    Shown shown{viewer.scene().id};
    shown.panorama = cache.panorama(shown.scene) != nullptr;
    shown.preview = shown.panorama && cache.showing_preview(shown.scene);
    shown.fade = viewer.fade();
    m_drawn_fade = shown.fade;
    const double start = now_ms();
    gpu::Frame* frame = target.begin_frame(t);
    if (timer) timer->begin(frame->cmd);
    scene::draw_frame(*frame, drawer, {m_tour, viewer, cache, nullptr});
    if (timer) timer->end(frame->cmd);
    shown.cpu_ms = now_ms() - start;
    target.end_frame(*frame);
    shown.wall_ms = now_ms() - start;
    return shown;
}

std::string Rig::wait_ready(const std::vector<std::string>& scenes, double& t, double step_s) {
    const double deadline = now_ms() + 600'000;
    preload.insert(preload.end(), scenes.begin(), scenes.end());
    auto all_ready = [&] {
        return std::all_of(scenes.begin(), scenes.end(), [&](const std::string& s) { return cache.ready(s); });
    };
    while (!all_ready()) {
        if (now_ms() > deadline) return "the panoramas did not load within 10 minutes";
        tick(t += step_s);
    }
    for (const std::string& s : scenes)
        if (std::string e = cache.error(s); !e.empty()) return e;
    return "";
}

bool Rig::activate(int hotspot, double t) {
    const tour::Hotspot& h = viewer.scene().hotspots.at(size_t(hotspot));
    ViewerInput click;
    click.pointer = Ray{glm::dvec3(0.0), math::direction_from_yaw_pitch(h.yaw, h.pitch)};
    click.select = true;
    const std::string target = h.target;
    tick(t, click);
    const std::vector<std::string> wanted = viewer.wanted_scenes();
    return viewer.scene().id == target || std::find(wanted.begin(), wanted.end(), target) != wanted.end();
}

int first_link(const tour::Scene& scene) {
    for (size_t i = 0; i < scene.hotspots.size(); ++i)
        if (scene.hotspots[i].kind == tour::HotspotKind::Link) return int(i);
    return -1;
}

} // namespace vrex::app::bench
