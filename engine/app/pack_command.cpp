#include "app/pack_command.hpp"
#include "app/modules.hpp"

#include <algorithm>
#include <map>
#include <ostream>

#include <CLI/CLI.hpp>

#include "app/tour_source.hpp"
#include "media/model.hpp"
#include "pack/pack.hpp"
#include "scene/tiles_source.hpp"

namespace vrex::app {

namespace fs = std::filesystem;

namespace {

// The files of one tour, by member name.
class FileList {
public:
    explicit FileList(const fs::path& folder) {
        std::error_code ec;
        m_base = fs::absolute(folder.empty() ? fs::path(".") : folder, ec).lexically_normal();
        m_root = fs::weakly_canonical(m_base, ec);
    }

    // Adds `file` under its path relative to the tour's folder; false (and the reason in `problems`) when it is
    // not a plain file inside that folder.
    bool add(const fs::path& file) {
        std::error_code ec;
        const fs::path real = fs::weakly_canonical(file, ec);
        if (ec || !fs::is_regular_file(real, ec)) return problem(file.string() + ": not a plain file; not packed");
        if (std::mismatch(m_root.begin(), m_root.end(), real.begin(), real.end()).first != m_root.end())
            return problem(file.string() + ": outside the tour's folder (or a link out of it); not packed");
        // The name the tour uses (a link inside the folder keeps its own name), or the real one.
        fs::path rel = fs::absolute(file, ec).lexically_normal().lexically_relative(m_base);
        if (rel.empty() || *rel.begin() == "..") rel = real.lexically_relative(m_root);
        m_files.emplace(rel.generic_string(), file);
        return true;
    }

    bool problem(const std::string& why) {
        m_problems.push_back(why);
        return false;
    }

    const std::map<std::string, fs::path>& files() const { return m_files; }
    const std::vector<std::string>& problems() const { return m_problems; }

private:
    fs::path m_base, m_root;
    std::map<std::string, fs::path> m_files;
    std::vector<std::string> m_problems;
};

// Every tile, preview and manifest of a tiled panorama that is on disk (a pyramid may leave holes: they stay holes).
void add_tiles(const tour::Tiles& tiles, const fs::path& tour_folder, FileList& list) {
    auto pyramid = scene::tile_pyramid(tiles, tour_folder);
    if (!pyramid) {
        list.problem(pyramid.error());
        return;
    }
    std::error_code ec;
    for (int level = 0; level < int(pyramid->levels.size()); ++level) {
        const int n = pyramid->levels[std::size_t(level)].tiles_per_side();
        for (int face = 0; face < media::k_cube_faces; ++face)
            for (int y = 0; y < n; ++y)
                for (int x = 0; x < n; ++x) {
                    const fs::path file = pyramid->tile_path({level, media::CubeFace(face), x, y});
                    if (fs::is_regular_file(file, ec)) list.add(file);
                }
    }
    for (const fs::path& face : pyramid->preview_faces) list.add(face);
    if (pyramid->preview_equirect) list.add(*pyramid->preview_equirect);
    if (pyramid->preview_strip) list.add(*pyramid->preview_strip);
}

// Loads the tour as `vrex lint` does, collecting what it references; nullopt when it has errors.
std::optional<tour::Tour> load_for_pack(const fs::path& path, std::vector<fs::path>& files, std::ostream& err) {
    tour::LoadOptions options = tour_load_options();
    options.found_files = &files;
    options.check_model = [&files](const fs::path& model) {
        auto loaded = media::load_model(model);
        if (!loaded) return loaded.error();
        std::error_code ec;
        for (const fs::path& f : loaded->files)
            if (fs::is_regular_file(f, ec)) files.push_back(f);
        return std::string();
    };
    tour::LoadResult result = load_any_tour(path, options, &err);
    for (const tour::Diagnostic& d : result.diagnostics) err << tour::format_diagnostic(d) << "\n";
    if (!result.ok()) err << "vrex pack: " << path.string() << " has errors (see above); nothing written\n";
    return std::move(result.tour);
}

std::string megabytes(uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", double(bytes) / 1e6);
    return text;
}

} // namespace

void add_pack(CLI::App& cli, PackOptions& o) {
    CLI::App* pack = cli.add_subcommand(
        "pack", "Write a tour and every file it references as one verified file (a zip with SHA-256 sums) that "
                "vrex view, shot and lint open directly");
    pack->add_option("tour", o.tour, "Tour file (tour.yaml) or the folder holding it")->required();
    pack->add_option("-o,--output", o.output, "The pack to write, e.g. exhibition.vrex")->required();
    pack->add_flag("--force", o.force, "Replace the output if it exists");
}

int run_pack(const PackOptions& o, std::ostream& out, std::ostream& err) {
    std::vector<fs::path> referenced;
    const std::optional<tour::Tour> tour = load_for_pack(o.tour, referenced, err);
    if (!tour) return 1;
    FileList list(tour->folder);
    list.add(tour->file);
    for (const fs::path& f : referenced) list.add(f);
    for (const tour::Scene& s : tour->scenes)
        if (s.panorama.kind == tour::PanoramaKind::Tiles) add_tiles(s.panorama.tiles, tour->folder, list);
    for (const std::string& p : list.problems()) err << "vrex pack: " << p << "\n";
    if (!list.problems().empty()) return 1;
    std::vector<pack::PackInput> inputs;
    for (const auto& [name, source] : list.files()) inputs.push_back({name, source});
    const std::string tour_name = fs::path(tour->file).filename().string();
    auto written = pack::write_pack(o.output, tour_name, inputs, o.force);
    if (!written) {
        err << "vrex pack: " << written.error() << "\n";
        return 1;
    }
    out << "vrex pack: wrote " << o.output.string() << ": " << written->files << " files, " << megabytes(written->bytes)
        << " (" << megabytes(written->pack_bytes) << " packed), sha256 " << written->sha256 << "\n";
    return 0;
}

bool localize_pack(fs::path& input, std::ostream& err) {
    std::string ext = input.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    std::error_code ec;
    if (ext != ".vrex" || fs::is_directory(input, ec)) return true;
    auto opened = pack::open_pack(input, pack::default_cache_root());
    if (!opened) {
        err << "vrex: " << opened.error() << "\n";
        return false;
    }
    err << "vrex: " << input.string() << ": " << opened->files << " files, sha256 " << opened->sha256.substr(0, 12)
        << "…, " << (opened->reused ? "verified before, opened from " : "verified and extracted to ")
        << opened->folder.string() << "\n";
    input = opened->tour_file;
    return true;
}

} // namespace vrex::app
