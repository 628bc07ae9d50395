// libFuzzer target for the tour loader and validator (engine/tour/load.cpp and the steps after it): the bytes are a
// tour.yaml in a folder made once per process, which holds what a tour names and what a hostile one would: a 2:1 PNG
// and square faces, a model, a tile pyramid's manifest, a FIFO, a folder named like an image, links to a file and to
// a folder outside. Each load runs with the file checks and media's image probe, as `vrex lint` does, and once more
// without the file checks, as the viewer opens a tour. Promises: no crash or hang (a FIFO is never opened), a tour
// exactly when there is no error, a tour has scenes, and every diagnostic names the tour file with a line inside it.
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

#include "media/image.hpp"
#include "media/png_write.hpp"
#include "tour/load.hpp"

namespace {

namespace fs = std::filesystem;

void fail(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "fuzz_tour: broken promise: %s %s\n", what, detail.c_str());
    std::abort();
}

void write(const fs::path& p, std::string_view text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

void png(const fs::path& p, uint32_t w, uint32_t h) {
    fs::create_directories(p.parent_path());
    (void)vrex::media::write_png(p, vrex::media::Image{w, h, std::vector<uint8_t>(size_t(w) * h * 4, 200)});
}

// The folder the tours live in: <tmp>/vrex-fuzz-tour-PID/tour, beside <tmp>/vrex-fuzz-tour-PID/outside.
struct Folder {
    fs::path base = fs::temp_directory_path() / ("vrex-fuzz-tour-" + std::to_string(::getpid()));
    fs::path tour = base / "tour";
    Folder() {
        std::error_code ec;
        fs::remove_all(base, ec);
        png(tour / "panos/hall.png", 64, 32);
        for (const char* face : {"f", "r", "b", "l", "u", "d"})
            png(tour / "cube" / (face + std::string(".png")), 16, 16);
        png(tour / "gallery/one.png", 16, 16);
        write(tour / "models/box.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
        write(tour / "panos/hall.tiles/tiles.json", "{}");
        write(tour / "panos/text.jpg", "not an image");
        fs::create_directories(tour / "panos/folder.jpg");
        ::mkfifo((tour / "panos/fifo.jpg").c_str(), 0600);
        png(base / "outside/secret.png", 64, 32);
        write(base / "outside/tiles.json", "{}");
        fs::create_symlink(base / "outside/secret.png", tour / "panos/out.png", ec);
        fs::create_directory_symlink(base / "outside", tour / "out", ec);
        std::atexit([] {
            std::error_code e;
            fs::remove_all(folder().base, e);
        });
    }
    static const Folder& folder() {
        static const Folder f;
        return f;
    }
};

void check(const vrex::tour::LoadResult& r, std::string_view text, const std::string& file) {
    using vrex::tour::Severity;
    const bool errors = std::any_of(r.diagnostics.begin(), r.diagnostics.end(),
                                    [](const auto& d) { return d.severity == Severity::Error; });
    if (r.ok() == errors) fail("a tour exactly when there is no error");
    if (r.ok() && r.tour->scenes.empty()) fail("a loaded tour without scenes");
    // A line break is LF, CR LF or a lone CR: LFs and CRs together bound the lines.
    const long lines =
        long(std::count(text.begin(), text.end(), '\n') + std::count(text.begin(), text.end(), '\r')) + 1;
    for (const auto& d : r.diagnostics) {
        if (d.file != file) fail("a diagnostic that does not name the tour file:", d.file);
        if (d.message.empty()) fail("a diagnostic without a message");
        if (d.line < 0 || d.line > lines) fail("a diagnostic past the last line:", d.message);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace vrex::tour;
    const Folder& folder = Folder::folder();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const fs::path file = folder.tour / "tour.yaml";
    LoadOptions lint;
    lint.probe_image = [](const fs::path& path) -> vrex::core::Expected<ImageSize, std::string> {
        auto info = vrex::media::probe_image(path);
        if (!info) return vrex::core::unexpected(info.error());
        return ImageSize{int(info->width), int(info->height)};
    };
    lint.check_model = [](const fs::path& path) { return path.extension() == ".obj" ? "" : path.string() + ": no"; };
    check(load_tour_from_string(text, file, lint), text, file.string());
    LoadOptions view;
    view.check_files = false;
    check(load_tour_from_string(text, file, view), text, file.string());
    return 0;
}
