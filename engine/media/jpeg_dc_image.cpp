// The DC decode's picture (see jpeg_dc.hpp): the DC differences summed into one plane of block means per component,
// subsampled planes brought to the luma grid, and YCbCr turned into RGBA as libjpeg does.
#include <algorithm>

#include "media/jpeg_dc_detail.hpp"

namespace vrex::media::jpeg_dc {
namespace {

// Running sums of the differences, in MCU order, as 8-bit samples: ((dc * q + 4) >> 3) + 128, clamped, which is
// libjpeg's 1x1 inverse DCT.
std::vector<std::vector<uint8_t>> planes_of(const Frame& f, const Layout& l, std::span<const uint8_t> blocks,
                                            const std::vector<int16_t>& diffs) {
    const bool single = f.components.size() == 1;
    const size_t nc = f.components.size(), nb = blocks.size();
    std::vector<std::vector<uint8_t>> planes(nc);
    std::vector<uint8_t*> out(nc);
    std::vector<int32_t> q(nc);
    for (size_t c = 0; c < nc; ++c) {
        planes[c].resize(size_t(l.plane_w[c]) * l.plane_h[c]);
        out[c] = planes[c].data();
        q[c] = f.dc_quant[f.components[c].quant];
    }
    // Each block's place in its plane, from the MCU's corner there.
    std::vector<size_t> offset(nb);
    for (size_t b = 0, i = 0; b < nb; ++b, ++i) {
        if (b > 0 && blocks[b] != blocks[b - 1]) i = 0;
        const int h = single ? 1 : f.components[blocks[b]].h;
        offset[b] = (i / size_t(h)) * l.plane_w[blocks[b]] + i % size_t(h);
    }
    // Per block, what the loop needs, in arrays of its own (a byte store may alias anything reached through a vector).
    struct Block {
        uint8_t* plane;
        size_t row_step, column_step, offset;
        int32_t q;
        uint32_t* dc;
    };
    std::vector<uint32_t> dc(nc, 0); // wraps as libjpeg's does, kept as a 16-bit coefficient
    std::vector<Block> bs(nb);
    for (size_t b = 0; b < nb; ++b) {
        const size_t c = blocks[b];
        const size_t h = single ? 1 : f.components[c].h, v = single ? 1 : f.components[c].v;
        bs[b] = {out[c], v * l.plane_w[c], h, offset[b], q[c], &dc[c]};
    }
    const int16_t* __restrict diff = diffs.data();
    const Block* const block = bs.data();
    for (uint32_t my = 0; my < l.mcus_y; ++my)
        for (uint32_t mx = 0; mx < l.mcus_x; ++mx)
            for (size_t b = 0; b < nb; ++b) {
                const Block& k = block[b];
                *k.dc += uint32_t(int32_t(*diff++));
                const int32_t sample = ((int32_t(int16_t(*k.dc)) * k.q + 4) >> 3) + 128;
                k.plane[my * k.row_step + mx * k.column_step + k.offset] = uint8_t(sample < 0     ? 0
                                                                                   : sample > 255 ? 255
                                                                                                  : sample);
            }
    return planes;
}

// Where output sample i of n falls between input samples (at block centres, clamped to the `valid` ones), for an
// upsampling by `f`: the two inputs and the weight of the second, in 1/256.
struct Taps {
    std::vector<uint32_t> a, b;
    std::vector<uint32_t> w;
};

Taps taps(uint32_t n, int f, uint32_t valid) {
    Taps t;
    for (uint32_t i = 0; i < n; ++i) {
        const float s = std::clamp((float(i) + 0.5f) / float(f) - 0.5f, 0.0f, float(valid - 1));
        const uint32_t a = uint32_t(s);
        t.a.push_back(a);
        t.b.push_back(std::min(a + 1, valid - 1));
        t.w.push_back(uint32_t((s - float(a)) * 256.0f + 0.5f));
    }
    return t;
}

// A subsampled plane at the luma grid: bilinear between block centres, rows first, then columns.
std::vector<uint8_t> upsampled(const std::vector<uint8_t>& plane, uint32_t stride, uint32_t valid_w, uint32_t valid_h,
                               int fx, int fy, uint32_t w, uint32_t h) {
    if (fx == 1 && fy == 1 && stride == w) return plane;
    const Taps tx = taps(w, fx, valid_w), ty = taps(h, fy, valid_h);
    std::vector<uint16_t> rows(size_t(w) * valid_h); // in 1/256
    for (uint32_t y = 0; y < valid_h; ++y) {
        const uint8_t* in = &plane[size_t(y) * stride];
        uint16_t* out = &rows[size_t(y) * w];
        for (uint32_t x = 0; x < w; ++x) out[x] = uint16_t(in[tx.a[x]] * (256 - tx.w[x]) + in[tx.b[x]] * tx.w[x]);
    }
    std::vector<uint8_t> out(size_t(w) * h);
    for (uint32_t y = 0; y < h; ++y) {
        const uint16_t* r0 = &rows[size_t(ty.a[y]) * w];
        const uint16_t* r1 = &rows[size_t(ty.b[y]) * w];
        const uint32_t wy = ty.w[y];
        uint8_t* o = &out[size_t(y) * w];
        for (uint32_t x = 0; x < w; ++x) o[x] = uint8_t((r0[x] * (256 - wy) + r1[x] * wy + (1u << 15)) >> 16);
    }
    return out;
}

// JFIF YCbCr -> RGB in libjpeg's fixed point (16 fraction bits).
void to_rgba(const std::vector<std::vector<uint8_t>>& p, Image& img) {
    constexpr int32_t k_half = 1 << 15;
    const auto fix = [](double x) { return int32_t(x * 65536.0 + 0.5); };
    const int32_t cr_r = fix(1.40200), cb_b = fix(1.77200), cb_g = fix(0.34414), cr_g = fix(0.71414);
    const size_t n = size_t(img.width) * img.height;
    // Plain pointers: a byte store may alias anything, so through the vectors every pixel would load them again.
    uint8_t* __restrict out = img.rgba.data();
    const uint8_t* __restrict luma = p[0].data();
    if (p.size() == 1) {
        for (size_t i = 0; i < n; ++i, out += 4) {
            out[0] = out[1] = out[2] = luma[i];
            out[3] = 255;
        }
        return;
    }
    const uint8_t* __restrict blue = p[1].data();
    const uint8_t* __restrict red = p[2].data();
    for (size_t i = 0; i < n; ++i, out += 4) {
        const int32_t y = luma[i], cb = blue[i] - 128, cr = red[i] - 128;
        out[0] = uint8_t(std::clamp(y + ((cr_r * cr + k_half) >> 16), 0, 255));
        out[1] = uint8_t(std::clamp(y + ((-cb_g * cb - cr_g * cr + k_half) >> 16), 0, 255));
        out[2] = uint8_t(std::clamp(y + ((cb_b * cb + k_half) >> 16), 0, 255));
        out[3] = 255;
    }
}

} // namespace

Layout layout_of(const Frame& f) {
    Layout l;
    for (const Component& c : f.components) {
        l.hmax = std::max<int>(l.hmax, c.h);
        l.vmax = std::max<int>(l.vmax, c.v);
    }
    const bool single = f.components.size() == 1; // a non-interleaved scan: one block per MCU, no padding to MCUs
    l.mcus_x = single ? (f.width + 7) / 8 : (f.width + 8 * l.hmax - 1) / (8 * l.hmax);
    l.mcus_y = single ? (f.height + 7) / 8 : (f.height + 8 * l.vmax - 1) / (8 * l.vmax);
    for (const Component& c : f.components) {
        l.plane_w.push_back(single ? l.mcus_x : l.mcus_x * c.h);
        l.plane_h.push_back(single ? l.mcus_y : l.mcus_y * c.v);
    }
    return l;
}

Image image_of(const Frame& f, const Layout& l, std::span<const uint8_t> blocks, const std::vector<int16_t>& diffs) {
    Image img{(f.width + 7) / 8, (f.height + 7) / 8, {}};
    img.rgba.resize(size_t(img.width) * img.height * 4);
    std::vector<std::vector<uint8_t>> planes = planes_of(f, l, blocks, diffs);
    for (size_t c = 0; c < planes.size(); ++c) {
        const Component& comp = f.components[c];
        const int fx = planes.size() == 1 ? 1 : l.hmax / comp.h, fy = planes.size() == 1 ? 1 : l.vmax / comp.v;
        // The blocks that hold image samples: ceil(ceil(size * factor / max) / 8).
        const uint32_t valid_w = ((f.width * comp.h + l.hmax - 1) / l.hmax + 7) / 8;
        const uint32_t valid_h = ((f.height * comp.v + l.vmax - 1) / l.vmax + 7) / 8;
        planes[c] = upsampled(planes[c], l.plane_w[c], std::max(valid_w, 1u), std::max(valid_h, 1u), fx, fy, img.width,
                              img.height);
    }
    to_rgba(planes, img);
    return img;
}

} // namespace vrex::media::jpeg_dc
