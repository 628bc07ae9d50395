#include "tour_test_util.hpp"

#include <stb_image_write.h>

#include <array>
#include <fstream>
#include <random>
#include <vector>

namespace vrex::tour::test {

TempDir::TempDir() {
    std::random_device rd;
    m_path = fs::temp_directory_path() / ("vrex-tour-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

fs::path TempDir::write(const fs::path& relative, std::string_view content) const {
    const fs::path p = m_path / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
    return p;
}

fs::path TempDir::write_png(const fs::path& relative, int width, int height) const {
    const fs::path p = m_path / relative;
    fs::create_directories(p.parent_path());
    std::vector<unsigned char> grey(static_cast<size_t>(width) * height, 128);
    EXPECT_NE(stbi_write_png(p.string().c_str(), width, height, 1, grey.data(), width), 0) << p;
    return p;
}

namespace {

std::optional<ImageSize> png_size(const std::vector<unsigned char>& b) {
    if (b.size() < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') return std::nullopt;
    const auto be32 = [&](size_t i) {
        return int(b[i]) << 24 | int(b[i + 1]) << 16 | int(b[i + 2]) << 8 | int(b[i + 3]);
    };
    return ImageSize{be32(16), be32(20)};
}

std::optional<ImageSize> jpeg_size(const std::vector<unsigned char>& b) {
    // Walk the markers to the first start-of-frame (SOF0..SOF15 except DHT, JPG, DAC).
    size_t i = 2;
    while (i + 9 < b.size()) {
        if (b[i] != 0xFF) return std::nullopt;
        const unsigned char m = b[i + 1];
        const size_t len = size_t(b[i + 2]) << 8 | b[i + 3];
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
            return ImageSize{int(b[i + 7]) << 8 | b[i + 8], int(b[i + 5]) << 8 | b[i + 6]};
        i += 2 + len;
    }
    return std::nullopt;
}

} // namespace

std::optional<ImageSize> probe_image_header(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    static constexpr std::array<unsigned char, 8> k_png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (b.size() >= 8 && std::equal(k_png.begin(), k_png.end(), b.begin())) return png_size(b);
    if (b.size() >= 4 && b[0] == 0xFF && b[1] == 0xD8) return jpeg_size(b);
    return std::nullopt;
}

LoadOptions options_with_probe() {
    LoadOptions o;
    o.probe_image = [](const fs::path& file) -> core::Expected<ImageSize, std::string> {
        if (std::optional<ImageSize> size = probe_image_header(file)) return *size;
        return core::unexpected(file.string() + ": not a PNG or JPEG");
    };
    return o;
}

LoadOptions options_without_files() {
    LoadOptions o;
    o.check_files = false;
    return o;
}

LoadResult load_text(std::string_view text, const TempDir& dir) {
    return load_tour_from_string(text, dir.path() / "tour.yaml", options_with_probe());
}

LoadResult load_text(std::string_view text) {
    return load_tour_from_string(text, "virtual/tour.yaml", options_without_files());
}

const Diagnostic* find(const LoadResult& r, std::string_view needle) {
    for (const Diagnostic& d : r.diagnostics)
        if (d.message.find(needle) != std::string::npos) return &d;
    return nullptr;
}

void expect_diagnostic(const LoadResult& r, std::string_view needle, int line, int col, Severity severity,
                       std::string_view field_path) {
    int matches = 0;
    for (const Diagnostic& d : r.diagnostics) {
        if (d.message.find(needle) == std::string::npos) continue;
        ++matches;
        EXPECT_EQ(d.line, line) << d.message;
        EXPECT_EQ(d.col, col) << d.message;
        EXPECT_EQ(d.severity, severity) << d.message;
        if (!field_path.empty()) {
            EXPECT_EQ(d.field_path, field_path) << d.message;
        }
    }
    EXPECT_EQ(matches, 1) << "diagnostics containing \"" << needle << "\":\n" << dump(r);
}

namespace {

// Line lengths of `text` in bytes (a column counted in characters is never more than the bytes of its line).
std::vector<std::size_t> line_lengths(std::string_view text) {
    std::vector<std::size_t> lengths{0};
    for (char c : text) {
        if (c == '\n')
            lengths.push_back(0);
        else
            ++lengths.back();
    }
    return lengths;
}

} // namespace

::testing::AssertionResult well_formed(const LoadResult& r, std::string_view text, const fs::path& file) {
    const std::size_t errors = count_errors(r.diagnostics);
    if (r.ok() != (errors == 0))
        return ::testing::AssertionFailure()
               << (r.ok() ? "a tour despite " : "no tour and no error; ") << errors << " error(s):\n"
               << dump(r);
    if (r.ok() && r.tour->scenes.empty()) return ::testing::AssertionFailure() << "a tour without scenes";
    const std::vector<std::size_t> lines = line_lengths(text);
    std::pair<int, int> previous{0, 0};
    for (const Diagnostic& d : r.diagnostics) {
        const std::string where = format_diagnostic(d);
        if (d.message.empty()) return ::testing::AssertionFailure() << "an empty message: " << where;
        if (d.file != file.string()) return ::testing::AssertionFailure() << "names another file: " << where;
        const bool whole_file = d.line == 0 && d.col == 0;
        const bool inside = d.line >= 1 && std::size_t(d.line) <= lines.size() && d.col >= 1 &&
                            std::size_t(d.col) <= lines[std::size_t(d.line) - 1] + 1;
        if (!whole_file && !inside) return ::testing::AssertionFailure() << "points outside the text: " << where;
        if (std::pair{d.line, d.col} < previous) return ::testing::AssertionFailure() << "out of order: " << where;
        previous = {d.line, d.col};
    }
    return ::testing::AssertionSuccess();
}

std::string dump(const LoadResult& r) {
    std::string s;
    for (const Diagnostic& d : r.diagnostics) s += format_diagnostic(d) + "\n";
    return s;
}

} // namespace vrex::tour::test
