#include "log.hpp"

#include <cstdio>

namespace xrsim {

std::string json_quote(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
            out += escaped;
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

JsonLine::JsonLine(const std::string& event) {
    m_text = "{\"event\":";
    m_text += json_quote(event);
}

JsonLine& JsonLine::add(const std::string& key, const std::string& value) {
    return add_raw(key, json_quote(value));
}
JsonLine& JsonLine::add(const std::string& key, int64_t value) {
    return add_raw(key, std::to_string(value));
}
JsonLine& JsonLine::add(const std::string& key, bool value) {
    return add_raw(key, value ? "true" : "false");
}

JsonLine& JsonLine::add(const std::string& key, double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return add_raw(key, text);
}

JsonLine& JsonLine::add_raw(const std::string& key, const std::string& json) {
    m_text += ',';
    m_text += json_quote(key);
    m_text += ':';
    m_text += json;
    return *this;
}

Log::~Log() {
    if (m_file) std::fclose(m_file);
}

void Log::open(const std::string& path) {
    if (m_file) std::fclose(m_file);
    m_file = std::fopen(path.c_str(), "a");
    if (!m_file) std::fprintf(stderr, "[xrsim] cannot open the log %s\n", path.c_str());
}

void Log::write(const JsonLine& line, bool is_misuse) {
    std::string text = line.str();
    if (m_file) {
        std::fprintf(m_file, "%s\n", text.c_str());
        std::fflush(m_file);
    }
    if (is_misuse) std::fprintf(stderr, "[xrsim] %s\n", text.c_str());
}

} // namespace xrsim
