// The report folder: heat map PNGs and index.html.
#include "stats/report.hpp"

#include <cstdio>

#include "core/file.hpp"
#include "media/png_write.hpp"
#include "stats/heatmap.hpp"

namespace vrex::stats {
namespace {

// A file name from an id that came from a log: letters, digits, '-' and '_' kept, anything else '_'.
std::string file_stem(std::size_t index, const std::string& id) {
    char number[16];
    std::snprintf(number, sizeof number, "%02zu", index + 1);
    std::string stem = std::string("heat-") + number + "-";
    for (const char c : id.substr(0, 64)) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        stem += plain ? c : '_';
    }
    return stem;
}

std::string seconds(double s) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", s);
    return text;
}

std::string html(const Summary& summary, const std::vector<SceneHeat>& heats, const ReportOptions& options) {
    std::string out = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>vrex visitor statistics</title>\n"
                      "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}"
                      "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child,th:first-child,"
                      "td:nth-child(2){text-align:left}img{width:100%}</style></head><body>\n";
    out += "<h1>Visitor statistics</h1>\n<p>" + std::to_string(summary.visits) +
           (summary.visits == 1 ? " visit, " : " visits, ") + seconds(summary.total_s) +
           " s in all. Heat maps: where visitors looked, each view sample a Gaussian " + seconds(options.sigma_deg) +
           "&deg; wide on the sphere.</p>\n";
    out += "<h2>Scenes</h2>\n<table><tr><th>scene</th><th>title</th><th>visits</th><th>entries</th><th>total s</th>"
           "<th>median s</th><th>samples</th></tr>\n";
    for (const SceneSummary& r : summary.scenes)
        out += "<tr><td>" + html_escape(r.scene) + "</td><td>" + html_escape(r.title) + "</td><td>" +
               std::to_string(r.visits) + "</td><td>" + std::to_string(r.entries) + "</td><td>" + seconds(r.total_s) +
               "</td><td>" + seconds(r.median_s) + "</td><td>" + std::to_string(r.samples) + "</td></tr>\n";
    out += "</table>\n<h2>Hotspots</h2>\n<table><tr><th>scene</th><th>hotspot</th><th>opens</th></tr>\n";
    for (const HotspotSummary& h : summary.hotspots)
        out += "<tr><td>" + html_escape(h.scene) + "</td><td>" + html_escape(h.hotspot) + "</td><td>" +
               std::to_string(h.opens) + "</td></tr>\n";
    out += "</table>\n<h2>Where visitors looked</h2>\n";
    for (const SceneHeat& h : heats) {
        char peak[96];
        std::snprintf(peak, sizeof peak, "most looked at: yaw %.1f&deg;, pitch %.1f&deg;", h.peak_yaw, h.peak_pitch);
        out += "<h3>" + html_escape(h.scene) + "</h3>\n<p>" + peak +
               (h.backdrop == "panorama" ? std::string() : " (no panorama beneath: " + html_escape(h.backdrop) + ")") +
               "</p>\n<img src=\"" + h.overlay + "\" alt=\"heat map of " + html_escape(h.scene) + "\">\n";
    }
    return out + "</body></html>\n";
}

} // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

media::Image scene_backdrop(const tour::Scene& scene, uint32_t width, uint32_t height, std::string& why) {
    const tour::Panorama& p = scene.panorama;
    if (p.kind != tour::PanoramaKind::Equirect) {
        why = p.kind == tour::PanoramaKind::Cube ? "a cube panorama" : "a tiled panorama";
        return {};
    }
    if (p.haov < 360 || p.vaov < 180) {
        why = "a partial panorama";
        return {};
    }
    auto decoded = media::decode_image(p.image.path);
    if (!decoded) {
        why = decoded.error();
        return {};
    }
    media::Image image = std::move(*decoded);
    if (p.stereo != tour::StereoLayout::Mono) { // the left eye: the top half, or the left half
        const uint32_t w = p.stereo == tour::StereoLayout::SideBySide ? image.width / 2 : image.width;
        const uint32_t h = p.stereo == tour::StereoLayout::TopBottom ? image.height / 2 : image.height;
        media::Image left{w, h, std::vector<uint8_t>(std::size_t(w) * h * 4)};
        for (uint32_t y = 0; y < h; ++y)
            std::copy_n(&image.rgba[std::size_t(y) * image.width * 4], std::size_t(w) * 4,
                        &left.rgba[std::size_t(y) * w * 4]);
        image = std::move(left);
    }
    why = "panorama";
    return resample(image, width, height);
}

core::Expected<std::vector<SceneHeat>, std::string> write_report(const Summary& summary,
                                                                 const std::vector<Visit>& visits,
                                                                 const tour::Tour* tour, const ReportOptions& options) {
    std::error_code ec;
    std::filesystem::create_directories(options.out, ec);
    if (ec) return core::unexpected(options.out.string() + ": cannot make the report folder (" + ec.message() + ")");
    const uint32_t w = std::max(16u, options.width), h = w / 2;
    std::vector<SceneHeat> heats;
    for (std::size_t i = 0; i < summary.scenes.size(); ++i) {
        const SceneSummary& row = summary.scenes[i];
        if (row.samples == 0) continue;
        HeatGrid grid(w, h);
        for (const Visit& v : visits)
            for (const ViewSample& s : v.views)
                if (s.scene == row.scene) grid.splat(s.yaw, s.pitch, options.sigma_deg);
        SceneHeat heat{row.scene, file_stem(i, row.scene) + ".png", file_stem(i, row.scene) + "-density.png"};
        const math::YawPitch peak = grid.peak();
        heat.peak_yaw = peak.yaw;
        heat.peak_pitch = peak.pitch;
        const tour::Scene* scene = tour ? tour->find_scene(row.scene) : nullptr;
        media::Image backdrop;
        if (scene)
            backdrop = scene_backdrop(*scene, w, h, heat.backdrop);
        else
            heat.backdrop = tour ? "not in the tour" : "no tour";
        const media::Image overlay = heat_overlay(grid, backdrop.width ? &backdrop : nullptr);
        const media::Image density = density_image(grid);
        for (const auto& [name, image] : {std::pair{heat.overlay, &overlay}, std::pair{heat.density, &density}}) {
            auto written = media::write_png(options.out / name, *image);
            if (!written) return core::unexpected(written.error());
        }
        heats.push_back(std::move(heat));
    }
    const std::string text = html(summary, heats, options);
    auto written = core::write_file_atomic(options.out / "index.html", text.data(), text.size());
    if (!written) return core::unexpected(written.error());
    return heats;
}

} // namespace vrex::stats
