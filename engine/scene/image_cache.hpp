#pragma once
// Gallery images, decoded on worker threads with the panoramas' decoder and limits (the frame loop never waits on a
// JPEG), made no larger than a panel shows them, and uploaded on the frame loop's thread when ready. An image that
// fails keeps its reason (the gallery shows it on a placeholder card) and counts as ready. The cache keeps what the
// open gallery wants (the image shown and its neighbours) and a few more, and retires the rest.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "media/image.hpp"
#include "render/renderer.hpp"
#include "viewer/viewer.hpp"

namespace vrex::scene {

// Decodes a gallery image (media::decode_image: its size limits, corrupt and truncated files refused) and halves it
// in linear light until no side is over `max_side` pixels (a panel's quad samples it without mips).
core::Expected<media::Image, std::string> load_gallery_image(const std::filesystem::path& path, uint32_t max_side);

class ImageCache {
public:
    // `retire` keeps a dropped texture alive until the GPU is done with it (the presenter's deferred deletion).
    using Retire = std::function<void(render::Texture&&)>;
    static constexpr uint32_t k_max_side = 1024; // a panel 1.2 m wide at 1.4 m: about 700 px on a 1920 px screen

    ImageCache(render::Renderer& renderer, Retire retire);
    ~ImageCache(); // waits for decodes in flight
    ImageCache(const ImageCache&) = delete;
    ImageCache& operator=(const ImageCache&) = delete;

    // Starts decoding the files in `wanted` that are not loaded or loading; drops the others but the k_keep most
    // recently wanted (stepping back a few images is instant).
    void want(const std::vector<std::filesystem::path>& wanted);
    // Uploads finished decodes. Returns the files that became ready (loaded or failed) in this call.
    std::vector<std::filesystem::path> poll();
    // Forgets everything (the tour was reloaded).
    void clear();

    const render::Texture* texture(const std::filesystem::path& file) const;
    // The reason a file has no texture ("" when it has one or is still loading).
    std::string error(const std::filesystem::path& file) const;
    bool ready(const std::filesystem::path& file) const;
    bool busy() const; // decodes in flight

private:
    struct Entry {
        std::future<core::Expected<media::Image, std::string>> decoding;
        std::optional<render::Texture> texture;
        std::string error;
        bool ready = false;
        uint64_t last_wanted = 0;
    };
    void drop(Entry& e);

    render::Renderer& m_renderer;
    Retire m_retire;
    std::map<std::filesystem::path, Entry> m_entries;
    uint64_t m_tick = 0;
    static constexpr size_t k_keep = 3; // images kept beyond the wanted ones
};

// The files of the open gallery worth having now, the one shown first, then the next and the previous (so that a
// step shows them at once). Empty while no gallery is open.
std::vector<std::filesystem::path> wanted_images(const viewer::Viewer& viewer);

} // namespace vrex::scene
