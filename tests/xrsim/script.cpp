#include "script.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace xrsim {

namespace {

struct EventName {
    const char* name;
    ScriptEvent event;
};
constexpr EventName k_event_names[] = {
    {"lose_session", ScriptEvent::lose_session},
    {"focus_lost", ScriptEvent::focus_lost},
    {"focus_regained", ScriptEvent::focus_regained},
    {"exit_request", ScriptEvent::exit_request},
    {"reference_space_change", ScriptEvent::reference_space_change},
    {"capture", ScriptEvent::capture},
    {"headset_off", ScriptEvent::headset_off},
    {"headset_on", ScriptEvent::headset_on},
    {"event_flood", ScriptEvent::event_flood},
    {"lose_instance", ScriptEvent::lose_instance},
};

struct SetterSyntax {
    const char* name;
    int arg_count;
};
constexpr SetterSyntax k_setters[] = {
    {"head", 2},   {"controller", 1},   {"profile", 1},     {"hand", 1},    {"aim", 2},
    {"select", 1}, {"trigger", 1},      {"menu", 1},        {"squeeze", 1}, {"thumbstick", 2},
    {"render", 1}, {"head_tracked", 1}, {"aim_tracked", 1},
};

bool parse_float(const std::string& text, float& value) {
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end;
}

bool parse_frame(const std::string& text, int64_t& frame) {
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, frame);
    return ec == std::errc() && ptr == end && frame >= 0;
}

// Checks the words of a setter's arguments; returns an error message or "".
std::string check_arguments(const std::vector<std::string>& words) {
    const std::string& command = words[1];
    if (command == "controller") return words[2] == "on" || words[2] == "off" ? "" : "controller takes on|off";
    if (command == "profile") return words[2] == "simple" || words[2] == "touch" ? "" : "profile takes simple|touch";
    if (command == "hand") return words[2] == "left" || words[2] == "right" ? "" : "hand takes left|right";
    for (size_t i = 2; i < words.size(); ++i) {
        float value = 0.0f;
        if (!parse_float(words[i], value)) return "'" + words[i] + "' is not a number";
    }
    return "";
}

float number(const std::string& word) {
    float value = 0.0f;
    parse_float(word, value);
    return value;
}

void apply(const std::vector<std::string>& words, ScriptState& state) {
    const std::string& command = words[1];
    if (command == "head") {
        state.head_yaw_deg = number(words[2]);
        state.head_pitch_deg = number(words[3]);
    } else if (command == "controller") {
        state.controller_active = words[2] == "on";
    } else if (command == "profile") {
        state.profile = words[2] == "touch" ? Profile::touch : Profile::simple;
    } else if (command == "hand") {
        state.hand = words[2] == "left" ? Hand::left : Hand::right;
    } else if (command == "aim") {
        state.aim_yaw_deg = number(words[2]);
        state.aim_pitch_deg = number(words[3]);
    } else if (command == "select") {
        state.trigger = number(words[2]) != 0.0f ? 1.0f : 0.0f;
    } else if (command == "trigger") {
        state.trigger = std::clamp(number(words[2]), 0.0f, 1.0f);
    } else if (command == "menu") {
        state.menu = number(words[2]) != 0.0f;
    } else if (command == "squeeze") {
        state.squeeze = std::clamp(number(words[2]), 0.0f, 1.0f);
    } else if (command == "thumbstick") {
        state.thumbstick_x = std::clamp(number(words[2]), -1.0f, 1.0f);
        state.thumbstick_y = std::clamp(number(words[3]), -1.0f, 1.0f);
    } else if (command == "render") {
        state.render = number(words[2]) != 0.0f;
    } else if (command == "head_tracked") {
        state.head_tracked = number(words[2]) != 0.0f;
    } else if (command == "aim_tracked") {
        state.aim_tracked = number(words[2]) != 0.0f;
    }
}

} // namespace

const char* to_string(ScriptEvent event) {
    for (const EventName& entry : k_event_names)
        if (entry.event == event) return entry.name;
    return "unknown";
}

std::string Script::load_file(const std::string& path) {
    std::ifstream file(path);
    if (!file) return path + ": cannot open the script";
    std::stringstream text;
    text << file.rdbuf();
    return load_text(text.str(), path);
}

std::string Script::load_text(const std::string& text, const std::string& name) {
    m_setters.clear();
    m_events.clear();
    std::istringstream lines(text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        std::vector<std::string> words;
        std::string error = parse_line(line, words);
        if (!error.empty()) return name + ":" + std::to_string(number) + ": " + error;
    }
    std::stable_sort(m_setters.begin(), m_setters.end(),
                     [](const Setter& a, const Setter& b) { return a.frame < b.frame; });
    return "";
}

std::string Script::parse_line(const std::string& line, std::vector<std::string>& words) {
    std::istringstream stream(line.substr(0, line.find('#')));
    for (std::string word; stream >> word;) words.push_back(word);
    if (words.empty()) return "";
    int64_t frame = 0;
    if (!parse_frame(words[0], frame)) return "'" + words[0] + "' is not a frame number";
    if (words.size() < 2) return "a command must follow the frame number";
    for (const EventName& entry : k_event_names) {
        if (words[1] != entry.name) continue;
        if (words.size() != 2) return words[1] + " takes no arguments";
        m_events.emplace(frame, entry.event);
        return "";
    }
    for (const SetterSyntax& syntax : k_setters) {
        if (words[1] != syntax.name) continue;
        if (static_cast<int>(words.size()) != 2 + syntax.arg_count)
            return words[1] + " takes " + std::to_string(syntax.arg_count) + " argument(s)";
        std::string error = check_arguments(words);
        if (error.empty()) m_setters.push_back({frame, words});
        return error;
    }
    return "unknown command '" + words[1] + "'";
}

ScriptState Script::state_at(int64_t frame) const {
    ScriptState state;
    for (const Setter& setter : m_setters) {
        if (setter.frame > frame) break;
        apply(setter.words, state);
    }
    return state;
}

std::vector<ScriptEvent> Script::events_at(int64_t frame) const {
    std::vector<ScriptEvent> events;
    auto [first, last] = m_events.equal_range(frame);
    for (auto it = first; it != last; ++it) events.push_back(it->second);
    return events;
}

} // namespace xrsim
