#pragma once
// Turns the Viewer's state into a RenderScene: the panorama, hotspot markers with their icons, labels under link
// markers, the open info panel, the open model exhibit and, for a scene whose panorama (or a model that) failed, a
// placeholder with the problem written on it. Owns the textures this needs and rebuilds them when the language or the
// on-screen size changes.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "render/renderer.hpp"
#include "scene/image_cache.hpp"
#include "scene/model_cache.hpp"
#include "scene/panorama_cache.hpp"
#include "text/font_library.hpp"
#include "text/text.hpp"
#include "viewer/viewer.hpp"

namespace vrex::scene {

using viewer::HotspotState;
using viewer::PanelState;
using viewer::PointerKind;
using viewer::Ray;
using viewer::Viewer;

struct ScreenInfo {
    uint32_t width = 1, height = 1; // pixels of the view the scene is drawn into
    double hfov = 90;               // degrees
};

// The pointer as the visitor sees it in a headset: a controller ray with a cursor where it meets something, or
// a gaze reticle whose ring grows while dwelling.
struct PointerVisual {
    Ray ray;
    PointerKind kind = PointerKind::Controller;
    double hit_distance_m = 0; // 0: the ray meets nothing near (a marker at infinity counts as near: use 8 m)
    double dwell_progress = 0;
};

// The fonts for panel texts, or nullopt with one line on `err` saying what to install (texts are then left out).
std::optional<text::FontLibrary> load_fonts(std::ostream& err);

class SceneDrawer {
public:
    using Retire = std::function<void(render::Texture&&)>;
    // `fonts` may be null (no fonts installed): markers still work, text is left out.
    SceneDrawer(render::Renderer& renderer, text::FontLibrary* fonts, Retire retire);

    // The scene to draw now. `screen` decides the resolution of text textures (sharp at their on-screen size).
    // `models` (may be null: no model is drawn) holds the open model exhibit's model, or its error, or nothing yet.
    render::RenderScene build(const tour::Tour& tour, const Viewer& viewer, const PanoramaCache& cache,
                              const ScreenInfo& screen, const ModelCache* models = nullptr);
    // Height in metres of the panel drawn by the last build (0 when none): tell the Viewer (set_panel_height).
    double panel_height_m() const { return m_panel_height_m; }
    // Radius in metres of the open model's bounding sphere as the last build drew it (0 when none): tell the Viewer
    // (set_model_radius).
    double model_radius_m() const { return m_model_radius_m; }
    // The pointer to draw from now on (nullopt: none, e.g. on the desktop, or while the system menu is open).
    void set_pointer(std::optional<PointerVisual> pointer) { m_pointer = std::move(pointer); }
    render::Renderer& renderer() { return m_renderer; }
    // Starts loading the open gallery's images (the one shown and its neighbours) and uploads those decoded; true
    // when one became ready in this call (draw again). Call once a tick, on the thread that draws.
    bool poll_images(const Viewer& viewer);
    // Gallery images are being decoded (an app that sleeps while idle keeps polling meanwhile).
    bool images_busy() const { return m_images.busy(); }
    // The image the open gallery shows is ready (loaded, or failed: drawn as a placeholder); true without a gallery.
    bool gallery_ready(const Viewer& viewer) const;
    // Drops every text texture and gallery image (the tour was reloaded).
    void forget_text();
    // A line of text shown at the bottom of the view (curator mode: lint messages of a broken save); "" = none.
    void set_status(const std::string& message);

private:
    const render::Texture& icon(tour::HotspotKind kind);
    // The texture of `blocks` laid out with `options`, made on first use and cached under `key` (which must name
    // everything the picture depends on). nullptr without fonts, or when the layout fails (logged).
    // The red card of something that cannot be shown (a hall's panorama, a model): a title and the reason.
    const render::Texture* error_card(const std::string& title, const std::string& error, std::string_view language,
                                      const std::string& key);
    const render::Texture* text_texture(const std::string& key, const std::vector<text::Block>& blocks,
                                        const text::LayoutOptions& options);
    // One line of text on a dark label, as small as it fits (marker labels, the loading indicator).
    const render::Texture* line_texture(const std::string& line, std::string_view language, float size_px);
    void add_markers(const tour::Tour& tour, const Viewer& viewer, render::RenderScene& scene);
    void add_panel(const Viewer& viewer, const ScreenInfo& screen, render::RenderScene& scene);
    // scene_drawer_gallery.cpp: an open gallery (a panel with an image, its caption and counter, arrows)
    void add_gallery(const Viewer& viewer, const PanelState& panel, const ScreenInfo& screen,
                     render::RenderScene& scene);
    const render::Texture* gallery_text(const Viewer& viewer, const PanelState& panel, const ScreenInfo& screen,
                                        double width_m);
    void add_gallery_picture(const Viewer& viewer, const PanelState& panel, const glm::vec3& centre,
                             const glm::vec2& box_m, render::RenderScene& scene);
    void add_placeholder(const Viewer& viewer, const std::string& error, render::RenderScene& scene);
    void add_status(const ScreenInfo& screen, render::RenderScene& scene);
    void add_pointer(render::RenderScene& scene);
    void add_loading(const Viewer& viewer, render::RenderScene& scene);
    void add_model(const Viewer& viewer, const ModelCache* models, render::RenderScene& scene);
    void add_model_message(const viewer::ModelState& model, const std::string& error, std::string_view language,
                           render::RenderScene& scene);
    const render::Texture& asset_texture(const char* name);

    render::Renderer& m_renderer;
    text::FontLibrary* m_fonts;
    Retire m_retire;
    // The open gallery's pictures.
    ImageCache m_images;
    std::map<std::string, render::Texture> m_assets; // icons, reticle, cursor
    struct TextTexture {
        render::Texture texture;
        int last_used = 0; // frame number
    };
    std::map<std::string, TextTexture> m_text; // key: what + language + size
    int m_frame = 0;
    std::string m_status;
    double m_panel_height_m = 0;
    double m_model_radius_m = 0;
    std::optional<PointerVisual> m_pointer;
};

} // namespace vrex::scene
