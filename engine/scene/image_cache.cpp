#include "scene/image_cache.hpp"

#include <algorithm>
#include <chrono>
#include <spdlog/spdlog.h>

namespace vrex::scene {

core::Expected<media::Image, std::string> load_gallery_image(const std::filesystem::path& path, uint32_t max_side) {
    auto image = media::decode_image(path);
    if (!image) return core::unexpected(image.error());
    while (std::max(image->width, image->height) > max_side && std::min(image->width, image->height) >= 2)
        *image = media::downscale_half(*image);
    return std::move(*image);
}

ImageCache::ImageCache(render::Renderer& renderer, Retire retire) : m_renderer(renderer), m_retire(std::move(retire)) {}

ImageCache::~ImageCache() {
    clear();
}

void ImageCache::drop(Entry& e) {
    if (e.decoding.valid()) e.decoding.wait();
    if (e.texture) m_retire(std::move(*e.texture));
    e.texture.reset();
}

void ImageCache::want(const std::vector<std::filesystem::path>& wanted) {
    ++m_tick;
    for (const std::filesystem::path& file : wanted) {
        Entry& e = m_entries[file];
        e.last_wanted = m_tick;
        if (e.ready || e.decoding.valid()) continue;
        e.decoding = std::async(std::launch::async, [file] { return load_gallery_image(file, k_max_side); });
    }
    std::vector<std::pair<uint64_t, std::filesystem::path>> idle;
    for (auto& [file, e] : m_entries)
        if (e.last_wanted != m_tick && !e.decoding.valid()) idle.push_back({e.last_wanted, file});
    std::sort(idle.rbegin(), idle.rend());
    for (size_t i = k_keep; i < idle.size(); ++i) {
        drop(m_entries[idle[i].second]);
        m_entries.erase(idle[i].second);
    }
}

std::vector<std::filesystem::path> ImageCache::poll() {
    std::vector<std::filesystem::path> became_ready;
    for (auto& [file, e] : m_entries) {
        if (!e.decoding.valid() || e.decoding.wait_for(std::chrono::seconds(0)) != std::future_status::ready) continue;
        auto decoded = e.decoding.get();
        if (decoded) {
            if (e.texture) m_retire(std::move(*e.texture));
            e.texture = m_renderer.load_texture(*decoded, "gallery image");
            e.error.clear();
        } else {
            spdlog::error("{}", decoded.error());
            e.error = decoded.error();
        }
        e.ready = true;
        became_ready.push_back(file);
    }
    return became_ready;
}

void ImageCache::clear() {
    for (auto& [file, e] : m_entries) drop(e);
    m_entries.clear();
}

const render::Texture* ImageCache::texture(const std::filesystem::path& file) const {
    auto it = m_entries.find(file);
    return it != m_entries.end() && it->second.texture ? &*it->second.texture : nullptr;
}

std::string ImageCache::error(const std::filesystem::path& file) const {
    auto it = m_entries.find(file);
    return it != m_entries.end() ? it->second.error : "";
}

bool ImageCache::ready(const std::filesystem::path& file) const {
    auto it = m_entries.find(file);
    return it != m_entries.end() && it->second.ready;
}

bool ImageCache::busy() const {
    return std::any_of(m_entries.begin(), m_entries.end(), [](const auto& kv) { return kv.second.decoding.valid(); });
}

std::vector<std::filesystem::path> wanted_images(const viewer::Viewer& viewer) {
    const std::optional<viewer::PanelState> panel = viewer.panel();
    if (!panel || !panel->gallery || !panel->exhibit) return {};
    const std::vector<tour::ExhibitImage>& images = panel->exhibit->images;
    const int count = static_cast<int>(images.size());
    if (count == 0) return {};
    std::vector<std::filesystem::path> wanted;
    for (const int step : {0, 1, -1}) {
        const std::filesystem::path& file =
            images[static_cast<size_t>(((panel->gallery->index + step) % count + count) % count)].path;
        if (std::find(wanted.begin(), wanted.end(), file) == wanted.end()) wanted.push_back(file);
    }
    return wanted;
}

} // namespace vrex::scene
