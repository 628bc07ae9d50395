// Viewer events as JSON lines, and the small helpers of viewer_util.hpp.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "viewer/viewer.hpp"
#include "viewer/viewer_util.hpp"

namespace vrex::viewer {
namespace {

const char* type_name(EventType type) {
    switch (type) {
    case EventType::SceneEntered:
        return "scene_entered";
    case EventType::HotspotHovered:
        return "hotspot_hovered";
    case EventType::HotspotActivated:
        return "hotspot_activated";
    case EventType::PanelOpened:
        return "panel_opened";
    case EventType::PanelClosed:
        return "panel_closed";
    case EventType::GalleryOpened:
        return "gallery_opened";
    case EventType::GalleryStep:
        return "gallery_step";
    case EventType::GalleryClosed:
        return "gallery_closed";
    case EventType::LanguageChanged:
        return "language_changed";
    case EventType::ModelOpened:
        return "model_opened";
    case EventType::ModelClosed:
        return "model_closed";
    case EventType::ModelGrabbed:
        return "model_grabbed";
    case EventType::ModelReleased:
        return "model_released";
    case EventType::TourRestarted:
        return "tour_restarted";
    }
    return "unknown";
}

// JSON string escaping (RFC 8259): quote, backslash and control characters; other bytes, UTF-8 included, pass.
void append_string(std::string& out, std::string_view s) {
    static constexpr char k_hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out += k_hex[u >> 4];
                out += k_hex[u & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void append_field(std::string& out, std::string_view key, std::string_view value) {
    out += ',';
    append_string(out, key);
    out += ':';
    append_string(out, value);
}

// The shortest text that reads back as the same double ("1.25", "3"); JSON has no NaN or infinity.
void append_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

} // namespace

std::string ViewerEvent::to_json() const {
    std::string out = "{\"event\":";
    append_string(out, type_name(type));
    out += ",\"time\":";
    append_number(out, time);
    append_field(out, "scene", scene);
    switch (type) {
    case EventType::HotspotHovered:
    case EventType::HotspotActivated:
        append_field(out, "hotspot", hotspot);
        break;
    case EventType::GalleryOpened:
    case EventType::GalleryStep:
        append_field(out, "hotspot", hotspot);
        append_field(out, "exhibit", exhibit);
        out += ",\"index\":" + std::to_string(index) + ",\"count\":" + std::to_string(count);
        break;
    case EventType::PanelOpened:
    case EventType::PanelClosed:
    case EventType::GalleryClosed:
    case EventType::ModelOpened:
    case EventType::ModelClosed:
    case EventType::ModelGrabbed:
        append_field(out, "hotspot", hotspot);
        append_field(out, "exhibit", exhibit);
        break;
    case EventType::ModelReleased:
        append_field(out, "hotspot", hotspot);
        append_field(out, "exhibit", exhibit);
        out += ",\"turn_deg\":";
        append_number(out, turn_deg);
        break;
    case EventType::LanguageChanged:
        append_field(out, "language", language);
        break;
    case EventType::SceneEntered:
    case EventType::TourRestarted:
        break;
    }
    out += '}';
    return out;
}

namespace detail {

std::optional<std::size_t> find_scene_index(const tour::Tour& tour, std::string_view id) {
    for (std::size_t i = 0; i < tour.scenes.size(); ++i)
        if (tour.scenes[i].id == id) return i;
    return std::nullopt;
}

double progress(double elapsed, double duration) {
    if (duration <= 0.0) return elapsed > 0.0 ? 1.0 : 0.0;
    return std::clamp(elapsed / duration, 0.0, 1.0);
}

std::string hotspot_key(std::string_view id, int index) {
    if (!id.empty()) return std::string(id);
    std::string key(1, '#');
    key += std::to_string(index);
    return key;
}

} // namespace detail

} // namespace vrex::viewer
