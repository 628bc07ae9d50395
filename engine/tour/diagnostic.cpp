#include "tour/diagnostic.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace vrex::tour {
namespace {

std::string_view severity_name(Severity s) {
    return s == Severity::Error ? "error" : "warning";
}

// Length of a valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    return n;
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else if (c >= 0x80) {
            const std::size_t n = utf8_sequence(s, i);
            out += n ? std::string(s.substr(i, n)) : "\\ufffd";
            i += n ? n : 1;
            continue;
        } else {
            out += static_cast<char>(c);
        }
        ++i;
    }
    out += '"';
}

} // namespace

std::string format_diagnostic(const Diagnostic& d) {
    std::ostringstream r;
    r << d.file;
    if (d.line > 0) r << ':' << d.line << ':' << std::max(d.col, 1);
    r << ": " << severity_name(d.severity) << ": " << d.message;
    if (!d.field_path.empty()) r << " (" << d.field_path << ')';
    return r.str();
}

std::string diagnostics_to_json(const std::vector<Diagnostic>& diagnostics) {
    std::string out = "{\"errors\":" + std::to_string(count_errors(diagnostics)) +
                      ",\"warnings\":" + std::to_string(count_warnings(diagnostics)) + ",\"diagnostics\":[";
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const Diagnostic& d = diagnostics[i];
        out += i ? ",\n  {" : "\n  {";
        out += "\"file\":";
        append_json_string(out, d.file);
        out += ",\"line\":" + std::to_string(d.line) + ",\"column\":" + std::to_string(d.col) + ",\"severity\":\"";
        out += severity_name(d.severity);
        out += "\",\"message\":";
        append_json_string(out, d.message);
        out += ",\"path\":";
        append_json_string(out, d.field_path);
        out += "}";
    }
    out += diagnostics.empty() ? "]}\n" : "\n]}\n";
    return out;
}

std::size_t count_errors(const std::vector<Diagnostic>& diagnostics) {
    return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                  [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

std::size_t count_warnings(const std::vector<Diagnostic>& diagnostics) {
    return diagnostics.size() - count_errors(diagnostics);
}

} // namespace vrex::tour
