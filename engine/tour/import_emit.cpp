// An imported tour written out as the text of a vrex tour.yaml (docs/authoring.md), with comments naming the
// source file and line of each scene and hotspot.
#include <map>
#include <set>
#include <sstream>

#include "tour/import_detail.hpp"

namespace vrex::tour {
namespace {

using namespace import_detail;

// Bytes of the UTF-8 sequence at s[i], 0 when invalid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((b(i + k) & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && b(i + 1) < 0xA0) || (c == 0xED && b(i + 1) >= 0xA0) || (c == 0xF0 && b(i + 1) < 0x90) ||
        (c == 0xF4 && b(i + 1) >= 0x90))
        return 0;
    return n;
}

// A double-quoted YAML scalar; control characters escaped, invalid UTF-8 replaced by U+FFFD.
std::string quote(std::string_view s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t n = utf8_length(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        } else {
            out.append(s.substr(i, n));
        }
        i += n;
    }
    return out + "\"";
}

// Source ids become vrex ids: a word without spaces or control characters, unique, at most 64 bytes.
class IdMap {
public:
    std::string add(const std::string& source) {
        std::string id;
        for (char c : source) id += static_cast<unsigned char>(c) <= ' ' || c == 0x7f ? '-' : c;
        if (id.size() > 48) id.resize(48);
        while (!id.empty() && utf8_length(id, last_start(id)) == 0) id.pop_back();
        if (id.empty()) id = "scene";
        std::string unique = id;
        for (int n = 2; m_used.count(unique); ++n) unique = id + "-" + std::to_string(n);
        m_used.insert(unique);
        m_ids.emplace(source, unique);
        return unique;
    }
    const std::string* find(const std::string& source) const {
        auto it = m_ids.find(source);
        return it == m_ids.end() ? nullptr : &it->second;
    }

private:
    static std::size_t last_start(const std::string& s) {
        std::size_t i = s.size() - 1;
        while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
        return i;
    }
    std::map<std::string, std::string> m_ids;
    std::set<std::string> m_used;
};

struct Exhibit {
    std::string id, title, text;
};

class Writer {
public:
    Writer(const ImportedTour& tour, const MediaPathMap& paths, std::vector<Diagnostic>& diagnostics)
        : m_tour(tour), m_paths(paths), m_sink(tour.source, diagnostics), m_name(tour.source.filename().string()) {}

    std::string write() {
        for (const ImportedScene& s : m_tour.scenes)
            if (shown(s)) m_ids.add(s.id);
        if (!any_shown()) return "";
        m_out << "# A vrex tour imported from " << m_name << " (" << import_format_name(m_tour.format)
              << ") by vrex import.\n"
              << "# Angles are vrex's: degrees, yaw 0 = the image's centre and positive to the right, pitch up.\n"
              << "tour:\n  title: " << quote(m_tour.title.empty() ? m_tour.source.stem().string() : m_tour.title)
              << "\n";
        if (const std::string* start = m_ids.find(m_tour.start)) m_out << "  start: " << quote(*start) << "\n";
        m_out << "\nscenes:\n";
        for (const ImportedScene& s : m_tour.scenes)
            if (shown(s)) scene(s);
        if (!m_exhibits.empty()) m_out << "\nexhibits:\n";
        for (const Exhibit& e : m_exhibits) {
            m_out << "  - id: " << quote(e.id) << "\n    title: " << quote(e.title) << "\n";
            if (!e.text.empty()) m_out << "    text: " << quote(e.text) << "\n";
        }
        return m_out.str();
    }

private:
    bool shown(const ImportedScene& s) const {
        return !s.image.empty() || s.cube.size() == 6 || !s.tiles.layout.empty();
    }
    bool any_shown() const {
        for (const ImportedScene& s : m_tour.scenes)
            if (shown(s)) return true;
        return false;
    }
    std::string where(int line) const { return line > 0 ? m_name + ":" + std::to_string(line) : m_name; }

    std::string media(const std::string& written, int line) {
        std::string why;
        if (auto mapped = m_paths(written, why)) return *mapped;
        m_sink.error(line, "media path: " + why);
        return written;
    }

    void tiles(const ImportedTiles& t, int line) {
        m_out << "    panorama:\n      tiles: {layout: " << t.layout << ", ";
        if (t.layout == "krpano") {
            m_out << "url: " << quote(media(t.pattern, line)) << ", multires: " << quote(t.multires);
        } else {
            m_out << "path: " << quote(media(t.pattern, line));
        }
        if (t.layout == "pannellum")
            m_out << ", extension: " << quote(t.extension) << ", tile_size: " << t.tile_size
                  << ", face_size: " << t.face_size << ", levels: " << t.level_count;
        if (t.layout == "marzipano") {
            m_out << ",\n              levels: [";
            for (std::size_t i = 0; i < t.levels.size(); ++i)
                m_out << (i ? ", " : "") << "{tile_size: " << t.levels[i].tile_size << ", size: " << t.levels[i].size
                      << (t.levels[i].fallback_only ? ", fallback_only: true}" : "}");
            m_out << "]";
        }
        if (!t.preview.empty())
            m_out << (t.layout == "pannellum" ? ", fallback: " : ", preview: ") << quote(media(t.preview, line));
        m_out << "}\n";
    }

    void panorama(const ImportedScene& s) {
        if (!s.tiles.layout.empty()) {
            tiles(s.tiles, s.line);
            return;
        }
        if (s.cube.size() == 6) {
            m_out << "    panorama:\n      cube: [";
            for (std::size_t i = 0; i < 6; ++i) m_out << (i ? ", " : "") << quote(media(s.cube[i], s.line));
            m_out << "]\n";
            return;
        }
        const std::string image = quote(media(s.image, s.line));
        const bool partial = s.haov < 360 || s.vaov < 180 || s.voffset != 0;
        if (s.stereo.empty() && !partial) {
            m_out << "    panorama: " << image << "\n";
            return;
        }
        m_out << "    panorama: {image: " << image;
        if (!s.stereo.empty()) m_out << ", stereo: " << s.stereo;
        if (partial)
            m_out << ", haov: " << format_number(s.haov) << ", vaov: " << format_number(s.vaov)
                  << ", voffset: " << format_number(s.voffset);
        m_out << "}\n";
    }

    void scene(const ImportedScene& s) {
        m_out << "  # " << where(s.line) << "\n  - id: " << quote(*m_ids.find(s.id)) << "\n";
        if (!s.title.empty()) m_out << "    title: " << quote(s.title) << "\n";
        panorama(s);
        if (s.north != 0) m_out << "    north: " << format_number(wrap180(s.north)) << "\n";
        if (s.yaw || s.pitch || s.hfov) {
            m_out << "    view: {";
            const char* sep = "";
            if (s.yaw) m_out << "yaw: " << format_number(wrap180(*s.yaw)), sep = ", ";
            if (s.pitch) m_out << sep << "pitch: " << format_number(*s.pitch), sep = ", ";
            if (s.hfov) m_out << sep << "hfov: " << format_number(*s.hfov);
            m_out << "}\n";
        }
        bool header = false;
        int info = 0;
        for (const ImportedHotspot& h : s.hotspots) {
            const std::string* target = h.link ? m_ids.find(h.target) : nullptr;
            if (h.link && !target) {
                m_sink.warning(h.line,
                               "a link to `" + h.target + "`, which is not a scene vrex shows: not carried over");
                continue;
            }
            if (!header) m_out << "    hotspots:\n", header = true;
            m_out << "      # " << where(h.line) << "\n      - kind: " << (h.link ? "link" : "info")
                  << "\n        at: {yaw: " << format_number(wrap180(h.yaw)) << ", pitch: " << format_number(h.pitch)
                  << "}\n";
            if (h.link)
                link(h, *target);
            else
                hotspot_info(h, *m_ids.find(s.id) + "-info-" + std::to_string(++info));
        }
    }

    void link(const ImportedHotspot& h, const std::string& target) {
        std::string label = h.label;
        for (const ImportedScene& t : m_tour.scenes)
            if (label.empty() && t.id == h.target) label = t.title;
        if (!label.empty()) m_out << "        label: " << quote(label) << "\n";
        m_out << "        target: " << quote(target) << "\n";
        if (h.arrive_yaw.empty() && h.arrive_pitch.empty() && h.arrive_hfov.empty()) return;
        m_out << "        arrive: {";
        const char* sep = "";
        if (!h.arrive_yaw.empty()) m_out << "yaw: " << h.arrive_yaw, sep = ", ";
        if (!h.arrive_pitch.empty()) m_out << sep << "pitch: " << h.arrive_pitch, sep = ", ";
        if (!h.arrive_hfov.empty()) m_out << sep << "hfov: " << h.arrive_hfov;
        m_out << "}\n";
    }

    void hotspot_info(const ImportedHotspot& h, const std::string& exhibit) {
        if (!h.label.empty()) m_out << "        label: " << quote(h.label) << "\n";
        m_out << "        exhibit: " << quote(exhibit) << "\n";
        std::string title = h.title.empty() ? h.text : h.title;
        std::string body = h.title.empty() ? "" : h.text;
        if (title.empty()) title = "(untitled)";
        m_exhibits.push_back({exhibit, title, body});
    }

    const ImportedTour& m_tour;
    const MediaPathMap& m_paths;
    Sink m_sink;
    std::string m_name;
    IdMap m_ids;
    std::vector<Exhibit> m_exhibits;
    std::ostringstream m_out;
};

} // namespace

std::string emit_tour_yaml(const ImportedTour& tour, const MediaPathMap& paths, std::vector<Diagnostic>& diagnostics) {
    return Writer(tour, paths, diagnostics).write();
}

} // namespace vrex::tour
