#pragma once
// What the desktop loop reports about a model exhibit's load with --events:
// once the first frame that shows the opened model (or its error card) is
// presented, {"event":"model_ready",...} with the frames presented since the
// model was opened (that one included), the longest time between two of them
// before it (while the model was read and uploaded) and that frame's own time
// (the last upload step and the model's first draw). Tests read it to see that
// frames went on while a big model loaded (tests/cli/big_model.sh); the times
// are measurements, never a test's limit.
#include <cstdint>
#include <optional>
#include <string>

namespace vrex::app {

class ModelLoadWatch {
public:
    // A model exhibit was opened at `time` (seconds), when `frames` frames had
    // been presented; `ready`: its model was already loaded (or had failed).
    void opened(const std::string& exhibit, double time, uint64_t frames, bool ready);
    void closed() { m_watch.reset(); }
    // The cache says the exhibit's model became ready (loaded, or failed when
    // `failed`).
    void became_ready(const std::string& exhibit, bool failed);
    // The exhibit's model is being read (again: its files changed since the cache read them), whatever opened() was
    // told.
    void loading(const std::string& exhibit);
    // A frame was presented at `time`; `frames` presented in all. Returns the
    // model_ready line (JSON, no newline) when this frame was the first to show
    // the ready model.
    std::optional<std::string> presented(double time, uint64_t frames);

private:
    struct Watch {
        std::string exhibit;
        double opened_at = 0;
        uint64_t frames_at_open = 0;
        double last_present = 0;
        double longest = 0; // seconds between two presented frames before the ready
                            // one (the open counts as one)
        bool ready = false;
        bool failed = false;
    };
    std::optional<Watch> m_watch;
};

} // namespace vrex::app
