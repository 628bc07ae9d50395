// YAML syntax errors, and files that are not tours at all: the loader answers with diagnostics, never a crash.
#include <chrono>
#include <fstream>

#include "tour_test_util.hpp"

namespace vrex::tour::test {
namespace {

TEST(TourSyntax, UnclosedFlowMap) {
    const LoadResult r = load_text("tour: {title: x\nscenes: []\n");
    EXPECT_FALSE(r.ok());
    ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
    expect_diagnostic(r, "YAML syntax error: this `{` is never closed with `}`", 1, 7);
}

TEST(TourSyntax, TabsInIndentation) {
    const LoadResult r = load_text("tour:\n  title: x\nscenes:\n\t- id: a\n");
    expect_diagnostic(r, "YAML syntax error: illegal block entry (YAML indents with spaces; this line has a tab)", 4,
                      2);
}

TEST(TourSyntax, MapValueWhereNoneMayBe) {
    const LoadResult r = load_text("tour:\n  title: 海洋厅: 大厅\n");
    // The column counts characters: `海洋厅` is three of them.
    expect_diagnostic(r, "YAML syntax error: illegal map value", 2, 13);
}

TEST(TourSyntax, UndefinedAlias) {
    const LoadResult r = load_text("tour: {title: *name}\nscenes: []\n");
    expect_diagnostic(r, "YAML syntax error: the referenced anchor is not defined", 1, 15);
}

TEST(TourSyntax, SecondDocumentIsRefused) {
    const LoadResult r = load_text("tour: {title: x}\nscenes: [{id: a, panorama: a.jpg}]\n---\nmore: 1\n");
    expect_diagnostic(r, "a tour file holds one YAML document; remove this `---` and what follows", 3, 1);
    // A `---` before the content only starts the first document.
    EXPECT_TRUE(load_text("# comment\n---\ntour: {title: x}\nscenes: [{id: a, panorama: a.jpg}]\n").ok());
}

TEST(TourSyntax, InputsThatTrippedYamlCppBefore) {
    // Inputs from yaml-cpp bug reports (hangs, runaway allocation, crashes in older versions). Each must come back
    // as diagnostics.
    for (const char* text : {"[:", "{:", "[[:", "{!\xdb:", "{# ke\ny{:", "bad YAML: [", "\n,\n", "- ,", "{,}", "? ,",
                             "&a ,", "*a", "%YAML 1.2", "---\n,", "..."}) {
        const LoadResult r = load_text(text);
        EXPECT_FALSE(r.ok()) << text;
        EXPECT_FALSE(r.diagnostics.empty()) << text;
    }
}

TEST(TourSyntax, LoneCommaDoesNotHang) {
    // yaml-cpp 0.7's LoadAll loops forever on this, allocating until the machine runs out of memory.
    const LoadResult r = load_text(",");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);
}

TEST(TourSyntax, TruncatedFile) {
    const std::string full = R"(tour: {title: x}
scenes:
  - id: a
    panorama: a.jpg
    hotspots:
      - {kind: link, at: {yaw: 0, pitch: 0}, target: a}
)";
    // Every prefix of a good file is either fine or a list of diagnostics.
    for (std::size_t n = 0; n < full.size(); ++n) {
        const LoadResult r = load_text(full.substr(0, n));
        EXPECT_TRUE(well_formed(r, full.substr(0, n), "virtual/tour.yaml")) << "cut after " << n << " bytes";
        // Cut before the first scene has a panorama, or inside the hotspot's flow map: an error.
        const bool no_panorama = n < full.find("a.jpg");
        const bool open_map = n > full.find("{kind") && n <= full.find("target: a}") + 9;
        if (no_panorama || open_map) EXPECT_FALSE(r.ok()) << "cut after " << n << " bytes";
    }
    EXPECT_TRUE(load_text(full).ok()) << dump(load_text(full));
    const LoadResult r = load_text(full.substr(0, full.find("pitch: 0}")));
    expect_diagnostic(r, "YAML syntax error: this `{` is never closed with `}`", 6, 9);
}

TEST(TourSyntax, EmptyFile) {
    expect_diagnostic(load_text(""), "the tour is empty", 1, 1);
    expect_diagnostic(load_text("# only a comment\n\n"), "the tour is empty", 1, 1);
}

TEST(TourSyntax, TopLevelIsNotAMap) {
    expect_diagnostic(load_text("- a\n- b\n"), "expected a map with `tour` and `scenes` at the top, found a list", 1,
                      1);
}

TEST(TourSyntax, BinaryGarbage) {
    std::string garbage;
    unsigned state = 12345;
    for (int i = 0; i < 4096; ++i) {
        state = state * 1103515245u + 12345u;
        garbage += static_cast<char>(state >> 16);
    }
    const LoadResult r = load_text(garbage);
    EXPECT_FALSE(r.ok());
    ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
    EXPECT_EQ(r.diagnostics[0].line, 1) << dump(r);
}

TEST(TourSyntax, LegacyEncodingsAreNamed) {
    // "标题" in GBK, as a curator's editor might save it.
    const LoadResult r = load_text("tour:\n  title: \xB1\xEA\xCC\xE2\n");
    expect_diagnostic(r, "the file is not UTF-8 text (byte 0xB1); save it as UTF-8", 2, 10);
    expect_diagnostic(load_text("\xFF\xFEt\0o\0"), "the file is UTF-16 text; save it as UTF-8", 1, 1);
    expect_diagnostic(load_text(std::string("tour:\n  ti\0tle: x\n", 17)), "control character 0x00", 2, 5);
}

TEST(TourSyntax, ByteOrderMarkIsAccepted) {
    const LoadResult r = load_text("\xEF\xBB\xBFtour: {title: x, tilte: y}\nscenes: [{id: a, panorama: a.jpg}]\n");
    expect_diagnostic(r, "unknown key `tilte`", 1, 18);
}

TEST(TourSyntax, WindowsLineEndings) {
    const LoadResult r = load_text("tour:\r\n  title: x\r\n  strat: a\r\nscenes: [{id: a, panorama: a.jpg}]\r\n");
    expect_diagnostic(r, "unknown key `strat` (did you mean `start`?)", 3, 3);
}

TEST(TourSyntax, DeepNestingIsRefusedNotOverflowed) {
    const int depth = 10000;
    const std::vector<std::string> files = {
        std::string("tour: ").append(depth, '[').append(depth, ']'),
        std::string("tour: ").append(depth, '['),
        [] {
            std::string s = "tour: ";
            for (int i = 0; i < depth; ++i) s += "{k: ";
            s += 'x';
            s.append(depth, '}');
            return s;
        }(),
        [] {
            std::string s = "scenes:\n";
            for (int i = 0; i < depth; ++i) s += "- ";
            return s + "x\n";
        }(),
    };
    for (const std::string& text : files) {
        const LoadResult r = load_tour_from_string(text, "deep/tour.yaml", options_without_files());
        EXPECT_FALSE(r.ok());
        ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
        EXPECT_NE(r.diagnostics[0].message.find("nests too deeply"), std::string::npos) << dump(r);
        EXPECT_GT(r.diagnostics[0].line, 0);
    }
}

TEST(TourSyntax, AliasesCannotMultiplyTheWork) {
    // 2 000 scenes, each an alias of one with 2 000 hotspots: four million hotspots if read naively.
    std::string s = "tour: {title: x}\nscenes:\n  - &s {id: s, panorama: a.jpg, hotspots: [";
    for (int i = 0; i < 2000; ++i) s += "{kind: link, at: {yaw: 0, pitch: 0}, target: s},";
    s += "]}\n";
    for (int i = 0; i < 2000; ++i) s += "  - *s\n";
    const auto t0 = std::chrono::steady_clock::now();
    const LoadResult r = load_tour_from_string(s, "alias/tour.yaml", options_without_files());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_FALSE(r.ok());
    EXPECT_NE(find(r, "entries; the rest is not read"), nullptr);
    EXPECT_LT(seconds, 30.0) << "no timing assertion is meant here, only a bound against runaway work";
}

TEST(TourSyntax, HugeFileIsRefusedUnread) {
    TempDir dir;
    const fs::path file = dir.path() / "tour.yaml";
    {
        std::ofstream out(file, std::ios::binary);
        out << "tour: {title: huge}\nscenes:\n";
        const std::string scene = "  - {id: s, panorama: a.jpg, hotspots: [{kind: link, at: {yaw: 0, pitch: 0}, "
                                  "target: s}]}\n";
        for (std::size_t written = 0; written < 50u << 20; written += scene.size()) out << scene;
    }
    ASSERT_GE(fs::file_size(file), 50u << 20);
    const LoadResult r = load_tour(file, options_without_files());
    EXPECT_FALSE(r.ok());
    expect_diagnostic(r, "the file is 50.0 MB; a tour file may be at most 4.0 MB", 0, 0);
    EXPECT_EQ(format_diagnostic(r.diagnostics.at(0)).rfind(file.string() + ": error: the file is 50.0 MB", 0), 0u);
}

TEST(TourSyntax, LargestAcceptedFileStillLoads) {
    // Just under the limit: parsed in full and answered with a tour or diagnostics.
    std::string text = "tour: {title: big}\nscenes:\n";
    for (int i = 0; text.size() < k_default_max_file_bytes - 200; ++i) {
        text += "  - {id: s" + std::to_string(i) +
                ", panorama: a.jpg, hotspots: [{kind: link, at: {yaw: 0, pitch: "
                "0}, target: s" +
                std::to_string(i + 1) + "}]}\n";
    }
    const LoadResult r = load_tour_from_string(text, "big/tour.yaml", options_without_files());
    ASSERT_EQ(count_errors(r.diagnostics), 1u) << "only the last link is broken";
    EXPECT_NE(find(r, "no scene with id"), nullptr);
}

TEST(TourSyntax, FileThatIsAFolder) {
    TempDir dir;
    const LoadResult r = load_tour(dir.path());
    expect_diagnostic(r, "this is a folder, and it holds no tour.yaml", 0, 0);
    EXPECT_EQ(r.diagnostics.at(0).file, dir.path().string());
}

TEST(TourSyntax, FolderWithATourLoadsIt) {
    TempDir dir;
    dir.write("tour.yaml", "tour: {title: x}\nscenes: [{id: a, panorama: a.jpg}]\n");
    const LoadResult r = load_tour(dir.path(), options_without_files());
    ASSERT_TRUE(r.ok()) << dump(r);
    EXPECT_EQ(r.tour->file, dir.path() / "tour.yaml");
}

TEST(TourSyntax, MissingFile) {
    const LoadResult r = load_tour("/nonexistent/tour.yaml");
    expect_diagnostic(r, "cannot open /nonexistent/tour.yaml: No such file or directory", 0, 0);
}

} // namespace
} // namespace vrex::tour::test

namespace vrex::tour::test {
namespace {

TEST(TourSyntax, MutatedToursNeverCrash) {
    // Deterministic fuzzing: the sample tour with bytes changed, deleted and repeated, and cut short.
    std::ifstream in(fs::path(VREX_SOURCE_DIR) / "scenes/museum/tour.yaml", std::ios::binary);
    const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_FALSE(original.empty());
    const std::string alphabet = "{}[]:,-#&*!|>'\"\n\t ?%@`\\0aZ9.\xE6\xB5\xB7\xFF";
    unsigned state = 2024;
    const auto next = [&](std::size_t n) {
        state = state * 1664525u + 1013904223u;
        return static_cast<std::size_t>(state >> 8) % n;
    };
    for (int round = 0; round < 2000; ++round) {
        std::string text = original;
        for (int edit = 0, edits = 1 + static_cast<int>(next(8)); edit < edits; ++edit) {
            const std::size_t at = next(text.size());
            switch (next(4)) {
            case 0:
                text[at] = alphabet[next(alphabet.size())];
                break;
            case 1:
                text.erase(at, 1 + next(20));
                break;
            case 2:
                text.insert(at, text.substr(next(text.size()), 1 + next(200)));
                break;
            default:
                text.resize(at);
                break;
            }
            if (text.empty()) text.push_back(',');
        }
        const LoadResult r = load_tour_from_string(text, "fuzz/tour.yaml", options_without_files());
        EXPECT_TRUE(well_formed(r, text, "fuzz/tour.yaml")) << "round " << round;
    }
}

} // namespace
} // namespace vrex::tour::test
