// Headless goldens of what the desktop and headset show besides the panorama: hotspot markers (plain, hovered,
// focused), a link label, an info panel with mixed Chinese and English text, and an open model exhibit. Same renderer,
// same scene drawer as `vrex view`, drawn offscreen with validation on.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "gpu_fixture.hpp"
#include "math/angles.hpp"
#include "math/camera.hpp"
#include "scene/frame.hpp"
#include "scene/model_cache.hpp"
#include "scene/panorama_cache.hpp"
#include "scene/scene_drawer.hpp"
#include "tour/load.hpp"
#include "viewer/viewer.hpp"

using namespace vrex;
namespace fs = std::filesystem;

namespace {

const char* k_tour = R"(
tour:
  title: {zh: 社区服务中心, en: Community centre}
  languages: [zh, en]
scenes:
  - id: hall
    panorama: grid.jpg
    view: {yaw: 0, pitch: 0, hfov: 90}
    hotspots:
      - id: to-next
        kind: link
        at: {yaw: -20, pitch: -10}
        target: next
        label: {zh: 新时代长廊, en: New Era corridor}
      - id: stats
        kind: info
        at: {yaw: 15, pitch: 5}
        exhibit: figures
  - id: next
    panorama: grid.jpg
exhibits:
  - id: figures
    title: {zh: 服务成效 What the centre has done, en: What the centre has done}
    text:
      zh: "截至2024年11月底，中心累计服务党员群众53.6万人次，开展活动1200余场（Activities: 1,200+）。"
      en: "By the end of November 2024 the centre had served 536,000 visits and held more than 1,200 events."
)";

// A model exhibit (the glTF duck) in front of an info marker that it partly hides.
const char* k_model_tour = R"(
tour: {title: Duck}
scenes:
  - id: hall
    panorama: grid.jpg
    view: {yaw: 0, pitch: 0, hfov: 90}
    hotspots:
      - {id: duck, kind: model, at: {yaw: 0, pitch: -5}, exhibit: duck}
      - {id: behind, kind: info, at: {yaw: 9, pitch: -2}, exhibit: duck}
exhibits:
  - id: duck
    title: Duck
    model: {file: Duck.glb, distance: 1.5, size: 36, rotate: {yaw: -30}}
)";

class SceneGolden : public test::GpuTest {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        dir = fs::temp_directory_path() / ("vrex-scene-golden-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        fs::copy_file(test::source_path("tests/data/grid_512x256.jpg"), dir / "grid.jpg",
                      fs::copy_options::overwrite_existing);
        load(k_tour);
        auto f = text::FontLibrary::create();
        ASSERT_TRUE(f.has_value()) << f.error();
        fonts = std::move(*f);
    }
    // Loads `text` as the tour (the golden tests' tour, or a variant of it).
    void load(const std::string& text) {
        std::ofstream(dir / "tour.yaml") << text;
        tour::LoadResult loaded = tour::load_tour(dir / "tour.yaml");
        ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].message);
        tour = std::move(*loaded.tour);
    }
    void TearDown() override {
        fs::remove_all(dir);
        GpuTest::TearDown();
    }

    // Renders the viewer's current state, after the hall's panorama (and, with `models`, the open model) has loaded.
    media::Image draw(viewer::Viewer& viewer, uint32_t w = 480, uint32_t h = 320, bool models = false) {
        std::vector<render::Panorama> retired_p;
        std::vector<render::Texture> retired_t;
        std::vector<render::GpuModel> retired_m;
        scene::PanoramaCache cache(*renderer, [&](render::Panorama&& p) { retired_p.push_back(std::move(p)); });
        scene::ModelCache model_cache(*renderer, [&](render::GpuModel&& m) { retired_m.push_back(std::move(m)); });
        scene::SceneDrawer drawer(*renderer, &*fonts, [&](render::Texture&& t) { retired_t.push_back(std::move(t)); });
        cache.want(tour, {"hall"});
        while (!cache.ready("hall")) cache.poll();
        model_cache.want(tour, scene::wanted_models(viewer));
        while (model_cache.busy()) model_cache.poll();
        platform::OffscreenPresenter presenter(*ctx, {w, h});
        gpu::Frame& frame = presenter.begin_frame();
        scene::draw_frame(frame, drawer, {tour, viewer, cache, models ? &model_cache : nullptr}); // as every loop does
        presenter.end_frame(frame);
        platform::Pixels px = presenter.read_pixels(0);
        return media::Image{px.width, px.height, std::move(px.rgba)};
    }

    static viewer::ViewerInput pointing_at(double yaw, double pitch) {
        viewer::ViewerInput in;
        in.pointer = viewer::Ray{glm::dvec3(0.0), math::direction_from_yaw_pitch(yaw, pitch)};
        return in;
    }

    fs::path dir;
    tour::Tour tour;
    std::optional<text::FontLibrary> fonts;
};

} // namespace

TEST_F(SceneGolden, MarkersPlainAndHovered) {
    viewer::Viewer viewer(tour);
    viewer.update(0.0, {});
    EXPECT_TRUE(test::matches_golden(draw(viewer), "markers_plain"));
    viewer.update(0.1, pointing_at(15, 5)); // hover the info marker: larger, lit, its exhibit title below
    const auto hs = viewer.hotspots();
    ASSERT_EQ(hs.size(), 2u);
    EXPECT_TRUE(hs[1].hovered);
    EXPECT_TRUE(test::matches_golden(draw(viewer), "markers_hovered"));
}

TEST_F(SceneGolden, InfoPanelWithChineseAndEnglish) {
    viewer::Viewer viewer(tour);
    viewer.update(0.0, {});
    viewer::ViewerInput click = pointing_at(15, 5);
    click.select = true;
    viewer.update(0.1, click);
    ASSERT_TRUE(viewer.panel().has_value());
    // As on the desktop: the view turns to face the panel, and the pointer rests on it.
    const math::YawPitch at = math::yaw_pitch_from_direction(viewer.panel()->centre);
    viewer.look_at(at.yaw, at.pitch);
    viewer.update(0.2, pointing_at(at.yaw, at.pitch));
    EXPECT_TRUE(viewer.panel()->hovered);
    EXPECT_FALSE(viewer.hovered().has_value());
    EXPECT_TRUE(test::matches_golden(draw(viewer, 800, 500), "panel_zh"));
    viewer::ViewerInput lang = pointing_at(at.yaw, at.pitch);
    lang.cycle_language = true;
    viewer.update(0.3, lang);
    EXPECT_EQ(viewer.language(), "en");
    EXPECT_TRUE(test::matches_golden(draw(viewer, 800, 500), "panel_en"));
}

// The scene goldens can fail: they see a marker moved by a fraction of a degree and one character of a panel changed.
static std::string replaced(std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
}

TEST_F(SceneGolden, GoldensSeeAMarkerMovedByAFractionOfADegree) {
    const auto moved = test::smallest_caught(
        "markers_plain", {0.05, 0.1, 0.2, 0.5},
        [&](double d) {
            load(replaced(k_tour, "at: {yaw: -20,", "at: {yaw: " + std::to_string(-20 + d) + ","));
            viewer::Viewer viewer(tour);
            viewer.update(0.0, {});
            return draw(viewer);
        },
        "degrees of the link marker's yaw");
    ASSERT_TRUE(moved.has_value());
    EXPECT_LE(*moved, 0.5);
}

TEST_F(SceneGolden, PanelGoldenSeesOneCharacterChanged) {
    // As InfoPanelWithChineseAndEnglish draws panel_en, with "1,200" (step 0) or "1,300" (step 1) in the body.
    const auto caught = test::smallest_caught(
        "panel_en", {1.0},
        [&](double step) {
            load(step == 0 ? k_tour : replaced(k_tour, "more than 1,200 events", "more than 1,300 events"));
            viewer::Viewer viewer(tour);
            viewer.update(0.0, {});
            viewer::ViewerInput click = pointing_at(15, 5);
            click.select = true;
            viewer.update(0.1, click);
            const math::YawPitch at = math::yaw_pitch_from_direction(viewer.panel()->centre);
            viewer.look_at(at.yaw, at.pitch);
            viewer.update(0.2, pointing_at(at.yaw, at.pitch));
            viewer::ViewerInput lang = pointing_at(at.yaw, at.pitch);
            lang.cycle_language = true;
            viewer.update(0.3, lang);
            return draw(viewer, 800, 500);
        },
        "character changed ('2' -> '3')");
    EXPECT_TRUE(caught.has_value());
}

// The duck opened by a click on its hotspot, turned by the tour's rotate, in front of a marker it partly hides; the
// marker is not hovered although the pointer is on its direction (the model takes the pointer).
namespace {
class SceneGoldenModel : public SceneGolden {
public:
    // `broken`: Duck.glb is not a model but a few bytes of text.
    media::Image open_duck(bool with_models, bool broken = false) {
        if (broken)
            std::ofstream(dir / "Duck.glb") << "not a model";
        else
            fs::copy_file(test::source_path("tests/data/models/duck/Duck.glb"), dir / "Duck.glb",
                          fs::copy_options::overwrite_existing);
        load(k_model_tour);
        viewer::Viewer viewer(tour);
        viewer.update(0.0, {});
        viewer::ViewerInput click = pointing_at(0, -5);
        click.select = true;
        viewer.update(0.1, click);
        EXPECT_TRUE(viewer.model().has_value());
        viewer.look_at(0, -5);
        viewer.update(0.1, pointing_at(9, -2));
        EXPECT_FALSE(viewer.hovered().has_value());
        EXPECT_TRUE(viewer.model() && viewer.model()->hovered);
        return draw(viewer, 480, 320, with_models);
    }
};
} // namespace

TEST_F(SceneGoldenModel, ModelExhibitOpenInTheScene) {
    EXPECT_TRUE(test::matches_golden(open_duck(true), "scene_model_duck"));
}

// The golden sees the model: the same scene drawn without it (step 1) is rejected.
TEST_F(SceneGoldenModel, GoldenSeesTheModelRemoved) {
    const auto caught = test::smallest_caught(
        "scene_model_duck", {1.0}, [&](double step) { return open_duck(step == 0); }, "model removed");
    EXPECT_TRUE(caught.has_value());
}

// A model that fails to load shows the placeholder with the message where the model would be (a dark red panel in
// the middle of the view), and the viewer goes on.
TEST_F(SceneGoldenModel, BrokenModelShowsThePlaceholder) {
    const media::Image broken = open_duck(true, true);
    const media::Image fine = open_duck(true);
    auto red_share = [](const media::Image& image) {
        int red = 0, all = 0;
        for (uint32_t y = image.height / 2 - 20; y < image.height / 2 + 20; ++y)
            for (uint32_t x = image.width / 2 - 60; x < image.width / 2 + 60; ++x, ++all) {
                const uint8_t* p = &image.rgba[(size_t(y) * image.width + x) * 4];
                red += p[0] > 90 && p[1] < 60 && p[2] < 60;
            }
        return double(red) / all;
    };
    EXPECT_GT(red_share(broken), 0.3);
    EXPECT_LT(red_share(fine), 0.05);
}
