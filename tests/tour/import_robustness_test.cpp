// The importers on awkward and broken input: ids and texts the tour format would not take as they are, links to
// scenes that are not there, syntax errors with their line, every importer diagnostic naming the source.
#include "import_test_util.hpp"

namespace vrex::tour::test {
namespace {

LoadResult load_emitted(const ImportedTour& t, std::vector<Diagnostic>& diagnostics) {
    const std::string yaml = emit_tour_yaml(t, media_paths_beside_source(), diagnostics);
    LoadOptions options;
    options.check_files = false;
    return load_tour_from_string(yaml, "/made/up/tour.yaml", options);
}

TEST(ImportRobustness, IdsAndTextsAreMadeValid) {
    const ImportedTour t = parse_foreign_tour(ImportFormat::Pannellum, R"({
  "default": {"firstScene": "main hall"},
  "scenes": {
    "main hall": {"title": "The \"main\" hall:\n  # not a comment", "panorama": "a.jpg",
                  "hotSpots": [{"type": "scene", "sceneId": "main-hall", "yaw": 10, "pitch": 0, "text": "x: y"},
                               {"type": "scene", "sceneId": "nowhere", "yaw": 0, "pitch": 0}]},
    "main-hall": {"panorama": "b.jpg", "hotSpots": [{"type": "scene", "sceneId": "main hall", "yaw": 0, "pitch": 0}]}
  }
})",
                                              "tour.json");
    std::vector<Diagnostic> diagnostics = t.diagnostics;
    const LoadResult r = load_emitted(t, diagnostics);
    ASSERT_TRUE(r.ok()) << format_diagnostic(r.diagnostics.at(0));
    ASSERT_EQ(r.tour->scenes.size(), 2u);
    EXPECT_EQ(r.tour->scenes[0].id, "main-hall");
    EXPECT_EQ(r.tour->scenes[1].id, "main-hall-2"); // unique after the space became '-'
    EXPECT_EQ(r.tour->start, "main-hall");
    EXPECT_EQ(r.tour->scenes[0].title.get(""), "The \"main\" hall:\n  # not a comment");
    ASSERT_EQ(r.tour->scenes[0].hotspots.size(), 1u); // the link to `nowhere` is left out, with a warning
    EXPECT_EQ(r.tour->scenes[0].hotspots[0].target, "main-hall-2");
    EXPECT_EQ(r.tour->scenes[1].hotspots[0].target, "main-hall");
    EXPECT_NE(find_diagnostic(diagnostics, "`nowhere`"), nullptr);
}

TEST(ImportRobustness, SyntaxErrorsNameTheLine) {
    const ImportedTour json =
        parse_foreign_tour(ImportFormat::Pannellum, "{\n\"scenes\": {\n  \"a\": [1,,]\n}", "t.json");
    ASSERT_FALSE(json.diagnostics.empty());
    EXPECT_EQ(json.diagnostics[0].severity, Severity::Error);
    EXPECT_EQ(json.diagnostics[0].file, "t.json");
    EXPECT_GE(json.diagnostics[0].line, 3);
    const ImportedTour xml =
        parse_foreign_tour(ImportFormat::Krpano, "<krpano>\n<scene name='a'>\n<view </krpano>", "tour.xml");
    ASSERT_FALSE(xml.diagnostics.empty());
    EXPECT_EQ(xml.diagnostics[0].severity, Severity::Error);
    EXPECT_EQ(xml.diagnostics[0].line, 3);
    const ImportedTour js = parse_foreign_tour(ImportFormat::Marzipano, "no object here", "data.js");
    ASSERT_FALSE(js.diagnostics.empty());
    EXPECT_EQ(js.diagnostics[0].severity, Severity::Error);
}

TEST(ImportRobustness, DetectionLeavesVrexToursAlone) {
    EXPECT_EQ(detect_import_format("tour.yaml", "tour: {title: x}\nscenes: [{id: a, panorama: a.jpg}]\n"),
              ImportFormat::Unknown);
    EXPECT_EQ(detect_import_format("tour.json", R"({"scenes": [{"id": "a", "panorama": "a.jpg"}]})"),
              ImportFormat::Unknown);
    EXPECT_EQ(detect_import_format("x.xml", "<other/>"), ImportFormat::Unknown);
    EXPECT_EQ(detect_import_format("p.json", R"({"panorama": "a.jpg"})"), ImportFormat::Pannellum);
    EXPECT_EQ(detect_import_format("tour.xml", "<krpano/>"), ImportFormat::Krpano);
}

TEST(ImportRobustness, PathsLeavingTheFolderAreErrors) {
    const ImportedTour t =
        parse_foreign_tour(ImportFormat::Pannellum, R"({"panorama": "../../etc/a.jpg"})", "/x/p.json");
    std::vector<Diagnostic> diagnostics;
    (void)emit_tour_yaml(t, media_paths_beside_source(), diagnostics);
    const Diagnostic* d = find_diagnostic(diagnostics, "not inside the source's folder");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->severity, Severity::Error);
    EXPECT_EQ(d->file, "/x/p.json");
}

} // namespace
} // namespace vrex::tour::test
