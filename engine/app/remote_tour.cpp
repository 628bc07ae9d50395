#include "app/remote_tour.hpp"
#include "app/modules.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <map>
#include <ostream>
#include <set>

#include "media/model.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"
#include "tour/load.hpp"

namespace vrex::app {
namespace {

// The files a tour names, in the order the view needs them: the start scene's panorama first, then the other
// scenes', then exhibits' pictures and models (their parts follow: fetch_model_parts). Tiled panoramas are not
// fetched (see docs/http.md).
std::vector<const tour::FileRef*> media_of(const tour::Tour& t) {
    std::vector<const tour::FileRef*> refs;
    auto add_scene = [&refs](const tour::Scene& s) {
        if (s.panorama.kind == tour::PanoramaKind::Equirect) refs.push_back(&s.panorama.image);
        if (s.panorama.kind == tour::PanoramaKind::Cube)
            for (const tour::FileRef& f : s.panorama.cube) refs.push_back(&f);
    };
    for (const tour::Scene& s : t.scenes)
        if (s.id == t.start) add_scene(s);
    for (const tour::Scene& s : t.scenes)
        if (s.id != t.start) add_scene(s);
    for (const tour::Exhibit& e : t.exhibits) {
        for (const tour::ExhibitImage& i : e.images) refs.push_back(&i);
        if (e.model) refs.push_back(&*e.model);
    }
    return refs;
}

// Each served model's parts beside it (a glTF's buffers and images, an OBJ's material libraries, their textures),
// fetched a level at a time (a material library names textures), at most three levels: the loader then finds them
// in the cache as it finds them in a folder. `fetched`: the media fetched so far.
std::vector<net::FetchResult> fetch_model_parts(net::HttpClient& client, const std::string& url, const tour::Tour& t,
                                                const std::vector<net::FetchResult>& fetched, std::ostream& err) {
    std::vector<std::pair<std::string, std::filesystem::path>> level; // written path (tour-relative), cached file
    for (const tour::Exhibit& e : t.exhibits) {
        const auto model_url = e.model ? net::resolve_in_base(url, e.model->written) : core::unexpected(std::string());
        for (const net::FetchResult& r : fetched)
            if (model_url && r.url == *model_url && r.origin != net::Origin::None)
                level.emplace_back(e.model->written, r.file);
    }
    std::vector<net::FetchResult> all;
    std::set<std::string> seen;
    for (int depth = 0; depth < 3 && !level.empty(); ++depth) {
        std::vector<std::string> urls, written;
        for (const auto& [model, file] : level)
            for (std::string name : media::model_side_files(file)) {
                std::replace(name.begin(), name.end(), '\\', '/'); // OBJ files from Windows
                const std::string part = (std::filesystem::path(model).parent_path() / name).generic_string();
                auto part_url = net::resolve_in_base(url, part);
                if (!part_url)
                    err << url << ": warning: " << model << " names " << name << ": " << part_url.error() << "\n";
                else if (seen.insert(*part_url).second) {
                    urls.push_back(*part_url);
                    written.push_back(part);
                }
            }
        level.clear();
        if (urls.empty()) break;
        for (net::FetchResult& r : client.fetch_all(urls)) {
            const auto at = std::find(urls.begin(), urls.end(), r.url);
            if (r.origin != net::Origin::None && at != urls.end())
                level.emplace_back(written[size_t(at - urls.begin())], r.file);
            all.push_back(std::move(r));
        }
    }
    return all;
}

const char* origin_word(net::Origin o) {
    switch (o) {
    case net::Origin::Downloaded:
        return "downloaded";
    case net::Origin::Revalidated:
        return "revalidated (304)";
    case net::Origin::Fresh:
        return "fresh in the cache";
    case net::Origin::Cache:
        return "from the cache";
    case net::Origin::None:
        break;
    }
    return "missing";
}

// One line per problem (the server's unreachability once), then a summary:
// "vrex: URL: 3 files: 2 downloaded, 1 revalidated (304)".
void report(const std::string& url, const std::vector<net::FetchResult>& results, std::ostream& err) {
    std::map<std::string, int> counts;
    bool said_unreachable = false;
    for (const net::FetchResult& r : results) {
        if (!r.warning.empty() && !said_unreachable) {
            err << "vrex: warning: " << r.url << ": " << r.warning << "\n";
            said_unreachable = r.unreachable;
        }
        if (!r.error.empty() && r.unreachable && said_unreachable)
            err << "vrex: " << r.url << ": not in the cache: shown as a placeholder\n";
        else if (!r.error.empty())
            err << "vrex: " << r.url << ": " << r.error << "\n";
        said_unreachable = said_unreachable || r.unreachable;
        ++counts[origin_word(r.origin)];
    }
    err << "vrex: " << url << ": " << results.size() << " file" << (results.size() == 1 ? "" : "s");
    const char* sep = ": ";
    for (const auto& [word, n] : counts) {
        err << sep << n << " " << word;
        sep = ", ";
    }
    err << "\n";
}

// The tour's own problems name the URL, not the cache's copy.
bool tour_is_sound(const std::filesystem::path& file, const std::string& url, std::ostream& err,
                   std::optional<tour::Tour>& tour) {
    tour::LoadOptions lenient;
    lenient.check_files = false;
    tour::LoadResult r = tour::load_tour(file, lenient);
    for (tour::Diagnostic d : r.diagnostics) {
        if (d.severity != tour::Severity::Error) continue;
        d.file = url;
        err << tour::format_diagnostic(d) << "\n";
    }
    tour = std::move(r.tour);
    return tour.has_value();
}

} // namespace

void add_net_options(CLI::App* command, NetOptions& options) {
    command->add_flag("--offline", options.offline,
                      "A tour given as a URL: use the HTTP cache alone, without asking the server");
    command
        ->add_option("--ca", options.ca_file,
                     "A tour given as a URL: trust the certificates in this PEM file instead of the system's "
                     "(default: VREX_CA_FILE)")
        ->type_name("FILE");
}

net::HttpOptions http_options(const NetOptions& o) {
    net::HttpOptions h;
    h.cache_root = net::default_cache_root();
    h.offline = o.offline;
    h.ca_file = o.ca_file;
    if (h.ca_file.empty())
        if (const char* env = std::getenv("VREX_CA_FILE")) h.ca_file = env;
    return h;
}

std::optional<RemoteTour> fetch_remote_tour(net::HttpClient& client, const std::string& url, std::ostream& err,
                                            const net::FetchResult* tour_result) {
    std::vector<net::FetchResult> first = tour_result ? std::vector{*tour_result} : client.fetch_all({url});
    if (first[0].origin == net::Origin::None) {
        err << "vrex: " << url << ": " << first[0].error << "\n";
        return std::nullopt;
    }
    std::optional<tour::Tour> tour;
    if (!tour_is_sound(first[0].file, url, err, tour)) return std::nullopt;
    std::vector<std::string> urls;
    for (const tour::FileRef* ref : media_of(*tour)) {
        auto media_url = net::resolve_in_base(url, ref->written);
        if (media_url)
            urls.push_back(*media_url);
        else
            err << url << ":" << ref->pos.line << ":" << ref->pos.col << ": error: " << media_url.error() << "\n";
    }
    std::vector<net::FetchResult> results = client.fetch_all(urls);
    for (net::FetchResult& part : fetch_model_parts(client, url, *tour, results, err))
        results.push_back(std::move(part));
    results.insert(results.begin(), first[0]);
    report(url, results, err);
    RemoteTour fetched{url, first[0].file};
    for (const net::FetchResult& r : results) {
        fetched.changed = fetched.changed || r.origin == net::Origin::Downloaded || r.status == 404 || r.status == 410;
        fetched.unreachable = fetched.unreachable || r.unreachable;
        if (r.origin == net::Origin::None && (r.unreachable || client.offline())) fetched.uncached.push_back(r.url);
    }
    return fetched;
}

bool localize_remote_tour(std::filesystem::path& input, const NetOptions& options, std::ostream& err,
                          RemoteTour* fetched) {
    std::string url = input.string();
    if (!net::is_http_url(url)) return true;
    if (url.back() == '/') url += "tour.yaml";
    net::HttpClient client(http_options(options));
    std::optional<RemoteTour> remote = fetch_remote_tour(client, url, err);
    if (!remote) return false;
    input = remote->file;
    if (fetched) *fetched = std::move(*remote);
    return true;
}

} // namespace vrex::app
