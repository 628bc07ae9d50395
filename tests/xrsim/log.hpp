#pragma once
// xrsim's JSON-lines log: one object per line, e.g. {"event":"state","frame":12,"state":"FOCUSED"}.

#include <cstdint>
#include <cstdio>
#include <string>

namespace xrsim {

// Builds one JSON object; values are escaped.
class JsonLine {
public:
    explicit JsonLine(const std::string& event);
    JsonLine& add(const std::string& key, const std::string& value);
    JsonLine& add(const std::string& key, const char* value) { return add(key, std::string(value)); }
    JsonLine& add(const std::string& key, int64_t value);
    JsonLine& add(const std::string& key, double value);
    JsonLine& add(const std::string& key, bool value);
    JsonLine& add_raw(const std::string& key, const std::string& json);
    std::string str() const { return m_text + "}"; }

private:
    std::string m_text;
};

std::string json_quote(const std::string& text);

// Writes to the file VREX_XRSIM_LOG, else DIR/xrsim.log for VREX_XRSIM_CAPTURE=DIR, else only misuse to stderr.
class Log {
public:
    Log() = default;
    Log(const Log&) = delete;
    Log& operator=(const Log&) = delete;
    ~Log();
    void open(const std::string& path);
    void write(const JsonLine& line, bool is_misuse = false);

private:
    std::FILE* m_file{nullptr};
};

} // namespace xrsim
