#include "app/import_command.hpp"
#include "app/modules.hpp"

#include <ostream>
#include <system_error>
#include <utility>
#include <vector>

#include "core/file.hpp"
#include "tour/import.hpp"

namespace vrex::app {
namespace {

namespace fs = std::filesystem;

bool inside(const fs::path& relative) {
    return !relative.empty() && *relative.begin() != "..";
}

// Media paths for DIR/tour.yaml: relative to DIR when they lie inside it; with --copy, copied under DIR (keeping
// their place relative to the source's folder, or into media/ when they lie outside it).
class MediaPlan {
public:
    MediaPlan(fs::path source_dir, fs::path out_dir, bool copy)
        : m_source_dir(std::move(source_dir)), m_out_dir(std::move(out_dir)), m_copy(copy) {}

    std::optional<std::string> map(const std::string& written, std::string& why) {
        if (written.find("://") != std::string::npos || fs::path(written).is_absolute()) {
            why = "`" + written +
                  "` is a URL or an absolute path; copy the file beside the source and refer to it "
                  "relatively";
            return std::nullopt;
        }
        const fs::path abs = (m_source_dir / written).lexically_normal();
        if (!m_copy) {
            const fs::path rel = abs.lexically_relative(m_out_dir);
            if (inside(rel)) return rel.generic_string();
            why = "`" + written + "` lies outside " + m_out_dir.string() +
                  "; use --copy to copy the media there, or write the tour next to the source (-o " +
                  m_source_dir.string() + ")";
            return std::nullopt;
        }
        fs::path rel = abs.lexically_relative(m_source_dir);
        const bool pattern = written.find_first_of("%{") != std::string::npos;
        if (pattern && !inside(rel)) {
            why = "tiles `" + written + "` lie outside the source's folder; --copy copies tiles from inside it only";
            return std::nullopt;
        }
        if (pattern) {
            // A tile pattern: the folder above its first placeholder is copied whole.
            fs::path prefix;
            for (const fs::path& part : rel) {
                if (part.string().find_first_of("%{") != std::string::npos) break;
                prefix /= part;
            }
            if (prefix.empty()) {
                why = "tiles `" + written + "` are not in a folder of their own; --copy copies such a folder";
                return std::nullopt;
            }
            m_copies.emplace_back(m_source_dir / prefix, m_out_dir / prefix);
            return rel.generic_string();
        }
        if (!inside(rel)) rel = fs::path("media") / abs.filename();
        m_copies.emplace_back(abs, m_out_dir / rel);
        return rel.generic_string();
    }

    // Copies what map() planned; false (each failure printed) when a file could not be copied.
    bool copy_all(std::ostream& err) const {
        bool ok = true;
        for (const auto& [from, to] : m_copies) {
            std::error_code ec;
            if (fs::equivalent(from, to, ec)) continue;
            fs::create_directories(to.parent_path(), ec);
            if (fs::is_directory(from, ec))
                fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
            else
                fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
            if (ec) {
                err << "vrex import: cannot copy " << from.string() << " to " << to.string() << ": " << ec.message()
                    << "\n";
                ok = false;
            }
        }
        return ok;
    }
    std::size_t copies() const { return m_copies.size(); }

private:
    fs::path m_source_dir, m_out_dir;
    bool m_copy;
    std::vector<std::pair<fs::path, fs::path>> m_copies;
};

} // namespace

int run_import(const ImportOptions& o, std::ostream& out, std::ostream& err) {
    std::error_code ec;
    fs::create_directories(o.output, ec);
    const fs::path out_dir = fs::weakly_canonical(fs::absolute(o.output), ec);
    const fs::path source_dir = fs::weakly_canonical(fs::absolute(o.source).parent_path(), ec);
    const fs::path tour_file = out_dir / "tour.yaml";
    if (fs::exists(tour_file) && !o.force) {
        err << "vrex import: " << tour_file.string() << " exists; --force replaces it\n";
        return 1;
    }
    MediaPlan plan(source_dir, out_dir, o.copy);
    const tour::ImportResult imported = tour::import_foreign_tour(
        o.source, [&plan](const std::string& written, std::string& why) { return plan.map(written, why); });
    for (const tour::Diagnostic& d : imported.diagnostics) err << tour::format_diagnostic(d) << "\n";
    if (!imported.ok()) {
        err << "vrex import: nothing written\n";
        return 1;
    }
    if (o.copy && !plan.copy_all(err)) return 1;
    if (auto written = core::write_file_atomic(tour_file, imported.yaml.data(), imported.yaml.size()); !written) {
        err << "vrex import: " << written.error() << "\n";
        return 1;
    }
    out << "vrex import: " << imported.summary << " from " << o.source.string() << " -> " << tour_file.string();
    if (o.copy) out << " (" << plan.copies() << " media files copied)";
    out << "\n";
    const tour::LoadResult check = tour::load_tour(tour_file, tour_load_options());
    for (const tour::Diagnostic& d : check.diagnostics) err << tour::format_diagnostic(d) << "\n";
    return check.ok() ? 0 : 1;
}

} // namespace vrex::app
