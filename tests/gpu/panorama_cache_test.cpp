// PanoramaCache with previews: a reduced decode of the JPEG is shown while the full one decodes, the full panorama
// replaces it (the preview retired), and the two look alike. The full decode is held back by a gate, so that the
// order is the test's, not the scheduler's.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "core/file.hpp"
#include "gpu_fixture.hpp"
#include "scene/panorama_cache.hpp"
#include "tour/load.hpp"

namespace vrex::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const char* k_tour = R"(
tour: {title: Previews}
scenes:
  - id: hall
    panorama: big.jpg
  - id: small
    panorama: small.jpg
)";

class PanoramaCacheTest : public GpuTest {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        dir = fs::temp_directory_path() / ("vrex-pano-cache-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        fs::copy_file(source_path("tests/data/grid_2048x1024.jpg"), dir / "big.jpg",
                      fs::copy_options::overwrite_existing);
        fs::copy_file(source_path("tests/data/grid_512x256.jpg"), dir / "small.jpg",
                      fs::copy_options::overwrite_existing);
        std::ofstream(dir / "tour.yaml") << k_tour;
        tour::LoadResult loaded = tour::load_tour(dir / "tour.yaml");
        ASSERT_TRUE(loaded.ok());
        tour = std::move(*loaded.tour);
    }
    void TearDown() override {
        retired.clear();
        fs::remove_all(dir);
        GpuTest::TearDown();
    }

    // Polls until `scene` can be shown (or `full`: is ready), at most 20 s. Returns what the polls returned.
    std::vector<std::string> poll_until(scene::PanoramaCache& cache, const std::string& scene, bool full) {
        std::vector<std::string> returned;
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (!(full ? cache.ready(scene) : cache.showable(scene)) && std::chrono::steady_clock::now() < deadline) {
            for (std::string& id : cache.poll()) returned.push_back(std::move(id));
            std::this_thread::sleep_for(1ms);
        }
        return returned;
    }
    scene::PanoramaCache::Retire retire() {
        return [this](render::Panorama&& p) { retired.push_back(std::move(p)); };
    }
    // Full decodes wait for `gate`, then decode as always (or fail, with `fail`).
    static scene::PanoramaDecoders gated(std::shared_future<void> gate, bool fail = false) {
        scene::PanoramaDecoders d;
        d.full = [gate, fail](const tour::Scene& s, bool both,
                              render::PanoramaStore& store) -> core::Expected<scene::ScenePanorama, std::string> {
            gate.wait();
            if (fail) return core::unexpected(s.panorama.image.path.string() + ": broken on purpose");
            return scene::load_scene_panorama(s, both, store);
        };
        return d;
    }

    fs::path dir;
    tour::Tour tour;
    std::vector<render::Panorama> retired;
};

TEST_F(PanoramaCacheTest, ThePreviewComesFirstAndTheFullPanoramaReplacesIt) {
    std::promise<void> open;
    scene::PanoramaCache cache(*renderer, retire(), false, true, gated(open.get_future().share()));
    cache.want(tour, {"hall"});
    EXPECT_EQ(poll_until(cache, "hall", false), std::vector<std::string>{"hall"});
    ASSERT_TRUE(cache.panorama("hall"));
    EXPECT_TRUE(cache.showing_preview("hall"));
    EXPECT_FALSE(cache.ready("hall"));
    EXPECT_TRUE(cache.busy());
    // 2048 px across decoded at 1/2 (at least 1024 px).
    EXPECT_EQ(cache.panorama("hall")->width(), 1024u);

    open.set_value();
    EXPECT_EQ(poll_until(cache, "hall", true), std::vector<std::string>{"hall"});
    ASSERT_TRUE(cache.panorama("hall"));
    EXPECT_FALSE(cache.showing_preview("hall"));
    EXPECT_EQ(cache.panorama("hall")->width(), 2048u);
    ASSERT_EQ(retired.size(), 1u); // the preview, kept alive for frames in flight
    EXPECT_EQ(retired[0].width(), 1024u);
    EXPECT_FALSE(cache.busy());
}

// The full decode waits until the preview is on screen: it starts at the first poll after the one that took the preview
// in (the frame that shows it drawn between the two), so that on a CPU renderer it does not slow that frame down.
TEST_F(PanoramaCacheTest, TheFullDecodeStartsOnceThePreviewsFrameIsDrawn) {
    std::atomic<bool> started{false};
    scene::PanoramaDecoders d;
    d.full = [&started](const tour::Scene& s, bool both, render::PanoramaStore& store) {
        started = true;
        return scene::load_scene_panorama(s, both, store);
    };
    scene::PanoramaCache cache(*renderer, retire(), false, true, d);
    cache.set_preview_head_start(60s); // no timing in this test: only the gate
    cache.want(tour, {"hall"});
    EXPECT_FALSE(cache.preview_frame_pending());
    EXPECT_EQ(poll_until(cache, "hall", false), std::vector<std::string>{"hall"});
    ASSERT_TRUE(cache.showing_preview("hall"));
    EXPECT_TRUE(cache.preview_frame_pending()); // a window waits for the frame it draws now
    std::this_thread::sleep_for(200ms);         // the preview's frame
    EXPECT_FALSE(started) << "the full decode started beside the preview's first frame";
    cache.poll(); // the next tick
    EXPECT_FALSE(cache.preview_frame_pending());
    EXPECT_EQ(poll_until(cache, "hall", true), std::vector<std::string>{"hall"});
    EXPECT_TRUE(started);
    EXPECT_FALSE(cache.showing_preview("hall"));
}

// Nothing waits longer than the head start for a frame nobody draws (no poll after the preview's).
TEST_F(PanoramaCacheTest, TheFullDecodeWaitsNoLongerThanTheHeadStart) {
    auto started = std::make_shared<std::promise<void>>();
    scene::PanoramaDecoders d;
    d.full = [started](const tour::Scene& s, bool both, render::PanoramaStore& store) {
        started->set_value();
        return scene::load_scene_panorama(s, both, store);
    };
    scene::PanoramaCache cache(*renderer, retire(), false, true, d);
    cache.set_preview_head_start(50ms);
    cache.want(tour, {"hall"});
    EXPECT_EQ(poll_until(cache, "hall", false), std::vector<std::string>{"hall"});
    EXPECT_EQ(started->get_future().wait_for(20s), std::future_status::ready);
    EXPECT_EQ(poll_until(cache, "hall", true), std::vector<std::string>{"hall"});
}

TEST_F(PanoramaCacheTest, ThePreviewLooksLikeTheFullPanorama) {
    // No visible jump when the full panorama replaces the preview: same view, same colours, only sharper.
    std::promise<void> open;
    scene::PanoramaCache cache(*renderer, retire(), false, true, gated(open.get_future().share()));
    cache.want(tour, {"hall"});
    poll_until(cache, "hall", false);
    ASSERT_TRUE(cache.showing_preview("hall"));
    const ViewSpec view{30, 10, 90, 256, 192};
    const media::Image before = render(*cache.panorama("hall"), view);
    open.set_value();
    poll_until(cache, "hall", true);
    ASSERT_TRUE(cache.ready("hall"));
    const media::Image after = render(*cache.panorama("hall"), view);
    const media::Image turned = render(*cache.panorama("hall"), {31, 10, 90, 256, 192});
    auto mean_difference = [](const media::Image& a, const media::Image& b) {
        double sum = 0;
        for (size_t i = 0; i < a.rgba.size(); ++i) sum += std::abs(int(a.rgba[i]) - int(b.rgba[i]));
        return sum / double(a.rgba.size());
    };
    const double jump = mean_difference(before, after);
    const double degree = mean_difference(after, turned);
    std::printf("preview against full: %.2f levels; the full one turned by 1 degree: %.2f\n", jump, degree);
    EXPECT_LT(jump, degree); // less than a turn of the view by one degree
    EXPECT_LT(jump, 6.0);
}

TEST_F(PanoramaCacheTest, WithoutPreviewsOnlyTheFullPanoramaIsShown) {
    std::promise<void> open;
    scene::PanoramaCache cache(*renderer, retire(), false, false, gated(open.get_future().share()));
    cache.want(tour, {"hall"});
    for (int i = 0; i < 100; ++i) {
        EXPECT_TRUE(cache.poll().empty());
        std::this_thread::sleep_for(2ms);
    }
    EXPECT_FALSE(cache.showable("hall"));
    open.set_value();
    EXPECT_EQ(poll_until(cache, "hall", true), std::vector<std::string>{"hall"});
    EXPECT_EQ(cache.panorama("hall")->width(), 2048u);
    EXPECT_TRUE(retired.empty());
}

TEST_F(PanoramaCacheTest, AFailedFullDecodeDropsThePreviewForTheError) {
    std::promise<void> open;
    scene::PanoramaCache cache(*renderer, retire(), false, true, gated(open.get_future().share(), true));
    cache.want(tour, {"hall"});
    poll_until(cache, "hall", false);
    ASSERT_TRUE(cache.showing_preview("hall"));
    open.set_value();
    poll_until(cache, "hall", true);
    EXPECT_TRUE(cache.ready("hall"));
    EXPECT_EQ(cache.panorama("hall"), nullptr); // the placeholder shows the reason, not a preview of a broken file
    EXPECT_NE(cache.error("hall").find("broken on purpose"), std::string::npos) << cache.error("hall");
    EXPECT_EQ(retired.size(), 1u);
}

TEST_F(PanoramaCacheTest, ASmallImageHasNoPreview) {
    // 512 px across: a reduced decode would be under 1024 px, so the full one is all there is.
    std::promise<void> open;
    scene::PanoramaCache cache(*renderer, retire(), false, true, gated(open.get_future().share()));
    cache.want(tour, {"small"});
    for (int i = 0; i < 100; ++i) {
        EXPECT_TRUE(cache.poll().empty());
        std::this_thread::sleep_for(2ms);
    }
    EXPECT_FALSE(cache.showable("small"));
    open.set_value();
    EXPECT_EQ(poll_until(cache, "small", true), std::vector<std::string>{"small"});
    EXPECT_FALSE(cache.showing_preview("small"));
}

} // namespace
} // namespace vrex::test
