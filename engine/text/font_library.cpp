// Finding fonts: fontconfig picks a face for the language, FreeType loads it, HarfBuzz wraps it for shaping.
#include "text/font_library.hpp"

#include "core/mutation.hpp"
#include "text/fonts.hpp"

#include FT_TRUETYPE_TABLES_H
#include <hb-ft.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace vrex::text {

namespace detail {

namespace {

// Languages whose fonts come from fonts-noto-cjk on Debian; everything else is served by a Latin sans.
bool is_cjk_language(const std::string& fc_language) {
    return fc_language.starts_with("zh") || fc_language.starts_with("ja") || fc_language.starts_with("ko");
}

std::string package_hint(const std::string& fc_language) {
    return is_cjk_language(fc_language) ? "install fonts-noto-cjk" : "install fonts-dejavu-core or fonts-noto-core";
}

std::string pattern_string(FcPattern* pattern, const char* object) {
    FcChar8* value = nullptr;
    if (FcPatternGetString(pattern, object, 0, &value) != FcResultMatch || !value) return {};
    return reinterpret_cast<const char*>(value);
}

// Does the matched font cover the language? Simplified and traditional Chinese differ by territory, and a font for
// one lacks characters of the other, so there the territory must match too.
bool supports_language(FcPattern* font, const std::string& fc_language) {
    const auto* lang = reinterpret_cast<const FcChar8*>(fc_language.c_str());
    if (!FcLangGetCharSet(lang)) return true; // a language fontconfig does not know: take what it gave
    FcLangSet* langs = nullptr;
    if (FcPatternGetLangSet(font, FC_LANG, 0, &langs) != FcResultMatch || !langs) return false;
    const FcLangResult r = FcLangSetHasLang(langs, lang);
    return r == FcLangEqual || (r == FcLangDifferentTerritory && !fc_language.starts_with("zh"));
}

void read_metrics(Face& face) {
    const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(face.ft, FT_SFNT_OS2));
    const float upem = face.ft->units_per_EM > 0 ? float(face.ft->units_per_EM) : 1000.0f;
    if (os2 && os2->version != 0xFFFF && os2->sTypoAscender > 0) {
        face.ascent = float(os2->sTypoAscender) / upem;
        face.descent = float(-os2->sTypoDescender) / upem;
    } else if (face.ft->ascender > 0) {
        face.ascent = float(face.ft->ascender) / upem;
        face.descent = float(-face.ft->descender) / upem;
    }
}

} // namespace

std::string fontconfig_language(const std::string& language) {
    std::string tag;
    for (char c : language) tag += c == '_' ? '-' : char(std::tolower(static_cast<unsigned char>(c)));
    if (tag.empty()) return "en";
    if (tag == "zh" || tag == "zh-hans" || tag.starts_with("zh-hans-") || tag == "zh-cn" || tag == "zh-sg")
        return "zh-cn";
    if (tag == "zh-hant" || tag.starts_with("zh-hant-") || tag == "zh-tw") return "zh-tw";
    return tag;
}

core::Expected<std::unique_ptr<Fonts>, std::string> Fonts::create(const std::vector<std::filesystem::path>& dirs) {
    std::unique_ptr<Fonts> fonts(new Fonts());
    if (FT_Init_FreeType(&fonts->m_ft) != 0) return core::unexpected(std::string("FreeType failed to initialise"));
    if (dirs.empty()) {
        fonts->m_config = FcInitLoadConfigAndFonts();
    } else {
        // Only the given directories, but the usual cache (without one fontconfig complains on every scan).
        fonts->m_config = FcConfigCreate();
        const auto* cache =
            reinterpret_cast<const FcChar8*>("<fontconfig><cachedir prefix=\"xdg\">fontconfig</cachedir></fontconfig>");
        if (fonts->m_config) FcConfigParseAndLoadFromMemory(fonts->m_config, cache, FcFalse);
        for (const auto& dir : dirs) {
            const auto* path = reinterpret_cast<const FcChar8*>(dir.c_str());
            if (!fonts->m_config || !FcConfigAppFontAddDir(fonts->m_config, path))
                return core::unexpected("cannot read fonts in " + dir.string());
        }
    }
    if (!fonts->m_config) return core::unexpected(std::string("fontconfig failed to load its configuration"));
    return fonts;
}

Fonts::~Fonts() {
    for (auto& face : m_faces) {
        if (face->hb) hb_font_destroy(face->hb);
        if (face->ft) FT_Done_Face(face->ft);
    }
    if (m_config) FcConfigDestroy(m_config);
    if (m_ft) FT_Done_FreeType(m_ft);
}

core::Expected<std::vector<uint32_t>, std::string> Fonts::chain(const std::string& language, bool bold) {
    const std::string fc_language = fontconfig_language(language);
    const std::string key = fc_language + (bold ? "|bold" : "|regular");
    if (auto it = m_chains.find(key); it != m_chains.end()) return it->second;

    auto primary = match(fc_language, bold);
    if (!primary) return core::unexpected(primary.error());
    std::vector<uint32_t> ids{*primary};
    // Fallbacks for the other script of a bilingual exhibition: Chinese inside English text and the reverse.
    for (const char* other : {"zh-cn", "en"}) {
        auto id = match(other, bold);
        if (id && std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
    }
    m_chains.emplace(key, ids);
    return ids;
}

core::Expected<uint32_t, std::string> Fonts::match(const std::string& fc_language, bool bold) {
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>("sans-serif"));
    FcPatternAddString(pattern, FC_LANG, reinterpret_cast<const FcChar8*>(fc_language.c_str()));
    FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN);
    FcPatternAddBool(pattern, FC_OUTLINE, FcTrue);
    FcConfigSubstitute(m_config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* font = FcFontMatch(m_config, pattern, &result);
    FcPatternDestroy(pattern);

    const std::string missing = "no font for language '" + fc_language + "'";
    if (!font) return core::unexpected(missing + " (fontconfig found no fonts at all); " + package_hint(fc_language));
    const std::string file = pattern_string(font, FC_FILE);
    const std::string family = pattern_string(font, FC_FAMILY);
    int index = 0;
    FcPatternGetInteger(font, FC_INDEX, 0, &index);
    FcBool embolden = FcFalse;
    FcPatternGetBool(font, FC_EMBOLDEN, 0, &embolden);
    const bool ok = !file.empty() && supports_language(font, fc_language);
    FcPatternDestroy(font);
    if (!ok) return core::unexpected(missing + " (the closest is '" + family + "'); " + package_hint(fc_language));
    return load(file, index, embolden == FcTrue);
}

core::Expected<uint32_t, std::string> Fonts::load(const std::string& file, int index, bool embolden) {
    const std::string key = file + "#" + std::to_string(index) + (embolden ? "+embolden" : "");
    for (uint32_t id = 0; id < m_faces.size(); ++id)
        if (m_faces[id]->key == key) return id;

    auto face = std::make_unique<Face>();
    if (FT_New_Face(m_ft, file.c_str(), index, &face->ft) != 0)
        return core::unexpected("FreeType cannot open font " + file);
    face->key = key;
    face->embolden = embolden;
    face->name = std::string(face->ft->family_name ? face->ft->family_name : "?") + " " +
                 (face->ft->style_name ? face->ft->style_name : "") + (embolden ? " (synthetic bold)" : "");
    read_metrics(*face);
    set_size(*face, 32.0f);
    face->hb = hb_ft_font_create_referenced(face->ft);
    m_faces.push_back(std::move(face));
    return uint32_t(m_faces.size() - 1);
}

bool Fonts::has_char(uint32_t id, char32_t c) const {
    return FT_Get_Char_Index(m_faces.at(id)->ft, c) != 0;
}

hb_font_t* Fonts::hb_font(uint32_t id, float size_px) {
    Face& face = *m_faces.at(id);
    set_size(face, size_px);
    return face.hb;
}

void Fonts::set_size(Face& face, float size_px) {
    const FT_F26Dot6 size = FT_F26Dot6(std::lround(size_px * 64.0f));
    if (size == face.size) return;
    FT_Set_Char_Size(face.ft, 0, size, 72, 72);
    face.size = size;
    if (face.hb) hb_ft_font_changed(face.hb);
}

} // namespace detail

FontLibrary::FontLibrary(std::unique_ptr<detail::Fonts> fonts) : m_fonts(std::move(fonts)) {}
FontLibrary::FontLibrary(FontLibrary&&) noexcept = default;
FontLibrary& FontLibrary::operator=(FontLibrary&&) noexcept = default;
FontLibrary::~FontLibrary() = default;

core::Expected<FontLibrary, std::string> FontLibrary::create(const std::vector<std::filesystem::path>& font_dirs) {
    if (core::mutated(core::Mutation::no_fonts))
        return core::unexpected(std::string("no fonts (VREX_MUTATION=no-fonts); install fonts-noto-cjk"));
    auto fonts = detail::Fonts::create(font_dirs);
    if (!fonts) return core::unexpected(fonts.error());
    return FontLibrary(std::move(*fonts));
}

core::Expected<std::vector<std::string>, std::string> FontLibrary::fonts_for(const std::string& language, bool bold) {
    auto ids = m_fonts->chain(language, bold);
    if (!ids) return core::unexpected(ids.error());
    std::vector<std::string> names;
    for (uint32_t id : *ids) names.push_back(m_fonts->face(id).name);
    return names;
}

std::string FontLibrary::font_name(uint32_t font) const {
    return font < m_fonts->face_count() ? m_fonts->face(font).name : std::string("?");
}

} // namespace vrex::text
