#pragma once
#include <chrono>

namespace vrex::core {

// Monotonic stopwatch in milliseconds.
class Stopwatch {
public:
    Stopwatch() : m_start(std::chrono::steady_clock::now()) {}
    double elapsed_ms() const {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_start).count();
    }
    // Returns the elapsed time and starts again.
    double lap_ms() {
        const double ms = elapsed_ms();
        m_start = std::chrono::steady_clock::now();
        return ms;
    }

private:
    std::chrono::steady_clock::time_point m_start;
};

} // namespace vrex::core
