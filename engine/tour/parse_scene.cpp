// Scenes: panorama, view, hotspots and arrival views.
#include <cmath>

#include "math/angles.hpp"
#include "tour/parse.hpp"

namespace vrex::tour::detail {

std::string number_text(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

// Reads an optional number and checks lo <= v <= hi.
std::optional<double> ranged(MapReader& r, std::string_view key, bool required, double lo, double hi,
                             const char* meaning) {
    std::optional<double> v = r.number(key, required);
    if (v && (*v < lo || *v > hi)) {
        const Entry* e = r.find(key);
        r.ctx().error(r.ctx().pos(e->value), e->path,
                      std::string(key) + " " + number_text(*v) + " is out of range: " + meaning);
        return std::nullopt;
    }
    return v;
}

namespace {

constexpr double k_min_hfov = 10;
constexpr double k_max_hfov = 170;

std::optional<double> pitch(MapReader& r, bool required) {
    return ranged(r, "pitch", required, -90, 90, "from -90 (straight down) to 90 (straight up)");
}

std::optional<double> hfov(MapReader& r) {
    return ranged(r, "hfov", false, k_min_hfov, k_max_hfov, "from 10 to 170 degrees");
}

View parse_view(Context& ctx, const Entry& e) {
    View v;
    v.pos = value_pos(ctx, e);
    if (!expect_map(ctx, e)) return v;
    MapReader r(ctx, e.value, e.path, {"yaw", "pitch", "hfov"});
    v.yaw = math::wrap_degrees(r.number("yaw", false).value_or(0));
    v.pitch = pitch(r, false).value_or(0);
    v.hfov = hfov(r).value_or(100);
    return v;
}

std::optional<ArriveAngle> arrive_angle(MapReader& r, std::string_view key) {
    const Entry* e = r.find(key);
    if (!e) return ArriveAngle{};
    if (e->value.IsScalar() && e->value.Tag() == "?") {
        const std::string& s = e->value.Scalar();
        if (s == "same") return ArriveAngle{ArriveRule::Same, 0};
        if (s == "same-azimuth") {
            if (key == "yaw") return ArriveAngle{ArriveRule::SameAzimuth, 0};
            r.ctx().error(r.ctx().pos(e->value), e->path, "`same-azimuth` applies to yaw only; use `same`");
            return std::nullopt;
        }
    }
    std::optional<double> v = key == "pitch" ? pitch(r, false) : key == "hfov" ? hfov(r) : r.number(key, false);
    if (!v) return std::nullopt;
    return ArriveAngle{ArriveRule::Value, key == "yaw" ? math::wrap_degrees(*v) : *v};
}

Arrive parse_arrive(Context& ctx, const Entry& e) {
    Arrive a;
    a.pos = value_pos(ctx, e);
    if (e.value.IsScalar() && (e.value.Scalar() == "same" || e.value.Scalar() == "same-azimuth")) {
        a.yaw.rule = e.value.Scalar() == "same" ? ArriveRule::Same : ArriveRule::SameAzimuth;
        a.pitch.rule = a.hfov.rule = ArriveRule::Same;
        return a;
    }
    if (!e.value.IsMap()) {
        ctx.error(a.pos, e.path,
                  "expected `same`, `same-azimuth` or a map {yaw, pitch, hfov}, found " +
                      (e.value.IsScalar() ? quote(e.value.Scalar()) : std::string(describe(e.value))));
        return a;
    }
    MapReader r(ctx, e.value, e.path, {"yaw", "pitch", "hfov"});
    a.yaw = arrive_angle(r, "yaw").value_or(ArriveAngle{});
    a.pitch = arrive_angle(r, "pitch").value_or(ArriveAngle{});
    a.hfov = arrive_angle(r, "hfov").value_or(ArriveAngle{});
    return a;
}

std::optional<HotspotKind> parse_kind(Context& ctx, const Entry& e) {
    std::optional<std::string> s = read_string(ctx, e);
    if (!s) return std::nullopt;
    if (*s == "link") return HotspotKind::Link;
    if (*s == "info") return HotspotKind::Info;
    if (*s == "media") return HotspotKind::Media;
    if (*s == "model") return HotspotKind::Model;
    std::string hint = did_you_mean(*s, {"link", "info", "media", "model"});
    ctx.error(ctx.pos(e.value), e.path,
              "unknown hotspot kind " + quote(*s) + (hint.empty() ? " (link, info, media or model)" : hint));
    return std::nullopt;
}

void parse_at(Context& ctx, const Entry& e, Hotspot& h) {
    h.at_pos = value_pos(ctx, e);
    if (!expect_map(ctx, e)) return;
    MapReader r(ctx, e.value, e.path, {"yaw", "pitch"});
    h.yaw = math::wrap_degrees(r.number("yaw", true).value_or(0));
    h.pitch = pitch(r, true).value_or(0);
}

// The keys that belong to the other kinds of hotspot are refused, so a mix-up does not go unnoticed.
void refuse(MapReader& r, std::string_view key, std::string_view why) {
    if (const Entry* e = r.find(key)) r.ctx().error(r.ctx().pos(e->key), e->path, std::string(why));
}

Hotspot parse_hotspot(Context& ctx, const YAML::Node& node, const std::string& path) {
    Hotspot h;
    h.pos = ctx.pos(node);
    if (!node.IsMap()) {
        ctx.error(h.pos, path, "expected a hotspot (a map with `kind` and `at`), found " + std::string(describe(node)));
        return h;
    }
    MapReader r(ctx, node, path, {"id", "kind", "at", "label", "target", "arrive", "exhibit"});
    if (const Entry* id = r.find("id")) h.id_pos = ctx.pos(id->value);
    h.id = r.id("id", false).value_or("");
    if (const Entry* at = r.find("at"))
        parse_at(ctx, *at, h);
    else
        r.missing("at");
    if (const Entry* label = r.find("label")) h.label = parse_text(ctx, *label);
    const Entry* kind_entry = r.find("kind");
    if (!kind_entry) {
        r.missing("kind");
        return h;
    }
    std::optional<HotspotKind> kind = parse_kind(ctx, *kind_entry);
    if (!kind) return h;
    h.kind = *kind;
    if (h.kind == HotspotKind::Link) {
        if (const Entry* t = r.find("target")) h.target_pos = ctx.pos(t->value);
        h.target = r.id("target", true).value_or("");
        if (const Entry* a = r.find("arrive")) h.arrive = parse_arrive(ctx, *a);
        refuse(r, "exhibit", "a link hotspot shows no exhibit; use kind `info`, `media` or `model` for that");
    } else {
        if (const Entry* x = r.find("exhibit")) h.exhibit_pos = ctx.pos(x->value);
        h.exhibit = r.id("exhibit", true).value_or("");
        refuse(r, "target", "only link hotspots have a `target`; use kind `link`");
        refuse(r, "arrive", "only link hotspots have `arrive`");
    }
    return h;
}

std::optional<StereoLayout> parse_stereo(Context& ctx, const Entry& e) {
    std::optional<std::string> s = read_string(ctx, e);
    if (!s) return std::nullopt;
    if (*s == "top-bottom") return StereoLayout::TopBottom;
    if (*s == "side-by-side") return StereoLayout::SideBySide;
    if (*s == "mono") return StereoLayout::Mono;
    std::string hint = did_you_mean(*s, {"top-bottom", "side-by-side", "mono"});
    ctx.error(ctx.pos(e.value), e.path,
              "unknown stereo layout " + quote(*s) + (hint.empty() ? " (top-bottom or side-by-side)" : hint));
    return std::nullopt;
}

void parse_cube(Context& ctx, const Entry& e, Panorama& p, const std::filesystem::path& folder) {
    p.kind = PanoramaKind::Cube;
    if (!expect_list(ctx, e)) return;
    if (e.value.size() != 6) {
        ctx.error(ctx.pos(e.value), e.path,
                  "a cube needs 6 faces (front, right, back, left, up, down), found " + std::to_string(e.value.size()));
        return;
    }
    for (std::size_t i = 0; i < 6; ++i) {
        std::optional<FileRef> f = parse_file_ref(ctx, e.value[i], e.path + "[" + std::to_string(i) + "]", folder);
        p.cube.push_back(f.value_or(FileRef{})); // a placeholder keeps the indices of later faces
    }
}

void parse_partial(MapReader& r, Panorama& p) {
    p.haov = ranged(r, "haov", false, 1, 360, "from 1 to 360 degrees").value_or(360);
    p.vaov = ranged(r, "vaov", false, 1, 180, "from 1 to 180 degrees").value_or(180);
    p.voffset = ranged(r, "voffset", false, -90, 90, "from -90 to 90 degrees").value_or(0);
    if (std::abs(p.voffset) + p.vaov / 2 > 90) {
        const Entry* e = r.find("voffset");
        r.ctx().error(r.ctx().pos(e->value), e->path,
                      "vaov / 2 + |voffset| exceeds 90: the image would reach past the pole");
    }
}

Panorama parse_panorama(Context& ctx, const Entry& e, const std::filesystem::path& folder) {
    Panorama p;
    p.pos = value_pos(ctx, e);
    if (e.value.IsScalar()) {
        if (std::optional<FileRef> f = parse_file_ref(ctx, e, folder)) p.image = std::move(*f);
        return p;
    }
    if (!e.value.IsMap()) {
        ctx.error(p.pos, e.path,
                  "expected an image path or a map with `image`, `cube` or `tiles`, found " +
                      std::string(describe(e.value)));
        return p;
    }
    MapReader r(ctx, e.value, e.path, {"image", "cube", "tiles", "stereo", "haov", "vaov", "voffset"});
    const Entry* image = r.find("image");
    const Entry* cube = r.find("cube");
    const Entry* tiles = r.find("tiles");
    if ((image != nullptr) + (cube != nullptr) + (tiles != nullptr) > 1)
        ctx.error(ctx.pos((tiles ? tiles : cube)->key), (tiles ? tiles : cube)->path,
                  "give one of `image`, `cube` or `tiles`, not more");
    if (tiles && !image && !cube) {
        parse_tiles(ctx, *tiles, p, folder);
        refuse(r, "stereo", "stereo panoramas are equirect images; tiles cannot be stereo");
        for (const char* key : {"haov", "vaov", "voffset"})
            refuse(r, key, std::string(key) + " applies to partial equirect images, not to tiles");
        return p;
    }
    if (cube) {
        parse_cube(ctx, *cube, p, folder);
        refuse(r, "stereo", "stereo panoramas are equirect images; cube faces cannot be stereo");
        for (const char* key : {"haov", "vaov", "voffset"})
            refuse(r, key, std::string(key) + " applies to partial equirect images, not to cubes");
        return p;
    }
    if (!image) {
        r.missing("image");
        return p;
    }
    if (std::optional<FileRef> f = parse_file_ref(ctx, *image, folder)) p.image = std::move(*f);
    if (const Entry* s = r.find("stereo")) p.stereo = parse_stereo(ctx, *s).value_or(StereoLayout::Mono);
    parse_partial(r, p);
    return p;
}

} // namespace

Scene parse_scene(Context& ctx, const YAML::Node& node, const std::string& path, const std::filesystem::path& folder) {
    Scene s;
    s.pos = ctx.pos(node);
    if (!node.IsMap()) {
        ctx.error(s.pos, path,
                  "expected a scene (a map with `id` and `panorama`), found " + std::string(describe(node)));
        return s;
    }
    MapReader r(ctx, node, path, {"id", "title", "panorama", "north", "view", "hotspots"});
    if (const Entry* id = r.find("id")) s.id_pos = ctx.pos(id->value);
    s.id = r.id("id", true).value_or("");
    if (const Entry* title = r.find("title")) s.title = parse_text(ctx, *title);
    if (const Entry* pano = r.find("panorama"))
        s.panorama = parse_panorama(ctx, *pano, folder);
    else
        r.missing("panorama");
    s.north = math::wrap_degrees(r.number("north", false).value_or(0));
    if (const Entry* view = r.find("view")) s.view = parse_view(ctx, *view);
    const Entry* hotspots = r.find("hotspots");
    if (!hotspots || !expect_list(ctx, *hotspots)) return s;
    for (std::size_t i = 0; i < hotspots->value.size(); ++i) {
        const YAML::Node h = hotspots->value[i];
        if (!ctx.take_entry(ctx.pos(h))) break;
        s.hotspots.push_back(parse_hotspot(ctx, h, hotspots->path + "[" + std::to_string(i) + "]"));
    }
    return s;
}

} // namespace vrex::tour::detail
