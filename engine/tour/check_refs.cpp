// Checks across the whole tour: ids, references between scenes and exhibits, reachability.
#include <map>
#include <queue>
#include <set>

#include "tour/parse.hpp"

namespace vrex::tour::detail {
namespace {

std::string scene_path(std::size_t i) {
    return "scenes[" + std::to_string(i) + "]";
}
std::string hotspot_path(std::size_t s, std::size_t h) {
    return scene_path(s) + ".hotspots[" + std::to_string(h) + "]";
}

// Reports every repeat of an id after its first use.
class IdRegistry {
public:
    IdRegistry(Context& ctx, std::string what) : m_ctx(ctx), m_what(std::move(what)) {}
    void add(const std::string& id, SourcePos at, const std::string& path, const std::string& where = "") {
        if (id.empty()) return;
        auto [it, fresh] = m_first.emplace(id, at);
        if (!fresh)
            m_ctx.error(at, path + ".id",
                        "duplicate " + m_what + " id " + quote(id) + where + " (first at line " +
                            std::to_string(it->second.line) + ")");
    }

private:
    Context& m_ctx;
    std::string m_what;
    std::map<std::string, SourcePos> m_first;
};

void check_ids(Context& ctx, const Tour& tour) {
    IdRegistry scenes(ctx, "scene");
    for (std::size_t i = 0; i < tour.scenes.size(); ++i) {
        const Scene& s = tour.scenes[i];
        scenes.add(s.id, s.id_pos, scene_path(i));
        IdRegistry hotspots(ctx, "hotspot");
        for (std::size_t j = 0; j < s.hotspots.size(); ++j)
            hotspots.add(s.hotspots[j].id, s.hotspots[j].id_pos, hotspot_path(i, j), " in scene " + quote(s.id));
    }
    IdRegistry exhibits(ctx, "exhibit");
    for (std::size_t i = 0; i < tour.exhibits.size(); ++i)
        exhibits.add(tour.exhibits[i].id, tour.exhibits[i].id_pos, "exhibits[" + std::to_string(i) + "]");
}

std::vector<std::string_view> scene_ids(const Tour& tour) {
    std::vector<std::string_view> ids;
    for (const Scene& s : tour.scenes) ids.push_back(s.id);
    return ids;
}

// Lookups by id (first of duplicates wins, as in Tour::find_*), so large tours stay fast.
struct Index {
    explicit Index(const Tour& tour) {
        for (const Scene& s : tour.scenes) scenes.emplace(s.id, &s);
        for (const Exhibit& x : tour.exhibits) {
            exhibits.emplace(x.id, &x);
            exhibit_ids.push_back(x.id);
        }
        scene_ids = detail::scene_ids(tour);
    }
    std::map<std::string_view, const Scene*> scenes;
    std::map<std::string_view, const Exhibit*> exhibits;
    std::vector<std::string_view> scene_ids, exhibit_ids;
};

void check_exhibit_ref(Context& ctx, const Index& index, const Hotspot& h, const std::string& path) {
    const auto found = index.exhibits.find(h.exhibit);
    const Exhibit* x = found == index.exhibits.end() ? nullptr : found->second;
    if (!x) {
        const std::vector<std::string_view>& ids = index.exhibit_ids;
        ctx.error(h.exhibit_pos, path + ".exhibit",
                  "no exhibit with id " + quote(h.exhibit) + did_you_mean(h.exhibit, ids));
    } else if (h.kind == HotspotKind::Media && x->images.empty()) {
        ctx.error(h.exhibit_pos, path + ".exhibit",
                  "a media hotspot shows images, but exhibit " + quote(x->id) + " has no `images`");
    } else if (h.kind == HotspotKind::Model && !x->model) {
        ctx.error(h.exhibit_pos, path + ".exhibit",
                  "a model hotspot shows a 3D model, but exhibit " + quote(x->id) + " has no `model`");
    }
}

void check_links(Context& ctx, const Tour& tour) {
    const Index index(tour);
    const std::vector<std::string_view>& ids = index.scene_ids;
    for (std::size_t i = 0; i < tour.scenes.size(); ++i) {
        const Scene& s = tour.scenes[i];
        for (std::size_t j = 0; j < s.hotspots.size(); ++j) {
            const Hotspot& h = s.hotspots[j];
            const std::string path = hotspot_path(i, j);
            if (!h.target.empty() && !index.scenes.count(h.target))
                ctx.error(h.target_pos, path + ".target",
                          "no scene with id " + quote(h.target) + did_you_mean(h.target, ids));
            else if (!h.target.empty() && h.target == s.id)
                ctx.warning(h.target_pos, path + ".target", "this link leads to its own scene");
            if (!h.exhibit.empty()) check_exhibit_ref(ctx, index, h, path);
        }
    }
    if (!tour.start.empty() && tour.start_pos.line > 0 && !index.scenes.count(tour.start))
        ctx.error(tour.start_pos, "tour.start",
                  "no scene with id " + quote(tour.start) + did_you_mean(tour.start, ids));
}

void check_reachable(Context& ctx, const Tour& tour) {
    if (!tour.find_scene(tour.start)) return;
    std::map<std::string_view, std::vector<std::string_view>> edges;
    for (const Scene& s : tour.scenes)
        for (const Hotspot& h : s.hotspots)
            if (h.kind == HotspotKind::Link && !h.target.empty()) edges[s.id].push_back(h.target);
    std::set<std::string_view> seen{tour.start};
    std::queue<std::string_view> todo;
    todo.push(tour.start);
    while (!todo.empty()) {
        const std::string_view id = todo.front();
        todo.pop();
        for (std::string_view next : edges[id])
            if (seen.insert(next).second) todo.push(next);
    }
    for (std::size_t i = 0; i < tour.scenes.size(); ++i) {
        const Scene& s = tour.scenes[i];
        if (!s.id.empty() && !seen.count(s.id))
            ctx.warning(s.id_pos, scene_path(i) + ".id",
                        "scene " + quote(s.id) + " cannot be reached by links from the start scene " +
                            quote(tour.start));
    }
}

void check_exhibits_used(Context& ctx, const Tour& tour) {
    std::set<std::string_view> used;
    for (const Scene& s : tour.scenes)
        for (const Hotspot& h : s.hotspots)
            if (!h.exhibit.empty()) used.insert(h.exhibit);
    for (std::size_t i = 0; i < tour.exhibits.size(); ++i) {
        const Exhibit& x = tour.exhibits[i];
        if (!x.id.empty() && !used.count(x.id))
            ctx.warning(x.id_pos, "exhibits[" + std::to_string(i) + "].id",
                        "exhibit " + quote(x.id) + " is not shown by any hotspot");
    }
}

} // namespace

void check_references(Context& ctx, const Tour& tour) {
    check_ids(ctx, tour);
    check_links(ctx, tour);
    check_reachable(ctx, tour);
    check_exhibits_used(ctx, tour);
}

} // namespace vrex::tour::detail
