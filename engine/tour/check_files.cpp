// Checks against the disk: referenced files exist, stay inside the tour's folder, and have usable sizes.
#include <algorithm>
#include <cmath>

#include "tour/parse.hpp"

namespace vrex::tour::detail {
namespace {

namespace fs = std::filesystem;

std::string size_text(ImageSize s) {
    return std::to_string(s.width) + "×" + std::to_string(s.height);
}

// The names in the file's folder, for "did you mean" when a name is misspelt or differs in case.
std::string sibling_hint(const fs::path& file) {
    std::error_code ec;
    std::vector<std::string> names;
    for (fs::directory_iterator it(file.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
        names.push_back(it->path().filename().string());
        if (names.size() > 1000) return "";
    }
    return did_you_mean(file.filename().string(), std::vector<std::string_view>(names.begin(), names.end()));
}

class FileChecker {
public:
    FileChecker(Context& ctx, const Tour& tour, const LoadOptions& options)
        : m_ctx(ctx), m_options(options), m_tour_folder(tour.folder) {
        std::error_code ec;
        m_root = fs::weakly_canonical(tour.folder.empty() ? fs::path(".") : tour.folder, ec);
        if (ec) m_root.clear();
    }

    // True when the file is there, a plain file inside the tour's folder, and the options check files; reports
    // otherwise. With file checks off a missing file is not reported, but a file that is there is still guarded:
    // a FIFO would block whoever opens it, and a link may lead anywhere.
    bool exists(const FileRef& f, const std::string& path) {
        if (f.written.empty()) return false;
        std::error_code ec;
        const fs::file_status st = fs::status(f.path, ec);
        if (!fs::exists(st)) {
            if (m_options.check_files)
                m_ctx.error(f.pos, path, "file not found: " + quote(f.written) + sibling_hint(f.path));
            return false;
        }
        if (!fs::is_regular_file(st)) {
            m_ctx.error(f.pos, path,
                        quote(f.written) + " is not a file (" +
                            (fs::is_directory(st) ? "a folder" : "a FIFO, socket or device; vrex does not open it") +
                            ")");
            return false;
        }
        const fs::path real = fs::weakly_canonical(f.path, ec);
        const auto [root_end, _] = std::mismatch(m_root.begin(), m_root.end(), real.begin(), real.end());
        if (!ec && !m_root.empty() && root_end != m_root.end()) {
            m_ctx.error(f.pos, path, quote(f.written) + " is a link to a file outside the tour's folder");
            return false;
        }
        if (m_options.found_files) m_options.found_files->push_back(f.path);
        return m_options.check_files;
    }

    // The image's size, when the file exists and a probe was given; reports unreadable images.
    std::optional<ImageSize> probe(const FileRef& f, const std::string& path) {
        if (!exists(f, path) || !m_options.probe_image) return std::nullopt;
        core::Expected<ImageSize, std::string> size = m_options.probe_image(f.path);
        if (!size) {
            // The probe names the file by its full path; the diagnostic names it as written.
            std::string why = size.error();
            if (const std::string full = f.path.string() + ": "; why.rfind(full, 0) == 0) why.erase(0, full.size());
            m_ctx.error(f.pos, path,
                        "cannot read " + quote(f.written) + " as an image" + (why.empty() ? "" : ": " + why));
            return std::nullopt;
        }
        if (size->width <= 0 || size->height <= 0) {
            m_ctx.error(f.pos, path, "cannot read " + quote(f.written) + " as an image (JPEG or PNG)");
            return std::nullopt;
        }
        return *size;
    }

    void panorama(const Panorama& p, const std::string& path) {
        if (p.kind == PanoramaKind::Cube) {
            cube(p, path);
            return;
        }
        if (p.kind == PanoramaKind::Tiles) {
            tiles(p.tiles, path + ".tiles");
            return;
        }
        if (p.image.written.empty()) return;
        const std::string image_path = path + (p.image.pos == p.pos ? "" : ".image");
        const std::optional<ImageSize> size = probe(p.image, image_path);
        if (!size || p.is_partial()) return;
        const double ratio = p.stereo == StereoLayout::TopBottom    ? 1.0
                             : p.stereo == StereoLayout::SideBySide ? 4.0
                                                                    : 2.0;
        const char* what = p.stereo == StereoLayout::TopBottom    ? "a top-bottom stereo equirect should be 1:1"
                           : p.stereo == StereoLayout::SideBySide ? "a side-by-side stereo equirect should be 4:1"
                                                                  : "an equirect panorama should be 2:1";
        if (std::abs(double(size->width) / size->height - ratio) > 0.01 * ratio)
            m_ctx.warning(p.image.pos, image_path,
                          quote(p.image.written) + " is " + size_text(*size) + ", but " + what +
                              " (for a partial panorama give haov and vaov)");
    }

    void cube(const Panorama& p, const std::string& path) {
        std::optional<ImageSize> first;
        for (std::size_t i = 0; i < p.cube.size(); ++i) {
            const std::string face_path = path + ".cube[" + std::to_string(i) + "]";
            const std::optional<ImageSize> size = probe(p.cube[i], face_path);
            if (!size) continue;
            if (size->width != size->height)
                m_ctx.warning(p.cube[i].pos, face_path,
                              "cube face " + quote(p.cube[i].written) + " is " + size_text(*size) + ", not square");
            else if (first && (first->width != size->width))
                m_ctx.warning(p.cube[i].pos, face_path,
                              "cube face " + quote(p.cube[i].written) + " is " + size_text(*size) +
                                  ", but the first face is " + size_text(*first));
            if (!first) first = size;
        }
    }

    void tiles(const Tiles& t, const std::string& path) {
        if (t.layout == TilesLayout::Vrex) {
            if (t.folder.written.empty()) return;
            std::error_code ec;
            if (!m_options.check_files) { // only the guard on what is there (see exists)
                exists({t.folder.written + "/tiles.json", t.folder.path / "tiles.json", t.folder.pos}, path);
                return;
            }
            if (!fs::is_directory(t.folder.path, ec)) {
                m_ctx.error(t.folder.pos, path,
                            "tile pyramid not found: " + quote(t.folder.written) + " is not a folder" +
                                sibling_hint(t.folder.path));
                return;
            }
            const FileRef manifest{t.folder.written + "/tiles.json", t.folder.path / "tiles.json", t.folder.pos};
            if (!fs::exists(fs::symlink_status(manifest.path, ec))) { // a FIFO or a link: exists() says what it is
                m_ctx.error(t.folder.pos, path,
                            quote(t.folder.written) + " holds no tiles.json: not a pyramid made by `vrex tile`");
                return;
            }
            if (!exists(manifest, path)) return;
        } else if (t.pattern.written.empty()) {
            return; // reported while parsing
        }
        if (!m_options.check_files || !m_options.check_tiles) return;
        const std::string problem = m_options.check_tiles(t, m_tour_folder);
        if (!problem.empty()) m_ctx.error(t.pos, path, problem);
    }

private:
    Context& m_ctx;
    const LoadOptions& m_options;
    fs::path m_tour_folder;
    fs::path m_root;
};

} // namespace

void check_files(Context& ctx, const Tour& tour, const LoadOptions& options) {
    FileChecker files(ctx, tour, options);
    for (std::size_t i = 0; i < tour.scenes.size(); ++i)
        files.panorama(tour.scenes[i].panorama, "scenes[" + std::to_string(i) + "].panorama");
    for (std::size_t i = 0; i < tour.exhibits.size(); ++i) {
        const Exhibit& x = tour.exhibits[i];
        const std::string path = "exhibits[" + std::to_string(i) + "]";
        for (std::size_t j = 0; j < x.images.size(); ++j)
            files.probe(x.images[j], path + ".images[" + std::to_string(j) + "]");
        if (x.model && files.exists(*x.model, path + ".model") && options.check_model) {
            const std::string problem = options.check_model(x.model->path);
            if (!problem.empty()) ctx.error(x.model->pos, path + ".model", problem);
        }
    }
}

} // namespace vrex::tour::detail
