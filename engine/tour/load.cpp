// Reading the file, the checks that come before YAML (size, encoding), the YAML parse, and the steps after.
#include "tour/load.hpp"

#include <yaml-cpp/depthguard.h>

#include <cstdio>

#include "core/file.hpp"
#include "tour/parse.hpp"

namespace vrex::tour {
namespace {

namespace fs = std::filesystem;

Diagnostic file_error(const fs::path& file, std::string message, int line = 0, int col = 0) {
    return {Severity::Error, file.string(), line, col, std::move(message), ""};
}

LoadResult failed(Diagnostic d) {
    LoadResult r;
    r.diagnostics.push_back(std::move(d));
    return r;
}

std::string megabytes(std::size_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / (1 << 20));
    return buf;
}

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not valid UTF-8 (overlong forms,
// surrogates and code points past U+10FFFF included).
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((b(i + k) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0; // surrogate
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0; // past U+10FFFF
    return n;
}

// YAML files are text: UTF-8, no control characters but tab, CR and LF. Binary files and files saved in a
// legacy encoding (GBK, Latin-1) stop here with a message that says so.
std::optional<Diagnostic> check_encoding(std::string_view text, const fs::path& file) {
    if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
        return file_error(file, "the file is UTF-16 text; save it as UTF-8", 1, 1);
    int line = 1, col = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t n = utf8_length(text, i);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", c);
        if (n == 0)
            return file_error(file, std::string("the file is not UTF-8 text (byte ") + hex + "); save it as UTF-8",
                              line, col);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            return file_error(file, std::string("control character ") + hex + " in the file; is it a binary file?",
                              line, col);
        if (c == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
        i += n;
    }
    return std::nullopt;
}

// The line (0-based) of a `---` that starts a second document, if any. A tour is one document; yaml-cpp's LoadAll
// is not used because version 0.7 loops forever, allocating, on some broken input (a lone `,`: yaml-cpp PR #1319).
std::optional<int> second_document_line(std::string_view text) {
    bool content = false;
    int line = 0;
    for (std::size_t start = 0; start < text.size(); ++line) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view l = text.substr(start, end - start);
        const bool marker = l.substr(0, 3) == "---" && (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r');
        if (marker && content) return line;
        const std::size_t first = l.find_first_not_of(" \t\r");
        if (!marker && first != std::string_view::npos && l[first] != '#' && l[first] != '%') content = true;
        start = end + 1;
    }
    return std::nullopt;
}

// Parses the text into one YAML document. yaml-cpp reports only its first syntax error.
std::optional<YAML::Node> parse_yaml(detail::Context& ctx, const std::string& text) {
    try {
        if (std::optional<int> line = second_document_line(text)) {
            YAML::Mark at;
            at.line = *line;
            ctx.error(ctx.pos(at), "", "a tour file holds one YAML document; remove this `---` and what follows");
            return std::nullopt;
        }
        return YAML::Load(text);
    } catch (const YAML::DeepRecursion& e) {
        ctx.error(ctx.pos(e.mark), "",
                  "the file nests too deeply (more than " + std::to_string(e.depth()) + " levels)");
    } catch (const YAML::Exception& e) {
        detail::SyntaxError explained = detail::explain_syntax_error(text, e);
        ctx.error(ctx.pos(explained.mark), "", std::move(explained.message));
    } catch (const std::exception& e) {
        ctx.error({}, "", std::string("cannot read the file: ") + e.what());
    }
    return std::nullopt;
}

} // namespace

LoadResult load_tour(const fs::path& path, const LoadOptions& options) {
    std::error_code ec;
    fs::path file = path;
    if (fs::is_directory(path, ec)) {
        file = path / "tour.yaml";
        if (!fs::exists(file, ec)) return failed(file_error(path, "this is a folder, and it holds no tour.yaml"));
    }
    const auto size = fs::file_size(file, ec);
    if (!ec && size > options.max_file_bytes)
        return failed(file_error(file, "the file is " + megabytes(size) + "; a tour file may be at most " +
                                           megabytes(options.max_file_bytes)));
    auto bytes = core::read_file(file);
    if (!bytes) return failed(file_error(file, bytes.error()));
    const std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    return load_tour_from_string(text, file, options);
}

LoadResult load_tour_from_string(std::string_view text, const fs::path& virtual_path, const LoadOptions& options) {
    if (text.size() > options.max_file_bytes)
        return failed(file_error(virtual_path, "the file is " + megabytes(text.size()) +
                                                   "; a tour file may be at most " +
                                                   megabytes(options.max_file_bytes)));
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3); // yaml-cpp counts columns without the BOM
    if (std::optional<Diagnostic> d = check_encoding(text, virtual_path)) return failed(std::move(*d));

    const std::string owned(text);
    detail::Context ctx(virtual_path.string(), owned);
    Tour tour;
    tour.file = virtual_path;
    tour.folder = virtual_path.parent_path();
    if (std::optional<YAML::Node> root = parse_yaml(ctx, owned)) {
        try {
            detail::parse_document(ctx, *root, tour);
            detail::check_references(ctx, tour);
            detail::check_files(ctx, tour, options);
        } catch (const std::exception& e) {
            // Only a bug (or memory exhaustion) gets here; it is still a diagnostic, not a crash.
            ctx.error({}, "", std::string("internal error while checking the tour: ") + e.what());
        }
    }
    LoadResult result;
    if (!ctx.has_errors()) result.tour = std::move(tour);
    result.diagnostics = ctx.take_diagnostics();
    return result;
}

} // namespace vrex::tour
