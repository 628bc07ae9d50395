// PanoramaCache's preloads and memory budget, with small panoramas (512x256 and 2048x1024 JPEGs copied once per
// scene): the links of the scene shown load nearest first, one at a time, after the scene itself; a small budget is
// never exceeded, the least recently used scene goes first and the one on screen never; 200 switches round a ring
// leave memory as it was after the first lap; and a preloaded scene is on screen in full on the first frame after the
// fade.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "gpu_fixture.hpp"
#include "scene/panorama_cache.hpp"
#include "scene/preload.hpp"
#include "tour/load.hpp"
#include "viewer/viewer.hpp"

namespace vrex::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A hub with four links (yaw -20, 60, 100, 180) and scenes beyond two of them.
const char* k_hub_tour = R"(
tour: {title: Hub}
scenes:
  - id: hub
    panorama: hub.jpg
    hotspots:
      - {kind: link, at: {yaw: 100, pitch: 0}, target: a}
      - {kind: link, at: {yaw: -20, pitch: 0}, target: b}
      - {kind: link, at: {yaw: 60, pitch: -10}, target: c}
      - {kind: link, at: {yaw: 180, pitch: 0}, target: d}
  - id: a
    panorama: a.jpg
    view: {yaw: 90}
    hotspots:
      - {kind: link, at: {yaw: -90, pitch: 0}, target: hub}
      - {kind: link, at: {yaw: 0, pitch: 0}, target: e}
      - {kind: link, at: {yaw: 80, pitch: 0}, target: f}
  - id: b
    panorama: b.jpg
    hotspots:
      - {kind: link, at: {yaw: 10, pitch: 0}, target: f}
  - id: c
    panorama: c.jpg
  - id: d
    panorama: d.jpg
  - id: e
    panorama: e.jpg
  - id: f
    panorama: f.jpg
)";

// Scenes s0..s{n-1} in a ring: the next at yaw 90, the previous at yaw -90.
std::string ring_tour(int n) {
    std::ostringstream y;
    y << "tour: {title: Ring}\nscenes:\n";
    for (int i = 0; i < n; ++i)
        y << "  - id: s" << i << "\n    panorama: s" << i << ".jpg\n    hotspots:\n"
          << "      - {kind: link, at: {yaw: 90, pitch: 0}, target: s" << (i + 1) % n << "}\n"
          << "      - {kind: link, at: {yaw: -90, pitch: 0}, target: s" << (i + n - 1) % n << "}\n";
    return y.str();
}

class PanoramaPreloadTest : public GpuTest {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        dir = fs::temp_directory_path() / ("vrex-preload-" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    void TearDown() override {
        retired.clear();
        fs::remove_all(dir);
        GpuTest::TearDown();
    }
    // Writes the tour, and `image` as each `panorama:` file it names.
    tour::Tour make_tour(const std::string& yaml, const std::string& image = "tests/data/grid_512x256.jpg") {
        std::ofstream(dir / "tour.yaml") << yaml;
        const std::regex panorama(R"(panorama: (\S+))");
        for (auto m = std::sregex_iterator(yaml.begin(), yaml.end(), panorama); m != std::sregex_iterator(); ++m)
            fs::copy_file(source_path(image), dir / (*m)[1].str(), fs::copy_options::overwrite_existing);
        tour::LoadResult loaded = tour::load_tour(dir / "tour.yaml");
        EXPECT_TRUE(loaded.ok());
        if (!loaded.ok()) return {};
        return std::move(*loaded.tour);
    }
    scene::PanoramaCache::Retire retire() {
        return [this](render::Panorama&& p) { retired.push_back(std::move(p)); };
    }
    // want() and poll() until `done`, at most 20 s; checks on the way that at most one preload decodes.
    template <typename Done>
    void settle(scene::PanoramaCache& cache, const std::vector<std::string>& wanted,
                const std::vector<std::string>& preload, Done done) {
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (!done() && std::chrono::steady_clock::now() < deadline) {
            cache.want(tour, wanted, preload);
            cache.poll();
            EXPECT_LE(cache.memory().decodes, 1u);
            std::this_thread::sleep_for(1ms);
        }
        EXPECT_TRUE(done());
    }
    // Until the wanted scenes are loaded and no preload decodes or can start.
    void settle_all(scene::PanoramaCache& cache, const std::vector<std::string>& wanted,
                    const std::vector<std::string>& preload) {
        auto loaded = [&] {
            for (const std::string& id : wanted)
                if (!cache.ready(id)) return false;
            return true;
        };
        settle(cache, wanted, preload, loaded);
        for (int quiet = 0; quiet < 3;) { // three want()s in a row that start nothing
            settle(cache, wanted, preload, [&] { return !cache.preloading(); });
            cache.want(tour, wanted, preload);
            quiet = cache.preloading() ? 0 : quiet + 1;
        }
    }
    // The device bytes of every panorama the cache holds, counted from the panoramas themselves.
    uint64_t device_bytes(const scene::PanoramaCache& cache) {
        uint64_t bytes = 0;
        for (const tour::Scene& s : tour.scenes) {
            if (const render::Panorama* p = cache.panorama(s.id)) bytes += p->memory_size();
            if (const render::Panorama* p = cache.panorama_right(s.id)) bytes += p->memory_size();
        }
        return bytes;
    }
    // One 512x256 panorama's device bytes.
    uint64_t one_panorama() {
        scene::PanoramaCache cache(*renderer, retire(), false, false);
        settle_all(cache, {tour.scenes[0].id}, {});
        const uint64_t bytes = cache.memory().gpu;
        cache.clear();
        retired.clear();
        return bytes;
    }

    fs::path dir;
    tour::Tour tour;
    std::vector<render::Panorama> retired;
    static constexpr uint64_t k_decoded = 512 * 256 * 4; // one scene's decoded image
};

TEST_F(PanoramaPreloadTest, PreloadOrderIsNearestLinkFirstThenTheirLinks) {
    tour = make_tour(k_hub_tour);
    // Looking at yaw 0: b (20 degrees off), c (about 61), a (100), d (180); then b's link: f; then a's links by a's
    // view (yaw 90): f (10 off, had already), e (90), hub (180, left out).
    EXPECT_EQ(scene::preload_order(tour, "hub", 0, 0), (std::vector<std::string>{"b", "c", "a", "d", "f", "e"}));
    EXPECT_EQ(scene::preload_order(tour, "hub", 170, 0), (std::vector<std::string>{"d", "a", "c", "b", "f", "e"}));
    EXPECT_EQ(scene::preload_order(tour, "hub", 0, 0, 1), (std::vector<std::string>{"b", "c", "a", "d"}));
    EXPECT_EQ(scene::preload_order(tour, "a", 0, 0), (std::vector<std::string>{"e", "f", "hub", "b", "c", "d"}));
    EXPECT_TRUE(scene::preload_order(tour, "nowhere", 0, 0).empty());
}

TEST(PanoramaBudget, DefaultIsAQuarterOfTheDeviceHeapWithinLimits) {
    constexpr uint64_t mib = 1024 * 1024;
    VkPhysicalDeviceMemoryProperties memory{};
    memory.memoryHeapCount = 2;
    memory.memoryHeaps[0] = {uint64_t(64) * 1024 * mib, 0}; // host memory: not counted
    memory.memoryHeaps[1] = {2048 * mib, VK_MEMORY_HEAP_DEVICE_LOCAL_BIT};
    EXPECT_EQ(scene::default_memory_budget(memory), 512 * mib);
    memory.memoryHeaps[1].size = 512 * mib; // a small device: still room for one 8K panorama loading
    EXPECT_EQ(scene::default_memory_budget(memory), 256 * mib);
    memory.memoryHeaps[1].size = 80 * 1024 * mib; // a big one: capped
    EXPECT_EQ(scene::default_memory_budget(memory), 1024 * mib);
    memory.memoryHeaps[0].flags = VK_MEMORY_HEAP_DEVICE_LOCAL_BIT; // the largest device-local heap counts
    memory.memoryHeaps[1].size = 1024 * mib;
    memory.memoryHeaps[0].size = 3072 * mib;
    EXPECT_EQ(scene::default_memory_budget(memory), 768 * mib);
}

TEST_F(PanoramaPreloadTest, LinksPreloadNearestFirstOneAtATimeOnceTheSceneIsLoaded) {
    tour = make_tour(k_hub_tour);
    std::promise<void> open;
    std::shared_future<void> gate = open.get_future().share();
    scene::PanoramaDecoders decoders;
    decoders.full = [gate](const tour::Scene& s, bool both, auto&&... rest) {
        if (s.id == "hub") gate.wait(); // the scene on screen takes its time
        return scene::load_scene_panorama(s, both, rest...);
    };
    scene::PanoramaCache cache(*renderer, retire(), false, true, decoders);
    const std::vector<std::string> order = scene::preload_order(tour, "hub", 0, 0);
    for (int i = 0; i < 50; ++i) { // nothing preloads while the scene shown decodes
        cache.want(tour, {"hub"}, order);
        cache.poll();
        std::this_thread::sleep_for(2ms);
    }
    EXPECT_FALSE(cache.preloading());
    EXPECT_EQ(cache.memory().entries, 1u);
    EXPECT_TRUE(cache.busy());
    open.set_value();

    std::vector<std::string> started; // in the order the cache took them up
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (started.size() < order.size() && std::chrono::steady_clock::now() < deadline) {
        cache.want(tour, {"hub"}, order);
        for (const std::string& id : order)
            if (cache.holds(id) && std::find(started.begin(), started.end(), id) == started.end()) {
                EXPECT_TRUE(cache.ready("hub")) << id << " started before the scene shown was loaded";
                started.push_back(id);
            }
        EXPECT_LE(cache.memory().decodes, 1u);
        if (cache.preloading()) {
            EXPECT_FALSE(cache.busy()); // preloads keep no loop busy
        }
        cache.poll();
        std::this_thread::sleep_for(1ms);
    }
    EXPECT_EQ(started, order);
    settle_all(cache, {"hub"}, order);
    for (const std::string& id : order) {
        EXPECT_TRUE(cache.ready(id)) << id;
        EXPECT_FALSE(cache.showing_preview(id)) << id; // a preload has no preview
    }
}

TEST_F(PanoramaPreloadTest, ASmallBudgetIsHonouredAndTheLeastRecentlyUsedGoFirst) {
    tour = make_tour(ring_tour(6));
    const uint64_t pano = one_panorama();
    ASSERT_GT(pano, 0u);
    // Room for two panoramas, or for one and another loading (its decoded image and its panorama).
    const uint64_t budget = 2 * pano + k_decoded;
    scene::PanoramaCache cache(*renderer, retire(), false, false);
    cache.set_memory_budget(budget);
    auto check = [&] {
        EXPECT_LE(cache.memory().total(), budget);
        EXPECT_LE(device_bytes(cache), budget);
        for (const tour::Scene& s : tour.scenes) // what is held is a panorama, not an empty entry
            if (cache.holds(s.id) && !cache.memory().decodes) EXPECT_NE(cache.panorama(s.id), nullptr) << s.id;
    };
    settle_all(cache, {"s0"}, {});
    settle_all(cache, {"s1"}, {});
    check();
    EXPECT_TRUE(cache.holds("s0"));
    EXPECT_TRUE(cache.holds("s1"));
    cache.want(tour, {"s2"}); // three do not fit: s0, the least recently wanted, goes
    check();
    EXPECT_FALSE(cache.holds("s0"));
    EXPECT_TRUE(cache.holds("s1"));
    settle_all(cache, {"s2"}, {});
    check();
    cache.want(tour, {"s1"}); // back: still there, ready at once
    EXPECT_TRUE(cache.ready("s1"));
    cache.want(tour, {"s3"}); // now s2 is the least recently wanted
    EXPECT_FALSE(cache.holds("s2"));
    EXPECT_TRUE(cache.holds("s1"));
    settle_all(cache, {"s3"}, {});
    check();

    // Preloads: with s3 shown, its neighbours s4 (yaw 90) and s2 (-90) would come next; only one fits beside it, and
    // it takes the place of s1, which no link of s3 leads to.
    settle_all(cache, {"s3"}, scene::preload_order(tour, "s3", 90, 0, 1));
    check();
    EXPECT_TRUE(cache.ready("s4"));
    EXPECT_FALSE(cache.holds("s2"));
    EXPECT_FALSE(cache.holds("s1"));
    EXPECT_EQ(retired.size(), 3u); // s0, s2, s1: through the deferred deletion

    // A budget under one panorama: the scene shown stays all the same, and nothing else.
    cache.set_memory_budget(pano / 2);
    EXPECT_TRUE(cache.ready("s3"));
    EXPECT_FALSE(cache.holds("s4"));
    settle_all(cache, {"s3"}, scene::preload_order(tour, "s3", 90, 0));
    EXPECT_EQ(cache.memory().entries, 1u);
    EXPECT_TRUE(cache.ready("s3"));
}

long resident_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

TEST_F(PanoramaPreloadTest, TwoHundredSwitchesLeaveMemoryFlat) {
    tour = make_tour(ring_tour(6));
    const uint64_t pano = one_panorama();
    const uint64_t budget = 3 * pano + k_decoded; // the scene shown, two more, and one loading
    scene::PanoramaCache cache(*renderer, retire(), false, false);
    cache.set_memory_budget(budget);
    scene::PanoramaCache::Memory after_lap;
    long rss_after_lap = 0;
    size_t not_ready = 0;
    for (int i = 0; i <= 200; ++i) {
        std::string id = "s";
        id += std::to_string(i % 6);
        const std::vector<std::string> order = scene::preload_order(tour, id, 90, 0); // looking at the next one
        cache.want(tour, {id}, order);
        if (i > 0 && !cache.ready(id)) ++not_ready; // each scene was the nearest link of the one before
        settle_all(cache, {id}, order);
        EXPECT_LE(cache.memory().total(), budget);
        EXPECT_LE(device_bytes(cache), budget);
        retired.clear(); // the frames in flight are done with them
        if (i == 6) {
            after_lap = cache.memory();
            rss_after_lap = resident_kib();
        }
    }
    EXPECT_EQ(not_ready, 0u);
    const scene::PanoramaCache::Memory end = cache.memory();
    EXPECT_EQ(end.entries, 3u); // what the budget holds: the scene shown, the next, the one before
    EXPECT_EQ(end.entries, after_lap.entries);
    EXPECT_EQ(device_bytes(cache), end.gpu);
    EXPECT_EQ(end.gpu, after_lap.gpu);
    EXPECT_EQ(end.cpu, 0u);
    EXPECT_EQ(end.decodes, 0u);
    std::printf("after the first lap: %zu scenes, %.2f MB held, %ld KiB resident; after 200 switches: %zu scenes, "
                "%.2f MB held, %ld KiB resident\n",
                after_lap.entries, after_lap.total() / 1e6, rss_after_lap, end.entries, end.total() / 1e6,
                resident_kib());
}

TEST_F(PanoramaPreloadTest, APreloadedSceneIsOnScreenInFullOnTheFirstFrameAfterTheFade) {
    // 2048x1024: a scene wanted cold shows a preview first (faces of 256); a preloaded one has its full 512 faces.
    tour = make_tour(R"(
tour: {title: Two halls}
scenes:
  - id: hall
    panorama: hall.jpg
    hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: next}]
  - id: next
    panorama: next.jpg
    hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, target: hall}]
)",
                     "tests/data/grid_2048x1024.jpg");
    scene::PanoramaCache cache(*renderer, retire());
    viewer::Viewer viewer(tour);
    double t = 0;
    auto tick = [&](const viewer::ViewerInput& in) {
        t += 1.0 / 60;
        viewer.update(t, in);
        scene::update_panoramas(cache, viewer, tour, viewer.camera().yaw, viewer.camera().pitch);
    };
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!(cache.ready("hall") && cache.ready("next")) && std::chrono::steady_clock::now() < deadline) {
        tick({});
        std::this_thread::sleep_for(1ms);
    }
    ASSERT_TRUE(cache.ready("next"));
    viewer::ViewerInput focus;
    focus.focus_step = 1;
    tick(focus);
    viewer::ViewerInput enter;
    enter.activate_focus = true;
    tick(enter);
    ASSERT_EQ(viewer.wanted_scenes(), (std::vector<std::string>{"hall", "next"})); // fading out
    int black = 0;                                                                 // ticks at full black
    while (viewer.scene().id == "hall" && std::chrono::steady_clock::now() < deadline) {
        tick({});
        if (viewer.fade() >= 1.0) ++black;
    }
    ASSERT_EQ(viewer.scene().id, "next");
    EXPECT_EQ(black, 1); // the switch came with the first black frame: no wait for a load
    EXPECT_TRUE(cache.ready("next"));
    EXPECT_FALSE(cache.showing_preview("next"));
    ASSERT_NE(cache.panorama("next"), nullptr);
    EXPECT_EQ(cache.panorama("next")->width(), 2048u); // the full panorama, no preview (1024 px)
}

} // namespace
} // namespace vrex::test
