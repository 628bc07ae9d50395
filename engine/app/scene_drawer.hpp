#pragma once
// Turns the Viewer's state into a RenderScene: the panorama, hotspot markers with their icons, labels under link
// markers, the open info panel and, for a scene whose panorama failed, a placeholder with the problem written on
// it. Owns the textures this needs and rebuilds them when the language or the on-screen size changes.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "app/panorama_cache.hpp"
#include "app/viewer.hpp"
#include "render/renderer.hpp"
#include "text/font_library.hpp"

namespace vrex::app {

struct ScreenInfo {
    uint32_t width = 1, height = 1; // pixels of the view the scene is drawn into
    double hfov = 90;               // degrees
};

class SceneDrawer {
public:
    using Retire = std::function<void(render::Texture&&)>;
    // `fonts` may be null (no fonts installed): markers still work, text is left out.
    SceneDrawer(render::Renderer& renderer, text::FontLibrary* fonts, Retire retire);

    // The scene to draw now. `screen` decides the resolution of text textures (sharp at their on-screen size).
    render::RenderScene build(const tour::Tour& tour, const Viewer& viewer, const PanoramaCache& cache,
                              const ScreenInfo& screen);
    // Height in metres of the panel drawn by the last build (0 when none): tell the Viewer (set_panel_height).
    double panel_height_m() const { return m_panel_height_m; }
    // Drops every text texture (the tour was reloaded).
    void forget_text();
    // A line of text shown at the bottom of the view (curator mode: lint messages of a broken save); "" = none.
    void set_status(const std::string& message);

private:
    const render::Texture& icon(tour::HotspotKind kind);
    const render::Texture* text_texture(const std::string& key,
                                        const std::function<std::optional<media::Image>()>& make);
    void add_markers(const tour::Tour& tour, const Viewer& viewer, render::RenderScene& scene);
    void add_panel(const Viewer& viewer, const ScreenInfo& screen, render::RenderScene& scene);
    void add_placeholder(const Viewer& viewer, const std::string& error, render::RenderScene& scene);
    void add_status(const ScreenInfo& screen, render::RenderScene& scene);

    render::Renderer& m_renderer;
    text::FontLibrary* m_fonts;
    Retire m_retire;
    std::map<tour::HotspotKind, render::Texture> m_icons;
    std::map<std::string, render::Texture> m_text; // key: what + language + size
    std::map<std::string, int> m_text_last_used;
    int m_frame = 0;
    std::string m_status;
    double m_panel_height_m = 0;
};

} // namespace vrex::app
