// The complete tours in docs/authoring.md (fenced as ```yaml tour) are checked by `vrex lint`: each is written to a
// folder with stand-in media of the right shapes and must lint clean, without errors or warnings.
#include <fstream>
#include <sstream>

#include "app/lint_command.hpp"
#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

std::vector<std::string> guide_examples() {
    std::ifstream in(fs::path(VREX_SOURCE_DIR) / "docs/authoring.md");
    std::vector<std::string> examples;
    std::string line, current;
    bool inside = false;
    while (std::getline(in, line)) {
        if (!inside && line == "```yaml tour") {
            inside = true;
            current.clear();
        } else if (inside && line == "```") {
            inside = false;
            examples.push_back(current);
        } else if (inside) {
            current += line + "\n";
        }
    }
    return examples;
}

// Writes a PNG of the shape each panorama needs, small images for exhibits and a stand-in model.
void write_media(const TempDir& dir, const Tour& tour) {
    for (const Scene& s : tour.scenes) {
        const Panorama& p = s.panorama;
        for (const FileRef& face : p.cube) dir.write_png(face.written, 32, 32);
        if (p.kind == PanoramaKind::Cube) continue;
        const int width = p.stereo == StereoLayout::TopBottom ? 32 : p.stereo == StereoLayout::SideBySide ? 128 : 64;
        dir.write_png(p.image.written, width, 32);
    }
    for (const Exhibit& x : tour.exhibits) {
        for (const FileRef& image : x.images) dir.write_png(image.written, 16, 16);
        if (x.model) dir.write(x.model->written, "stand-in for a 3D model");
    }
}

TEST(TourAuthoringGuide, HasCompleteExamples) {
    EXPECT_GE(guide_examples().size(), 2u);
}

TEST(TourAuthoringGuide, EveryCompleteExampleLintsClean) {
    int n = 0;
    for (const std::string& example : guide_examples()) {
        SCOPED_TRACE("example " + std::to_string(++n) + ":\n" + example);
        TempDir dir;
        const fs::path file = dir.write("tour.yaml", example);
        const LoadResult shape = load_tour(file, options_without_files());
        ASSERT_TRUE(shape.ok()) << dump(shape);
        write_media(dir, *shape.tour);

        std::ostringstream out;
        EXPECT_EQ(app::run_lint({file, false, options_with_probe()}, out), 0);
        EXPECT_EQ(out.str(), "");
    }
}

} // namespace
} // namespace vrex::tour::test
