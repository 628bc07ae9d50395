// The top of a tour file: the `tour` block, languages, texts, exhibits and file paths.
#include <algorithm>
#include <regex>

#include "tour/parse.hpp"

namespace vrex::tour::detail {
namespace {

bool is_language_code(const std::string& s) {
    // BCP 47 in the shapes curators use: zh, en, zh-Hant, pt-BR.
    static const std::regex k_code("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    return s.size() <= 35 && std::regex_match(s, k_code);
}

std::string joined(const std::vector<std::string>& items) {
    std::string r;
    for (const std::string& s : items) r += (r.empty() ? "" : ", ") + s;
    return r;
}

void parse_languages(Context& ctx, const Entry& e) {
    if (!expect_list(ctx, e)) return;
    for (std::size_t i = 0; i < e.value.size(); ++i) {
        const Entry item{YAML::Node(), e.value[i], e.path + "[" + std::to_string(i) + "]"};
        std::optional<std::string> code = read_string(ctx, item);
        if (!code) continue;
        if (!is_language_code(*code)) {
            ctx.error(ctx.pos(item.value), item.path,
                      "not a language code: " + quote(*code) + " (use codes like zh, en, zh-Hant)");
        } else if (std::find(ctx.languages.begin(), ctx.languages.end(), *code) != ctx.languages.end()) {
            ctx.error(ctx.pos(item.value), item.path, "language " + quote(*code) + " is listed twice");
        } else {
            ctx.languages.push_back(*code);
        }
    }
    if (ctx.languages.empty() && e.value.size() == 0)
        ctx.error(value_pos(ctx, e), e.path, "the list of languages is empty");
}

void parse_tour_block(Context& ctx, const Entry& e, Tour& tour) {
    if (!expect_map(ctx, e)) return;
    MapReader r(ctx, e.value, "tour", {"title", "description", "start", "languages", "dwell"});
    if (const Entry* langs = r.find("languages")) parse_languages(ctx, *langs);
    tour.languages = ctx.languages;
    if (const Entry* title = r.find("title"))
        tour.title = parse_text(ctx, *title);
    else
        r.missing("title");
    if (const Entry* d = r.find("description")) tour.description = parse_text(ctx, *d);
    if (const Entry* start = r.find("start")) {
        tour.start_pos = value_pos(ctx, *start);
        tour.start = r.id("start", true).value_or("");
    }
    tour.dwell_seconds = ranged(r, "dwell", false, 0.3, 10, "from 0.3 to 10 seconds");
}

template <typename Item, typename ParseItem>
void parse_list(Context& ctx, const Entry& e, std::vector<Item>& out, ParseItem parse_item) {
    if (!expect_list(ctx, e)) return;
    for (std::size_t i = 0; i < e.value.size(); ++i) {
        const YAML::Node node = e.value[i];
        if (!ctx.take_entry(ctx.pos(node))) return;
        out.push_back(parse_item(node, e.path + "[" + std::to_string(i) + "]"));
    }
}

bool is_url(const std::string& s) {
    // scheme ":" — two letters or more, so a Windows drive letter (C:) is not taken for one.
    static const std::regex k_scheme("[A-Za-z][A-Za-z0-9+.-]+:.*");
    return std::regex_match(s, k_scheme);
}

} // namespace

void parse_document(Context& ctx, const YAML::Node& root, Tour& tour) {
    if (root.IsNull()) {
        ctx.error({1, 1}, "", "the tour is empty; it needs a `tour` block and a list of `scenes`");
        return;
    }
    if (!root.IsMap()) {
        ctx.error(ctx.pos(root), "",
                  "expected a map with `tour` and `scenes` at the top, found " + std::string(describe(root)));
        return;
    }
    MapReader r(ctx, root, "", {"tour", "scenes", "exhibits"});
    if (const Entry* t = r.find("tour"))
        parse_tour_block(ctx, *t, tour);
    else
        r.missing("tour");
    if (const Entry* x = r.find("exhibits")) {
        parse_list(ctx, *x, tour.exhibits, [&](const YAML::Node& node, const std::string& path) {
            return parse_exhibit(ctx, node, path, tour.folder);
        });
    }
    const Entry* scenes = r.find("scenes");
    if (!scenes) {
        r.missing("scenes");
        return;
    }
    parse_list(ctx, *scenes, tour.scenes, [&](const YAML::Node& node, const std::string& path) {
        return parse_scene(ctx, node, path, tour.folder);
    });
    if (scenes->value.IsSequence() && scenes->value.size() == 0)
        ctx.error(value_pos(ctx, *scenes), scenes->path, "the tour has no scenes");
    if (tour.start.empty() && tour.start_pos.line == 0 && !tour.scenes.empty()) tour.start = tour.scenes[0].id;
}

Text parse_text(Context& ctx, const Entry& e) {
    Text t;
    t.pos = value_pos(ctx, e);
    if (e.value.IsScalar()) {
        t.by_language[ctx.languages.empty() ? std::string() : ctx.languages.front()] = e.value.Scalar();
        return t;
    }
    if (!e.value.IsMap()) {
        ctx.error(t.pos, e.path,
                  "expected a text (a string, or a map from language to string), found " +
                      std::string(describe(e.value)));
        return t;
    }
    std::vector<std::string_view> declared(ctx.languages.begin(), ctx.languages.end());
    for (auto it = e.value.begin(); it != e.value.end(); ++it) {
        const Entry item{it->first, it->second, e.path + "." + (it->first.IsScalar() ? it->first.Scalar() : "?")};
        const std::string lang = it->first.IsScalar() ? it->first.Scalar() : std::string();
        if (std::find(declared.begin(), declared.end(), lang) == declared.end()) {
            const std::string list = ctx.languages.empty() ? "no languages; add `languages: [" + lang + "]` to `tour`"
                                                           : joined(ctx.languages);
            ctx.error(ctx.pos(item.key), item.path,
                      "language " + quote(lang) + " is not declared in tour.languages (" + list + ")" +
                          did_you_mean(lang, declared));
            continue;
        }
        if (std::optional<std::string> s = read_string(ctx, item); s && !t.by_language.count(lang))
            t.by_language[lang] = *s;
    }
    for (const std::string& lang : ctx.languages)
        if (!t.empty() && !t.by_language.count(lang))
            ctx.warning(t.pos, e.path,
                        "no " + quote(lang) + " text; visitors reading " + lang + " see " +
                            t.by_language.begin()->first + " instead");
    return t;
}

std::optional<FileRef> parse_file_ref(Context& ctx, const Entry& e, const std::filesystem::path& folder) {
    std::optional<std::string> s = read_string(ctx, e);
    if (!s) return std::nullopt;
    const SourcePos at = value_pos(ctx, e);
    std::string problem;
    if (s->empty()) {
        problem = "empty path";
    } else if (is_url(*s)) {
        problem = "URLs are not files: " + quote(*s) + "; put the file in the tour's folder and give its path";
    } else if (s->front() == '/' || s->front() == '\\' || (s->size() > 1 && (*s)[1] == ':')) {
        problem = "absolute path " + quote(*s) + "; give the path relative to the tour file";
    } else if (s->find('\\') != std::string::npos) {
        problem = "use `/` between folder names, not `\\`: " + quote(*s);
    } else if (const std::filesystem::path norm = std::filesystem::path(*s).lexically_normal();
               !norm.empty() && *norm.begin() == "..") {
        problem = "path " + quote(*s) + " leaves the tour's folder; keep media beside the tour file";
    }
    if (!problem.empty()) {
        ctx.error(at, e.path, problem);
        return std::nullopt;
    }
    return FileRef{*s, (folder / *s).lexically_normal(), at};
}

std::optional<FileRef> parse_file_ref(Context& ctx, const YAML::Node& node, const std::string& path,
                                      const std::filesystem::path& folder) {
    return parse_file_ref(ctx, Entry{YAML::Node(), node, path}, folder);
}

} // namespace vrex::tour::detail
