#pragma once
// Fonts for panel text: found through fontconfig by language, loaded with FreeType, shaped with HarfBuzz.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace vrex::text {

namespace detail {
class Fonts;
}

// Owns the FreeType library, the fontconfig configuration, every face loaded so far and the glyph bitmap cache.
// Not thread-safe: use one FontLibrary per thread. Move-only.
class FontLibrary {
public:
    // With no directories, fonts are the system's (fontconfig's default configuration). With directories, only the
    // fonts in them are seen (for bundled fonts and for tests). Fails only if FreeType or fontconfig cannot start;
    // a missing font is reported later, by the call that needs it.
    static core::Expected<FontLibrary, std::string> create(const std::vector<std::filesystem::path>& font_dirs = {});

    FontLibrary(FontLibrary&&) noexcept;
    FontLibrary& operator=(FontLibrary&&) noexcept;
    ~FontLibrary();

    // Fonts tried in order for `language` ("zh", "zh-TW", "en", "ja", ...): the language's own font first, then
    // fallbacks for other scripts. Returns their names ("Noto Sans CJK SC Regular"), or an error naming the package
    // to install when the language has no font.
    core::Expected<std::vector<std::string>, std::string> fonts_for(const std::string& language, bool bold);

    // Name of a font id as found in PositionedGlyph::font.
    std::string font_name(uint32_t font) const;

    detail::Fonts& fonts() { return *m_fonts; }

private:
    explicit FontLibrary(std::unique_ptr<detail::Fonts> fonts);
    std::unique_ptr<detail::Fonts> m_fonts;
};

} // namespace vrex::text
