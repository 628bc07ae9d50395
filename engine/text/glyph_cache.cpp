// Glyph bitmaps: FreeType's anti-aliased renderer, cached per (face, size, glyph, quarter-pixel phase).
#include "text/fonts.hpp"

#include FT_OUTLINE_H

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace vrex::text::detail {

namespace {

// Bitmaps are dropped all at once past this; a panel's worth of CJK glyphs at 32 px is about 0.5 MiB.
constexpr size_t k_glyph_cache_bytes = 32u << 20;

} // namespace

size_t Fonts::GlyphKeyHash::operator()(const GlyphKey& k) const {
    size_t h = k.face;
    h = h * 1000003u ^ k.glyph;
    h = h * 1000003u ^ size_t(k.size);
    return h * 1000003u ^ size_t(k.phase);
}

const GlyphBitmap& Fonts::glyph(uint32_t id, float size_px, uint32_t glyph_id, int phase) {
    const GlyphKey key{id, glyph_id, int32_t(std::lround(size_px * 64.0f)), phase};
    if (auto it = m_glyphs.find(key); it != m_glyphs.end()) return it->second;
    if (m_glyph_bytes > k_glyph_cache_bytes) {
        m_glyphs.clear();
        m_glyph_bytes = 0;
    }
    Face& face = *m_faces.at(id);
    set_size(face, size_px);
    GlyphBitmap bitmap = render(face, glyph_id, phase);
    m_glyph_bytes += bitmap.coverage.size() + sizeof(GlyphBitmap) + sizeof(GlyphKey);
    return m_glyphs.emplace(key, std::move(bitmap)).first->second;
}

// Light hinting snaps outlines vertically only, so the horizontal sub-pixel shift and HarfBuzz's unhinted advances
// stay true while stems and x-heights land on pixel rows: sharp at the size asked for.
GlyphBitmap Fonts::render(Face& face, uint32_t glyph_id, int phase) {
    GlyphBitmap out;
    if (FT_Load_Glyph(face.ft, glyph_id, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP) != 0) return out;
    FT_GlyphSlot slot = face.ft->glyph;
    if (slot->format != FT_GLYPH_FORMAT_OUTLINE) return out;
    FT_Outline_Translate(&slot->outline, FT_Pos(phase) * 16, 0);
    if (face.embolden) FT_Outline_Embolden(&slot->outline, FT_Pos(face.size / 24));
    if (FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) != 0) return out;

    const FT_Bitmap& bm = slot->bitmap;
    if (bm.pixel_mode != FT_PIXEL_MODE_GRAY || bm.width == 0 || bm.rows == 0) return out;
    out.left = slot->bitmap_left;
    out.top = slot->bitmap_top;
    out.width = int(bm.width);
    out.height = int(bm.rows);
    out.coverage.resize(size_t(out.width) * out.height);
    const int pitch = std::abs(bm.pitch);
    for (int row = 0; row < out.height; ++row) {
        // A negative pitch means the buffer is stored bottom-up.
        const int src_row = bm.pitch >= 0 ? row : out.height - 1 - row;
        std::memcpy(&out.coverage[size_t(row) * out.width], bm.buffer + size_t(src_row) * pitch, out.width);
    }
    if (bm.num_grays != 256 && bm.num_grays > 1)
        for (uint8_t& c : out.coverage) c = uint8_t(c * 255 / (bm.num_grays - 1));
    return out;
}

} // namespace vrex::text::detail
