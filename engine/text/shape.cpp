#include "text/shape.hpp"

#include <memory>

#include "text/utf8.hpp"

namespace vrex::text::detail {

namespace {

struct Run {
    size_t begin = 0, end = 0;
    uint32_t font = 0;
    hb_script_t script = HB_SCRIPT_COMMON;
};

bool is_neutral(hb_script_t script) {
    return script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED || script == HB_SCRIPT_UNKNOWN;
}

bool is_cjk(hb_script_t script) {
    return script == HB_SCRIPT_HAN || script == HB_SCRIPT_HIRAGANA || script == HB_SCRIPT_KATAKANA ||
           script == HB_SCRIPT_HANGUL || script == HB_SCRIPT_BOPOMOFO;
}

class Itemiser {
public:
    Itemiser(Fonts& fonts, const std::vector<uint32_t>& chain) : m_fonts(fonts), m_chain(chain) {}

    // Adds the code point at [begin, end); false if it needs a CJK font and none is installed.
    bool add(char32_t cp, size_t begin, size_t end) {
        const hb_script_t script = hb_unicode_script(hb_unicode_funcs_get_default(), cp);
        Run* current = m_runs.empty() ? nullptr : &m_runs.back();
        const bool stays = current && (script == HB_SCRIPT_INHERITED || cp < 0x20 ||
                                       (is_neutral(script) && m_fonts.has_char(current->font, cp)));
        if (stays) {
            current->end = end;
            return true;
        }
        const uint32_t* font = find_font(cp);
        if (!font && is_cjk(script) && !has_cjk_font()) return false;
        const uint32_t chosen = font ? *font : (current ? current->font : m_chain.front());
        const hb_script_t resolved = is_neutral(script) && current ? current->script : script;
        if (current && current->font == chosen && (current->script == resolved || is_neutral(current->script))) {
            current->end = end;
            if (is_neutral(current->script)) current->script = resolved;
        } else {
            m_runs.push_back({begin, end, chosen, resolved});
        }
        return true;
    }

    std::vector<Run>& runs() { return m_runs; }

private:
    const uint32_t* find_font(char32_t cp) const {
        for (const uint32_t& id : m_chain)
            if (m_fonts.has_char(id, cp)) return &id;
        return nullptr;
    }
    bool has_cjk_font() const { return find_font(U'\u4E2D') != nullptr; }

    Fonts& m_fonts;
    const std::vector<uint32_t>& m_chain;
    std::vector<Run> m_runs;
};

using BufferPtr = std::unique_ptr<hb_buffer_t, decltype(&hb_buffer_destroy)>;

void shape_run(Fonts& fonts, hb_buffer_t* buffer, std::string_view utf8, const Run& run, hb_language_t language,
               float size_px, ShapedText& out) {
    hb_buffer_clear_contents(buffer);
    hb_buffer_add_utf8(buffer, utf8.data(), int(utf8.size()), unsigned(run.begin), int(run.end - run.begin));
    hb_buffer_set_script(buffer, is_neutral(run.script) ? HB_SCRIPT_LATIN : run.script);
    hb_buffer_set_language(buffer, language);
    hb_buffer_guess_segment_properties(buffer);
    hb_shape(fonts.hb_font(run.font, size_px), buffer, nullptr, 0);

    unsigned count = 0;
    const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
    for (unsigned i = 0; i < count; ++i) {
        ShapedGlyph g{run.font,
                      infos[i].codepoint,
                      infos[i].cluster,
                      positions[i].x_advance / 64.0f,
                      positions[i].x_offset / 64.0f,
                      positions[i].y_offset / 64.0f};
        out.advance_by_byte[g.cluster] += g.advance;
        out.cluster_start[g.cluster] = 1;
        out.glyphs.push_back(g);
    }
}

} // namespace

core::Expected<ShapedText, std::string> shape_text(Fonts& fonts, std::string_view utf8, const std::string& language,
                                                   float size_px, bool bold) {
    auto chain = fonts.chain(language, bold);
    if (!chain) return core::unexpected(chain.error());
    Itemiser itemiser(fonts, *chain);
    for (size_t pos = 0; pos < utf8.size();) {
        const size_t begin = pos;
        const char32_t cp = next_code_point(utf8, pos);
        if (!itemiser.add(cp, begin, pos))
            return core::unexpected(std::string("the text has Chinese, Japanese or Korean characters but no font for "
                                                "them was found; install fonts-noto-cjk"));
    }

    ShapedText out;
    out.primary_font = chain->front();
    out.advance_by_byte.assign(utf8.size(), 0.0f);
    out.cluster_start.assign(utf8.size(), 0);
    BufferPtr buffer(hb_buffer_create(), &hb_buffer_destroy);
    const hb_language_t hb_language = hb_language_from_string(language.c_str(), -1);
    for (const Run& run : itemiser.runs()) shape_run(fonts, buffer.get(), utf8, run, hb_language, size_px, out);
    return out;
}

} // namespace vrex::text::detail
