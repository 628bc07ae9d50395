#include "text/line_break.hpp"

#include <linebreak.h>

#include <algorithm>
#include <mutex>

namespace vrex::text {

namespace {

bool is_trailing_space(std::string_view s, size_t end, size_t& length) {
    if (end >= 1 && (s[end - 1] == ' ' || s[end - 1] == '\n')) return length = 1, true;
    if (end >= 3 && s.substr(end - 3, 3) == "\xE3\x80\x80") return length = 3, true; // U+3000 ideographic space
    return false;
}

// End of [begin, end) once trailing spaces and line feeds are dropped.
size_t trim_end(std::string_view s, size_t begin, size_t end) {
    size_t length = 0;
    while (end > begin && is_trailing_space(s, end, length)) end -= length;
    return end;
}

class LineFiller {
public:
    LineFiller(std::span<const float> advance, std::span<const uint8_t> cluster_start, float max_width)
        : m_cluster_start(cluster_start), m_max(max_width + 1e-3f), m_prefix(advance.size() + 1, 0.0) {
        for (size_t i = 0; i < advance.size(); ++i) m_prefix[i + 1] = m_prefix[i] + advance[i];
    }

    // Adds the piece that starts at s and ends at a break opportunity; ink_end excludes its trailing spaces.
    void add(size_t s, size_t ink_end) {
        const bool line_has_ink = m_ink_end > m_begin;
        if (line_has_ink && width(m_begin, s) + width(s, ink_end) > m_max) {
            emit();
            m_begin = m_ink_end = s;
        }
        if (ink_end > s) {
            if (width(m_begin, ink_end) > m_max) split(ink_end);
            m_ink_end = ink_end;
        }
    }

    void force_break(size_t next) {
        emit();
        m_begin = m_ink_end = next;
    }

    std::vector<LineRange> take() { return std::move(m_lines); }

private:
    float width(size_t a, size_t b) const { return float(m_prefix[b] - m_prefix[a]); }
    void emit() { m_lines.push_back({m_begin, std::max(m_ink_end, m_begin), width(m_begin, m_ink_end)}); }

    // An unbreakable piece wider than a line: cut it between glyph clusters, keeping at least one per line.
    void split(size_t ink_end) {
        size_t last = m_begin;
        for (size_t i = m_begin + 1; i < ink_end; ++i) {
            if (!m_cluster_start[i]) continue;
            if (width(m_begin, i) > m_max && last > m_begin) {
                m_ink_end = last;
                emit();
                m_begin = last;
            }
            last = i;
        }
        if (width(m_begin, ink_end) > m_max && last > m_begin) {
            m_ink_end = last;
            emit();
            m_begin = last;
        }
    }

    std::span<const uint8_t> m_cluster_start;
    float m_max;
    std::vector<double> m_prefix;
    std::vector<LineRange> m_lines;
    size_t m_begin = 0, m_ink_end = 0;
};

} // namespace

std::vector<char> break_opportunities(std::string_view utf8, const std::string& language) {
    static std::once_flag once;
    std::call_once(once, [] { init_linebreak(); });
    std::vector<char> breaks(utf8.size());
    if (!utf8.empty())
        set_linebreaks_utf8(reinterpret_cast<const utf8_t*>(utf8.data()), utf8.size(),
                            language.empty() ? nullptr : language.c_str(), breaks.data());
    return breaks;
}

std::vector<LineRange> break_lines(std::string_view utf8, std::span<const float> advance,
                                   std::span<const uint8_t> cluster_start, float max_width,
                                   const std::string& language) {
    if (utf8.empty() || advance.size() != utf8.size() || cluster_start.size() != utf8.size()) return {};
    const std::vector<char> breaks = break_opportunities(utf8, language);
    LineFiller filler(advance, cluster_start, max_width);
    size_t piece = 0;
    for (size_t i = 0; i < utf8.size(); ++i) {
        if (breaks[i] != LINEBREAK_MUSTBREAK && breaks[i] != LINEBREAK_ALLOWBREAK) continue;
        const size_t e = i + 1;
        filler.add(piece, trim_end(utf8, piece, e));
        // libunibreak marks the end of the text as a mandatory break too, so the last line is emitted here.
        if (breaks[i] == LINEBREAK_MUSTBREAK) filler.force_break(e);
        piece = e;
    }
    if (piece < utf8.size()) {
        filler.add(piece, trim_end(utf8, piece, utf8.size()));
        filler.force_break(utf8.size());
    }
    return filler.take();
}

} // namespace vrex::text
