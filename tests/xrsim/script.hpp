#pragma once
// The xrsim script: what the simulated user does, frame by frame. Format: tests/xrsim/README.md.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace xrsim {

enum class Profile { simple, touch };
enum class Hand { left, right };

// Everything the simulated user holds steady from one frame to the next.
struct ScriptState {
    float head_yaw_deg{0.0f};
    float head_pitch_deg{0.0f};
    bool controller_active{false};
    Profile profile{Profile::simple};
    Hand hand{Hand::right};
    float aim_yaw_deg{0.0f};
    float aim_pitch_deg{0.0f};
    float trigger{0.0f}; // select: simple_controller select/click, the trigger elsewhere
    bool menu{false};    // menu/back: menu/click, or b/click on a right Touch controller
    float squeeze{0.0f};
    float thumbstick_x{0.0f};
    float thumbstick_y{0.0f};
    bool render{true};       // `render 0`: xrWaitFrame says shouldRender = false
    bool head_tracked{true}; // `head_tracked 0`: views and the VIEW space are not located (no VALID bits)
    bool aim_tracked{true};  // `aim_tracked 0`: the controller's pose spaces are not located
};

enum class ScriptEvent {
    lose_session,
    focus_lost,
    focus_regained,
    exit_request,
    reference_space_change,
    capture,
    headset_off,
    headset_on,
    event_flood,
    lose_instance
};

const char* to_string(ScriptEvent event);

class Script {
public:
    // Parses a script; returns an empty string on success, else "file:line: message".
    std::string load_file(const std::string& path);
    std::string load_text(const std::string& text, const std::string& name);

    // The state in effect at `frame`: every setter with a frame number <= `frame`, in file order.
    ScriptState state_at(int64_t frame) const;
    // The one-shot events scheduled for exactly `frame`.
    std::vector<ScriptEvent> events_at(int64_t frame) const;

private:
    std::string parse_line(const std::string& line, std::vector<std::string>& words);

    struct Setter {
        int64_t frame;
        std::vector<std::string> words; // command and arguments, already validated
    };
    std::vector<Setter> m_setters;
    std::multimap<int64_t, ScriptEvent> m_events;
};

} // namespace xrsim
