// Checks on the shape of a tour file: unknown keys, wrong types, missing fields, angles, languages.
// Each test feeds a deliberately broken tour and asserts the exact line and column of each message.
#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

TEST(TourStructure, UnknownKeysSuggestTheNearestKnownKey) {
    const LoadResult r = load_text(R"(tour:
  titel: Hall
scenes:
  - id: a
    panorama: a.jpg
    hotspot: []
    view: {yaw: 0, pich: 3}
  - id: b
    panorama: b.jpg
    colour: red
)");
    EXPECT_FALSE(r.ok());
    expect_diagnostic(r, "unknown key `titel` (did you mean `title`?)", 2, 3, Severity::Error, "tour.titel");
    expect_diagnostic(r, "unknown key `hotspot` (did you mean `hotspots`?)", 6, 5, Severity::Error,
                      "scenes[0].hotspot");
    expect_diagnostic(r, "unknown key `pich` (did you mean `pitch`?)", 7, 20, Severity::Error, "scenes[0].view.pich");
    expect_diagnostic(r, "unknown key `colour`; known keys here: id title panorama north view hotspots", 10, 5);
    // The title is then missing as well, and reported at the `tour` map.
    expect_diagnostic(r, "missing required key `title`", 2, 3, Severity::Error, "tour.title");
}

TEST(TourStructure, RepeatedKeysAreErrors) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: a
    panorama: a.jpg
    id: b
)");
    expect_diagnostic(r, "key `id` appears twice (first at line 3)", 5, 5, Severity::Error, "scenes[0].id");
}

TEST(TourStructure, WrongTypesNameWhatWasFound) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: [a, b]
    panorama: a.jpg
    north: east
    view: {yaw: "90", hfov: }
    hotspots: {id: h}
  - just a string
exhibits: yes
)");
    expect_diagnostic(r, "expected a string, found a list", 3, 9, Severity::Error, "scenes[0].id");
    expect_diagnostic(r, "expected a number, found `east`", 5, 12, Severity::Error, "scenes[0].north");
    expect_diagnostic(r, "expected a number, found `90` (remove the quotes)", 6, 17, Severity::Error,
                      "scenes[0].view.yaw");
    expect_diagnostic(r, "expected a number, found nothing", 6, 23, Severity::Error, "scenes[0].view.hfov");
    expect_diagnostic(r, "expected a list, found a map", 7, 15, Severity::Error, "scenes[0].hotspots");
    expect_diagnostic(r, "expected a scene (a map with `id` and `panorama`), found a plain value", 8, 5,
                      Severity::Error, "scenes[1]");
    expect_diagnostic(r, "expected a list, found a plain value", 9, 11, Severity::Error, "exhibits");
}

TEST(TourStructure, MissingRequiredFieldsAreReportedAtTheirMap) {
    const LoadResult r = load_text(R"(tour:
  start: a
scenes:
  - id: a
    hotspots:
      - id: h1
        at: {yaw: 10}
      - kind: link
        at: {yaw: 0, pitch: 0}
      - kind: info
        at: {yaw: 0, pitch: 0}
exhibits:
  - {text: no id, title: T}
)");
    expect_diagnostic(r, "missing required key `title`", 2, 3, Severity::Error, "tour.title");
    expect_diagnostic(r, "missing required key `panorama`", 4, 5, Severity::Error, "scenes[0].panorama");
    expect_diagnostic(r, "missing required key `kind`", 6, 9, Severity::Error, "scenes[0].hotspots[0].kind");
    expect_diagnostic(r, "missing required key `pitch`", 7, 13, Severity::Error, "scenes[0].hotspots[0].at.pitch");
    expect_diagnostic(r, "missing required key `target`", 8, 9, Severity::Error, "scenes[0].hotspots[1].target");
    expect_diagnostic(r, "missing required key `exhibit`", 10, 9, Severity::Error, "scenes[0].hotspots[2].exhibit");
    expect_diagnostic(r, "missing required key `id`", 13, 5, Severity::Error, "exhibits[0].id");
}

TEST(TourStructure, MissingTopLevelBlocks) {
    const LoadResult r = load_text("exhibits: []\n");
    expect_diagnostic(r, "missing required key `tour`", 1, 1, Severity::Error, "tour");
    expect_diagnostic(r, "missing required key `scenes`", 1, 1, Severity::Error, "scenes");
}

TEST(TourStructure, AnglesOutOfRange) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: a
    panorama: a.jpg
    view: {yaw: 540, pitch: 95, hfov: 5}
    hotspots:
      - kind: link
        at: {yaw: -720, pitch: -91}
        target: a
        arrive: {pitch: same-azimuth, hfov: 171}
  - id: b
    panorama: {image: b.jpg, haov: 400, vaov: 120, voffset: 40}
)");
    expect_diagnostic(r, "pitch 95 is out of range: from -90 (straight down) to 90 (straight up)", 5, 29,
                      Severity::Error, "scenes[0].view.pitch");
    expect_diagnostic(r, "hfov 5 is out of range: from 10 to 170 degrees", 5, 39, Severity::Error,
                      "scenes[0].view.hfov");
    expect_diagnostic(r, "pitch -91 is out of range", 8, 32, Severity::Error, "scenes[0].hotspots[0].at.pitch");
    expect_diagnostic(r, "`same-azimuth` applies to yaw only", 10, 25, Severity::Error,
                      "scenes[0].hotspots[0].arrive.pitch");
    expect_diagnostic(r, "hfov 171 is out of range", 10, 45, Severity::Error, "scenes[0].hotspots[0].arrive.hfov");
    expect_diagnostic(r, "haov 400 is out of range: from 1 to 360 degrees", 12, 36, Severity::Error,
                      "scenes[1].panorama.haov");
    expect_diagnostic(r, "vaov / 2 + |voffset| exceeds 90", 12, 61, Severity::Error, "scenes[1].panorama.voffset");
    // Yaw has no range: any value is wrapped into (-180, 180]. Nothing is reported about yaw 540 or -720.
    EXPECT_EQ(find(r, "yaw 540"), nullptr) << dump(r);
    EXPECT_EQ(find(r, "yaw -720"), nullptr) << dump(r);
}

TEST(TourStructure, DwellTimeIsReadAndRangeChecked) {
    const LoadResult bad = load_text("tour: {title: x, dwell: 20}\nscenes:\n  - {id: a, panorama: a.jpg}\n");
    expect_diagnostic(bad, "dwell 20 is out of range: from 0.3 to 10 seconds", 1, 25, Severity::Error, "tour.dwell");
    const LoadResult good = load_text("tour: {title: x, dwell: 1.5}\nscenes:\n  - {id: a, panorama: a.jpg}\n");
    ASSERT_TRUE(good.ok()) << dump(good);
    EXPECT_EQ(good.tour->dwell_seconds, 1.5);
}

TEST(TourStructure, YawIsWrappedNotRefused) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: a
    panorama: a.jpg
    north: -190
    view: {yaw: 540}
    hotspots:
      - {kind: link, at: {yaw: 181, pitch: 0}, target: a, arrive: {yaw: 360}}
)");
    ASSERT_TRUE(r.ok()) << dump(r);
    const Scene& s = r.tour->scenes[0];
    EXPECT_DOUBLE_EQ(s.north, 170);
    EXPECT_DOUBLE_EQ(s.view.yaw, 180);
    EXPECT_DOUBLE_EQ(s.hotspots[0].yaw, -179);
    EXPECT_DOUBLE_EQ(s.hotspots[0].arrive.yaw.value, 0);
}

TEST(TourStructure, UnknownEnumValuesSuggestTheNearestOne) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: a
    panorama: {image: a.jpg, stereo: top-botom}
    hotspots:
      - {kind: lnk, at: {yaw: 0, pitch: 0}, target: a}
      - {kind: video, at: {yaw: 0, pitch: 0}}
      - {kind: link, at: {yaw: 0, pitch: 0}, target: a, arrive: later}
)");
    expect_diagnostic(r, "unknown stereo layout `top-botom` (did you mean `top-bottom`?)", 4, 38);
    expect_diagnostic(r, "unknown hotspot kind `lnk` (did you mean `link`?)", 6, 16);
    expect_diagnostic(r, "unknown hotspot kind `video` (link, info, media or model)", 7, 16);
    expect_diagnostic(r, "expected `same`, `same-azimuth` or a map {yaw, pitch, hfov}, found `later`", 8, 65);
}

TEST(TourStructure, KeysOfOtherHotspotKindsAreRefused) {
    const LoadResult r = load_text(R"(tour: {title: x}
scenes:
  - id: a
    panorama: a.jpg
    hotspots:
      - {kind: link, at: {yaw: 0, pitch: 0}, target: a, exhibit: x}
      - {kind: info, at: {yaw: 0, pitch: 0}, exhibit: x, target: a}
exhibits:
  - {id: x, title: X}
)");
    expect_diagnostic(r, "a link hotspot shows no exhibit", 6, 57, Severity::Error, "scenes[0].hotspots[0].exhibit");
    expect_diagnostic(r, "only link hotspots have a `target`", 7, 58, Severity::Error, "scenes[0].hotspots[1].target");
}

TEST(TourStructure, LanguagesMustBeDeclared) {
    const LoadResult r = load_text(R"(tour:
  title: {zh: 大厅, en: Hall, fr: Salle}
  languages: [zh, en, en, 中文]
scenes:
  - id: a
    title: {zh: 大厅, eng: Hall}
    panorama: a.jpg
)");
    expect_diagnostic(r, "language `fr` is not declared in tour.languages (zh, en)", 2, 29, Severity::Error,
                      "tour.title.fr");
    expect_diagnostic(r, "language `en` is listed twice", 3, 23, Severity::Error, "tour.languages[2]");
    expect_diagnostic(r, "not a language code: `中文`", 3, 27, Severity::Error, "tour.languages[3]");
    expect_diagnostic(r, "language `eng` is not declared in tour.languages (zh, en) (did you mean `en`?)", 6, 21);
    expect_diagnostic(r, "no `en` text; visitors reading en see zh instead", 6, 12, Severity::Warning,
                      "scenes[0].title");
}

TEST(TourStructure, LanguageMapsNeedDeclaredLanguages) {
    const LoadResult r = load_text(R"(tour:
  title: {zh: 大厅}
scenes:
  - {id: a, panorama: a.jpg}
)");
    expect_diagnostic(r, "language `zh` is not declared in tour.languages (no languages; add `languages: [zh]`", 2, 11);
}

TEST(TourStructure, PlainStringsMeanTheDefaultLanguage) {
    const LoadResult r = load_text(R"(tour:
  title: 海洋厅
  languages: [zh, en]
scenes:
  - {id: a, panorama: a.jpg}
)");
    ASSERT_TRUE(r.ok()) << dump(r);
    EXPECT_EQ(r.tour->title.by_language.at("zh"), "海洋厅");
    EXPECT_EQ(r.tour->title.get("en", r.tour->default_language()), "海洋厅");
}

TEST(TourStructure, ColumnsCountCharactersNotBytes) {
    const LoadResult r = load_text(R"(tour: {title: 海洋生物厅, 标题: x}
scenes:
  - {id: a, panorama: a.jpg}
)");
    expect_diagnostic(r, "unknown key `标题`", 1, 22);
}

TEST(TourStructure, ProblemsAreSortedByPosition) {
    const LoadResult r = load_text(R"(tour: {title: x, start: nowhere}
scenes:
  - id: a
    panorama: a.jpg
    view: {pitch: 100}
    hotspots:
      - {kind: link, at: {yaw: 0, pitch: 0}, target: b}
  - id: a
    panorama: a.jpg
    extra: 1
)");
    ASSERT_GE(r.diagnostics.size(), 4u) << dump(r);
    for (std::size_t i = 1; i < r.diagnostics.size(); ++i) {
        const Diagnostic& a = r.diagnostics[i - 1];
        const Diagnostic& b = r.diagnostics[i];
        EXPECT_TRUE(a.line < b.line || (a.line == b.line && a.col <= b.col)) << dump(r);
    }
}

} // namespace
} // namespace vrex::tour::test
