// The DC decode's picture (see jpeg_dc.hpp): the DC differences summed into one plane of block means per component,
// subsampled planes brought to the luma grid, and YCbCr turned into RGBA as libjpeg does.
#include <algorithm>
#include <array>
#include <barrier>
#include <thread>

#include "media/jpeg_dc_detail.hpp"

namespace vrex::media::jpeg_dc {
namespace {

// Each component's plane of block means: running sums of the differences, in MCU order, as 8-bit samples:
// ((dc * q + 4) >> 3) + 128, clamped, which is libjpeg's 1x1 inverse DCT. Filled by ranges of MCU rows (on threads).
class Planes {
public:
    Planes(const Frame& f, const Layout& l, std::span<const uint8_t> blocks, const std::vector<int16_t>& diffs)
        : m_l(l), m_nb(blocks.size()), m_component(blocks), m_diffs(diffs), planes(f.components.size()) {
        const bool single = f.components.size() == 1;
        for (size_t c = 0; c < planes.size(); ++c) planes[c].resize(size_t(l.plane_w[c]) * l.plane_h[c]);
        // Each block's place in its plane, from the MCU's corner there.
        for (size_t b = 0, i = 0; b < m_nb; ++b, ++i) {
            if (b > 0 && blocks[b] != blocks[b - 1]) i = 0;
            const size_t c = blocks[b];
            const size_t h = single ? 1 : f.components[c].h, v = single ? 1 : f.components[c].v;
            m_blocks[b] = {planes[c].data(),
                           v * l.plane_w[c],
                           h,
                           (i / h) * l.plane_w[c] + i % h,
                           f.dc_quant[f.components[c].quant],
                           uint32_t(c)};
        }
    }
    // The DC values before MCU row `row` (kept as 16-bit coefficients where they are used).
    std::array<uint32_t, 4> sums_before(uint32_t row) const {
        return dc_sums(m_component, m_diffs.data(), size_t(row) * m_l.mcus_x);
    }
    // MCU rows [from, to), from the DC values before `from`.
    void fill(uint32_t from, uint32_t to, std::array<uint32_t, 4> dc) const {
        // Per block, what the loop needs, in local arrays (a byte store may alias anything reached through a pointer,
        // so through the members every block would load them again).
        const std::array<Block, 10> bs = m_blocks;
        const size_t nb = m_nb;
        const int16_t* __restrict diff = m_diffs.data() + size_t(from) * m_l.mcus_x * nb;
        for (uint32_t my = from; my < to; ++my)
            for (uint32_t mx = 0; mx < m_l.mcus_x; ++mx)
                for (size_t b = 0; b < nb; ++b) {
                    const Block& k = bs[b];
                    uint32_t& sum = dc[k.component];
                    sum += uint32_t(int32_t(*diff++));
                    const int32_t sample = ((int32_t(int16_t(sum)) * k.q + 4) >> 3) + 128;
                    k.plane[my * k.row_step + mx * k.column_step + k.offset] = uint8_t(std::clamp(sample, 0, 255));
                }
    }

private:
    struct Block {
        uint8_t* plane;
        size_t row_step, column_step, offset;
        int32_t q;
        uint32_t component;
    };
    const Layout& m_l;
    size_t m_nb;
    std::span<const uint8_t> m_component; // of each block of an MCU
    const std::vector<int16_t>& m_diffs;
    std::array<Block, 10> m_blocks{}; // at most 10 blocks per MCU (check_sampling)

public:
    std::vector<std::vector<uint8_t>> planes;
};

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

// Between two rows in 1/256 (weight wy of the second), back to 8 bits.
void blend(const uint16_t* __restrict r0, const uint16_t* __restrict r1, uint32_t wy, uint32_t n,
           uint8_t* __restrict out) {
    for (uint32_t x = 0; x < n; ++x) out[x] = uint8_t((r0[x] * (256 - wy) + r1[x] * wy + (1u << 15)) >> 16);
}

// A row across through the taps, in 1/256.
void spread(const uint8_t* __restrict in, const Taps& t, uint32_t n, uint16_t* __restrict out) {
    const uint32_t* __restrict a = t.a.data();
    const uint32_t* __restrict b = t.b.data();
    const uint32_t* __restrict w = t.w.data();
    for (uint32_t x = 0; x < n; ++x) out[x] = uint16_t(in[a[x]] * (256 - w[x]) + in[b[x]] * w[x]);
}

// A component's plane at the luma grid, a row at a time: as is where it is not subsampled, else bilinear between block
// centres, rows across first (each made once, in 1/256), then between two of them.
class LumaRows {
public:
    LumaRows(const std::vector<uint8_t>& plane, uint32_t stride, uint32_t valid_w, uint32_t valid_h, int fx, int fy,
             uint32_t w, uint32_t h)
        : m_plane(plane.data()), m_stride(stride), m_w(w), m_as_is(fx == 1 && fy == 1) {
        if (m_as_is) return;
        m_tx = taps(w, fx, valid_w);
        m_ty = taps(h, fy, valid_h);
        m_across.assign(2 * size_t(w), 0);
        m_line.assign(w, 0);
    }
    // Row y (of h), valid until the next call.
    const uint8_t* row(uint32_t y) {
        if (m_as_is) return m_plane + size_t(y) * m_stride;
        const uint16_t* r0 = across(m_ty.a[y]);
        const uint16_t* r1 = across(m_ty.b[y]);
        blend(r0, r1, m_ty.w[y], m_w, m_line.data());
        return m_line.data();
    }

private:
    // Plane row `y` across the luma grid's width, in 1/256; two kept (the rows a blend needs move down by one at a
    // time).
    const uint16_t* across(uint32_t y) {
        for (int i = 0; i < 2; ++i)
            if (m_made[i] == int64_t(y)) return m_across.data() + size_t(i) * m_w;
        const int i = m_next;
        m_next ^= 1;
        m_made[i] = y;
        uint16_t* out = m_across.data() + size_t(i) * m_w;
        spread(m_plane + size_t(y) * m_stride, m_tx, m_w, out);
        return out;
    }

    const uint8_t* m_plane;
    uint32_t m_stride, m_w;
    bool m_as_is;
    Taps m_tx, m_ty;
    std::vector<uint16_t> m_across;
    std::vector<uint8_t> m_line;
    int64_t m_made[2] = {-1, -1};
    int m_next = 0;
};

// JFIF YCbCr -> RGB in libjpeg's fixed point (16 fraction bits), a row of n pixels; grey when cb is null.
void to_rgba(const uint8_t* __restrict luma, const uint8_t* __restrict cb_row, const uint8_t* __restrict cr_row,
             uint32_t n, uint8_t* __restrict out) {
    if (!cb_row) {
        for (uint32_t i = 0; i < n; ++i, out += 4) {
            out[0] = out[1] = out[2] = luma[i];
            out[3] = 255;
        }
        return;
    }
    constexpr int32_t k_half = 1 << 15;
    constexpr auto fix = [](double x) { return int32_t(x * 65536.0 + 0.5); };
    constexpr int32_t cr_r = fix(1.40200), cb_b = fix(1.77200), cb_g = fix(0.34414), cr_g = fix(0.71414);
    for (uint32_t i = 0; i < n; ++i, out += 4) {
        const int32_t y = luma[i], cb = cb_row[i] - 128, cr = cr_row[i] - 128;
        out[0] = uint8_t(std::clamp(y + ((cr_r * cr + k_half) >> 16), 0, 255));
        out[1] = uint8_t(std::clamp(y + ((-cb_g * cb - cr_g * cr + k_half) >> 16), 0, 255));
        out[2] = uint8_t(std::clamp(y + ((cb_b * cb + k_half) >> 16), 0, 255));
        out[3] = 255;
    }
}

} // namespace

std::array<uint32_t, 4> dc_sums(std::span<const uint8_t> blocks, const int16_t* diffs, size_t mcus) {
    std::array<uint32_t, 4> dc{};
    const size_t nb = blocks.size();
    std::array<uint8_t, 10> component{}; // a local copy: nothing the sums write may alias it
    std::copy_n(blocks.begin(), std::min<size_t>(nb, 10), component.begin());
    for (size_t m = 0; m < mcus; ++m, diffs += nb)
        for (size_t b = 0; b < nb; ++b) dc[component[b]] += uint32_t(int32_t(diffs[b]));
    return dc;
}

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
    Planes planes(f, l, blocks, diffs);
    const size_t nc = planes.planes.size();
    // Row by row, the planes upsampled into small buffers and turned into RGBA at once (no full-size planes between).
    const auto convert = [&](uint32_t from, uint32_t to) {
        std::vector<LumaRows> rows;
        for (size_t c = 0; c < nc; ++c) {
            const Component& comp = f.components[c];
            const int fx = nc == 1 ? 1 : l.hmax / comp.h, fy = nc == 1 ? 1 : l.vmax / comp.v;
            // The blocks that hold image samples: ceil(ceil(size * factor / max) / 8).
            const uint32_t valid_w = ((f.width * comp.h + l.hmax - 1) / l.hmax + 7) / 8;
            const uint32_t valid_h = ((f.height * comp.v + l.vmax - 1) / l.vmax + 7) / 8;
            rows.emplace_back(planes.planes[c], l.plane_w[c], std::max(valid_w, 1u), std::max(valid_h, 1u), fx, fy,
                              img.width, img.height);
        }
        for (uint32_t y = from; y < to; ++y) // each component's rows its own: any order
            to_rgba(rows[0].row(y), nc == 1 ? nullptr : rows[1].row(y), nc == 1 ? nullptr : rows[2].row(y), img.width,
                    img.rgba.data() + size_t(y) * img.width * 4);
    };
    // A large picture in two halves on two threads (8192x4096: 8-10 ms on one core here): the planes' MCU rows, then,
    // once all are in (an upsampled row reads the plane rows on both sides), the picture's rows.
    if (l.mcus_y < 32 || std::thread::hardware_concurrency() < 2) {
        planes.fill(0, l.mcus_y, {});
        convert(0, img.height);
        return img;
    }
    const uint32_t split = l.mcus_y / 2;
    std::barrier planes_in(2);
    std::thread lower([&] {
        planes.fill(split, l.mcus_y, planes.sums_before(split));
        planes_in.arrive_and_wait();
        convert(img.height / 2, img.height);
    });
    planes.fill(0, split, {});
    planes_in.arrive_and_wait();
    convert(0, img.height / 2);
    lower.join();
    return img;
}

} // namespace vrex::media::jpeg_dc
