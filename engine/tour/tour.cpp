#include "tour/tour.hpp"

#include "math/angles.hpp"

namespace vrex::tour {

const std::string& Text::get(std::string_view language, std::string_view fallback) const {
    static const std::string k_empty;
    if (auto it = by_language.find(std::string(language)); it != by_language.end()) return it->second;
    if (auto it = by_language.find(std::string(fallback)); it != by_language.end()) return it->second;
    return by_language.empty() ? k_empty : by_language.begin()->second;
}

std::string_view Tour::default_language() const {
    return languages.empty() ? std::string_view() : languages[0];
}

const Scene* Tour::find_scene(std::string_view id) const {
    for (const Scene& s : scenes)
        if (s.id == id) return &s;
    return nullptr;
}

const Exhibit* Tour::find_exhibit(std::string_view id) const {
    for (const Exhibit& x : exhibits)
        if (x.id == id) return &x;
    return nullptr;
}

namespace {
double arrive_angle(const ArriveAngle& a, double current, double target) {
    switch (a.rule) {
    case ArriveRule::Value:
        return a.value;
    case ArriveRule::Same:
        return current;
    default:
        return target;
    }
}
} // namespace

View arrival_view(const Hotspot& link, const View& current, const Scene& from, const Scene& to) {
    View v = to.view;
    const Arrive& a = link.arrive;
    if (a.yaw.rule == ArriveRule::SameAzimuth)
        v.yaw = current.yaw - from.north + to.north; // keep the compass direction: yaw - north stays the same
    else
        v.yaw = arrive_angle(a.yaw, current.yaw, to.view.yaw);
    v.yaw = math::wrap_degrees(v.yaw);
    v.pitch = arrive_angle(a.pitch, current.pitch, to.view.pitch);
    v.hfov = arrive_angle(a.hfov, current.hfov, to.view.hfov);
    return v;
}

} // namespace vrex::tour
