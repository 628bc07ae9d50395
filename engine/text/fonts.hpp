#pragma once
// Internal to engine/text: the FreeType / fontconfig / HarfBuzz objects behind FontLibrary.
#include <ft2build.h>
#include FT_FREETYPE_H
#include <fontconfig/fontconfig.h>
#include <hb.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/expected.hpp"

namespace vrex::text::detail {

struct Face {
    FT_Face ft = nullptr;
    hb_font_t* hb = nullptr;
    std::string name;      // "Noto Sans CJK SC Bold"
    std::string key;       // file + index + embolden, to load each face once
    bool embolden = false; // fontconfig asked for synthetic bold (no bold face installed)
    FT_F26Dot6 size = 0;   // current FT and HarfBuzz size, 26.6 pixels
    float ascent = 0.8f;   // em fractions used for line boxes (OS/2 typo metrics where present)
    float descent = 0.2f;
};

struct GlyphBitmap {
    int left = 0, top = 0; // offset of the bitmap's top-left from the pen position (top is up, as FreeType)
    int width = 0, height = 0;
    std::vector<uint8_t> coverage; // width * height, 0..255, linear coverage
};

class Fonts {
public:
    static core::Expected<std::unique_ptr<Fonts>, std::string> create(const std::vector<std::filesystem::path>& dirs);
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;
    ~Fonts();

    // Font ids to try in order for a language; the first is the language's own font. Cached per (language, bold).
    core::Expected<std::vector<uint32_t>, std::string> chain(const std::string& language, bool bold);

    const Face& face(uint32_t id) const { return *m_faces.at(id); }
    size_t face_count() const { return m_faces.size(); }
    bool has_char(uint32_t id, char32_t c) const;
    // The face's HarfBuzz font, scaled to size_px.
    hb_font_t* hb_font(uint32_t id, float size_px);
    // Anti-aliased coverage of a glyph at size_px, its outline shifted right by phase / 4 pixel. Cached; the
    // reference stays valid until the next call.
    const GlyphBitmap& glyph(uint32_t id, float size_px, uint32_t glyph_id, int phase);

private:
    Fonts() = default;
    core::Expected<uint32_t, std::string> match(const std::string& fc_language, bool bold);
    core::Expected<uint32_t, std::string> load(const std::string& file, int index, bool embolden);
    void set_size(Face& face, float size_px);
    GlyphBitmap render(Face& face, uint32_t glyph_id, int phase);

    struct GlyphKey {
        uint32_t face, glyph;
        int32_t size;
        int32_t phase;
        bool operator==(const GlyphKey&) const = default;
    };
    struct GlyphKeyHash {
        size_t operator()(const GlyphKey& k) const;
    };

    FT_Library m_ft = nullptr;
    FcConfig* m_config = nullptr;
    std::vector<std::unique_ptr<Face>> m_faces;
    std::map<std::string, std::vector<uint32_t>> m_chains;
    std::unordered_map<GlyphKey, GlyphBitmap, GlyphKeyHash> m_glyphs;
    size_t m_glyph_bytes = 0;
};

// Fontconfig's name for a language tag: "zh" -> "zh-cn", "zh-Hant" -> "zh-tw", "en-GB" -> "en-gb", "" -> "en".
std::string fontconfig_language(const std::string& language);

} // namespace vrex::text::detail
