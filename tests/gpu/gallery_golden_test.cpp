// An open gallery as the desktop shows it: the picture fitted into its frame, the caption and counter, the arrows
// (the next one hovered). Same Viewer, SceneDrawer and renderer as `vrex view`, offscreen with validation on. The
// golden must see the gallery: closed, or showing another picture, the scene is rejected.
#include <filesystem>
#include <fstream>

#include "math/angles.hpp"
#include "math/camera.hpp"
#include "model_fixture.hpp"
#include "scene/image_cache.hpp"
#include "scene/panorama_cache.hpp"
#include "scene/scene_drawer.hpp"
#include "tour/load.hpp"
#include "viewer/viewer.hpp"

using namespace vrex;
namespace fs = std::filesystem;

namespace {

const char* k_tour = R"(
tour: {title: Gallery, languages: [en, zh]}
scenes:
  - id: hall
    panorama: grid.jpg
    view: {yaw: 0, pitch: 0, hfov: 90}
    hotspots:
      - {id: photos, kind: media, at: {yaw: 10, pitch: 0}, exhibit: series}
      - {id: broken, kind: media, at: {yaw: -60, pitch: 0}, exhibit: broken}
exhibits:
  - id: series
    title: {en: Shapes, zh: 形状}
    images:
      - {file: sunrise.jpg, caption: {en: Sunrise over the hall, zh: 大厅上空的日出}}
      - {file: tower.jpg, caption: {en: The tower, zh: 塔}}
      - tiles.png
  - id: broken
    title: Broken
    images: [broken.jpg, tiles.png]
)";

class GalleryGolden : public test::GpuTest {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        dir = fs::temp_directory_path() / ("vrex-gallery-golden-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        fs::copy_file(test::source_path("tests/data/grid_512x256.jpg"), dir / "grid.jpg",
                      fs::copy_options::overwrite_existing);
        for (const char* name : {"sunrise.jpg", "tower.jpg", "tiles.png"})
            fs::copy_file(test::source_path(std::string("tests/data/gallery/") + name), dir / name,
                          fs::copy_options::overwrite_existing);
        std::ofstream(dir / "broken.jpg") << "not a picture";
        std::ofstream(dir / "tour.yaml") << k_tour;
        tour::LoadOptions options;
        options.check_files = false; // broken.jpg is broken on purpose
        tour::LoadResult loaded = tour::load_tour(dir / "tour.yaml", options);
        ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].message);
        tour = std::move(*loaded.tour);
        auto f = text::FontLibrary::create();
        ASSERT_TRUE(f.has_value()) << f.error();
        fonts = std::move(*f);
    }
    void TearDown() override {
        fs::remove_all(dir);
        GpuTest::TearDown();
    }

    // Renders the viewer's state once the hall and the gallery's pictures (shown and prefetched) have loaded.
    media::Image draw(viewer::Viewer& viewer, uint32_t w = 640, uint32_t h = 400) {
        std::vector<render::Panorama> retired_p;
        std::vector<render::Texture> retired_t;
        scene::PanoramaCache cache(*renderer, [&](render::Panorama&& p) { retired_p.push_back(std::move(p)); });
        scene::SceneDrawer drawer(*renderer, &*fonts, [&](render::Texture&& t) { retired_t.push_back(std::move(t)); });
        cache.want(tour, {"hall"});
        while (!cache.ready("hall")) cache.poll();
        drawer.poll_images(viewer);
        while (!drawer.gallery_ready(viewer) || drawer.images_busy()) drawer.poll_images(viewer);
        platform::OffscreenPresenter presenter(*ctx, {w, h});
        gpu::Frame& frame = presenter.begin_frame();
        const viewer::Camera& c = viewer.camera();
        frame.views[0].world_from_view = math::orientation_from_yaw_pitch(c.yaw, c.pitch);
        frame.views[0].projection = math::projection_from_fov(math::fov_from_hfov(c.hfov, double(w) / h));
        renderer->draw(frame.cmd, drawer.build(tour, viewer, cache, {w, h, c.hfov}), frame.views[0]);
        presenter.end_frame(frame);
        if (drawer.panel_height_m() > 0) viewer.set_panel_height(drawer.panel_height_m());
        platform::Pixels px = presenter.read_pixels(0);
        return media::Image{px.width, px.height, std::move(px.rgba)};
    }

    // Clicks the hotspot at (yaw, pitch) and turns to face what opened, as the desktop does.
    void open(viewer::Viewer& viewer, double yaw, double pitch) {
        viewer.update(0.0, {});
        viewer::ViewerInput click;
        click.pointer = viewer::Ray{glm::dvec3(0.0), math::direction_from_yaw_pitch(yaw, pitch)};
        click.select = true;
        viewer.update(0.1, click);
        ASSERT_TRUE(viewer.panel() && viewer.panel()->gallery);
        const math::YawPitch at = math::yaw_pitch_from_direction(viewer.panel()->centre);
        viewer.look_at(at.yaw, at.pitch);
        viewer.update(0.2, {});
    }

    // The pointer on the panel, `across` of its half width right of the centre (1 = its right edge).
    static viewer::ViewerInput on_panel(const viewer::PanelState& p, double across) {
        viewer::ViewerInput in;
        in.pointer = viewer::Ray{glm::dvec3(0.0), glm::normalize(p.centre + p.right * (across * p.width_m / 2))};
        return in;
    }

    // The first picture, the pointer on the next arrow (lit); `steps` forward first.
    media::Image first_picture(int steps = 0) {
        viewer::Viewer viewer(tour, desktop_config());
        open(viewer, 10, 0);
        for (int i = 0; i < steps; ++i) viewer.update(0.3 + i * 0.1, viewer::ViewerInput{.gallery_step = 1});
        draw(viewer); // the panel's height reaches the Viewer
        viewer.update(1.0, on_panel(*viewer.panel(), 0.9));
        EXPECT_EQ(viewer.panel()->gallery->hovered_arrow, 1);
        return draw(viewer);
    }

    static viewer::ViewerConfig desktop_config() {
        viewer::ViewerConfig c;
        c.panel_width_m = 1.2; // as view_command.cpp and shot_tour.cpp
        return c;
    }

    fs::path dir;
    tour::Tour tour;
    std::optional<text::FontLibrary> fonts;
};

} // namespace

TEST_F(GalleryGolden, FirstPictureCaptionCounterAndArrows) {
    EXPECT_TRUE(test::matches_golden(first_picture(), "gallery_first"));
}

// A portrait picture fills the frame's height, in Chinese: the caption and the title change with the language.
TEST_F(GalleryGolden, PortraitPictureInChinese) {
    viewer::Viewer viewer(tour, desktop_config());
    open(viewer, 10, 0);
    viewer.update(0.3, viewer::ViewerInput{.cycle_language = true, .gallery_step = 1});
    ASSERT_EQ(viewer.language(), "zh");
    ASSERT_EQ(viewer.panel()->gallery->index, 1);
    EXPECT_TRUE(test::matches_golden(draw(viewer), "gallery_portrait_zh"));
}

// The golden sees the gallery: without it (closed), and with the next picture instead, the scene is rejected.
TEST_F(GalleryGolden, GoldenSeesTheGalleryRemovedAndAnotherPicture) {
    viewer::Viewer closed(tour, desktop_config());
    open(closed, 10, 0);
    closed.update(0.3, viewer::ViewerInput{.close = true});
    ASSERT_FALSE(closed.panel());
    EXPECT_TRUE(test::golden_rejects("gallery_first", draw(closed), "the gallery closed"));
    EXPECT_TRUE(test::golden_rejects("gallery_first", first_picture(1), "the second picture"));
}

// A picture that cannot be decoded is a red card with the reason in the picture's frame; the next one shows.
TEST_F(GalleryGolden, BrokenPictureShowsAPlaceholderAndTheGalleryGoesOn) {
    viewer::Viewer viewer(tour, desktop_config());
    open(viewer, -60, 0);
    auto red_share = [](const media::Image& image) {
        int red = 0, all = 0;
        for (uint32_t y = image.height / 2 - 28; y < image.height / 2 - 12; ++y) // the middle of the picture's frame
            for (uint32_t x = image.width / 2 - 60; x < image.width / 2 + 60; ++x, ++all) {
                const uint8_t* p = &image.rgba[(size_t(y) * image.width + x) * 4];
                red += p[0] > 90 && p[1] < 60 && p[2] < 60;
            }
        return double(red) / all;
    };
    EXPECT_GT(red_share(draw(viewer)), 0.3);
    viewer.update(0.3, viewer::ViewerInput{.gallery_step = 1});
    EXPECT_LT(red_share(draw(viewer)), 0.05);
}

// Pictures are decoded to at most ImageCache::k_max_side a side, halved in linear light, aspect kept.
TEST(GalleryImages, LargePicturesAreReducedAndBrokenOnesGiveTheReason) {
    auto image = scene::load_gallery_image(test::source_path("tests/data/grid_2048x1024.jpg"), 1024);
    ASSERT_TRUE(image) << image.error();
    EXPECT_EQ(image->width, 1024u);
    EXPECT_EQ(image->height, 512u);
    image = scene::load_gallery_image(test::source_path("tests/data/gallery/tower.jpg"), 1024);
    ASSERT_TRUE(image) << image.error();
    EXPECT_EQ(image->width, 200u); // small enough already
    const auto missing = scene::load_gallery_image("/nonexistent/picture.jpg", 1024);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("picture.jpg"), std::string::npos) << missing.error();
}

// The cache wants the shown picture first, then the next and the previous; it keeps three more than it is asked
// for and retires the oldest through the callback; a broken file is ready with its reason.
TEST_F(GalleryGolden, CacheLoadsTheNeighboursAndRetiresOldPictures) {
    viewer::Viewer viewer(tour, desktop_config());
    open(viewer, 10, 0);
    const std::vector<fs::path> wanted = scene::wanted_images(viewer);
    ASSERT_EQ(wanted, (std::vector<fs::path>{dir / "sunrise.jpg", dir / "tower.jpg", dir / "tiles.png"}));
    std::vector<render::Texture> retired;
    scene::ImageCache cache(*renderer, [&](render::Texture&& t) { retired.push_back(std::move(t)); });
    auto load = [&](const std::vector<fs::path>& files) {
        cache.want(files);
        while (cache.busy()) cache.poll();
        cache.poll();
    };
    load(wanted);
    ASSERT_TRUE(cache.texture(dir / "sunrise.jpg"));
    EXPECT_EQ(cache.texture(dir / "sunrise.jpg")->width(), 360u);
    EXPECT_EQ(cache.texture(dir / "tower.jpg")->height(), 300u);
    load({dir / "broken.jpg"});
    EXPECT_TRUE(cache.ready(dir / "broken.jpg"));
    EXPECT_FALSE(cache.texture(dir / "broken.jpg"));
    EXPECT_NE(cache.error(dir / "broken.jpg").find("broken.jpg"), std::string::npos);
    EXPECT_TRUE(retired.empty()); // three kept beside the one wanted
    load({dir / "grid.jpg"});
    EXPECT_EQ(retired.size(), 1u); // four idle, three kept: one of the first three goes
    EXPECT_TRUE(cache.texture(dir / "grid.jpg"));
    cache.clear();
    EXPECT_EQ(retired.size(), 4u); // and the three textures left; the broken file had none
}
