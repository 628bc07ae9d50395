// The DC decode (see jpeg_dc.hpp): Huffman tables with a 10-bit lookahead that, for AC codes, also skip the value
// bits (only the DC values are kept), slices decoded on threads from guessed starts, and one pass in order that
// joins them where they fall into step with the true decode.
#include "media/jpeg_dc.hpp"

#include <algorithm>
#include <barrier>
#include <cstring>
#include <memory>
#include <thread>

#include "media/jpeg_dc_detail.hpp"

namespace vrex::media {
namespace {

using namespace jpeg_dc;

constexpr int k_lookahead = 10;
// Zero bytes after the data: a decoder may read a bounded distance past the end (at most one MCU: 10 blocks of at
// most 64 codes of 31 bits) with a check per MCU rather than per code.
constexpr size_t k_padding = 4096;

// A canonical Huffman table (T.81 annex C). `fast` holds, for each 10-bit prefix whose code is no longer: DC tables
// length | symbol << 5; AC tables the bits of code and value | the coefficients it covers << 5 (k_end_of_block, or
// k_not_baseline for a symbol no baseline encoder writes). 0 means a longer code: `maxcode`/`valoffset` decode it.
struct Table {
    std::array<uint16_t, 1 << k_lookahead> fast{};
    std::array<int32_t, 18> maxcode{};
    std::array<int32_t, 17> valoffset{};
    std::vector<uint8_t> symbols;
};

// After a block's codes, its coefficient count k is 64 exactly, or in [k_end_of_block, k_not_baseline) after an end
// of block. Anything else (runs past the 64th coefficient, AC values of more than 10 bits, a size-0 symbol that is
// neither end of block nor 16 zeros) never comes from an encoder: in a slice it means the decode is not yet in step
// (with the wrong component's tables, say), which a lenient decode could follow for thousands of MCUs.
constexpr unsigned k_end_of_block = 256, k_not_baseline = 1024;

bool block_ended_well(unsigned k) {
    return k == 64 || (k >= k_end_of_block && k < k_not_baseline);
}

uint16_t packed(uint8_t symbol, int length, bool ac) {
    if (!ac) return uint16_t(length | symbol << 5);
    const unsigned run = symbol >> 4, size = symbol & 15;
    unsigned covers = run + 1;
    if (size == 0) covers = run == 15 ? 16 : run == 0 ? k_end_of_block : k_not_baseline;
    if (size > 10) covers = k_not_baseline;
    return uint16_t((unsigned(length) + size) | covers << 5);
}

bool build(const HuffmanSpec& spec, bool ac, Table& t) {
    t.symbols = spec.symbols;
    t.maxcode.fill(-1);
    int32_t code = 0;
    size_t k = 0;
    for (int l = 1; l <= 16; ++l) {
        t.valoffset[l] = int32_t(k) - code;
        for (int i = 0; i < spec.counts[l]; ++i, ++k, ++code) {
            if (code >= (1 << l)) return false; // more codes than this length can hold
            if (l <= k_lookahead) {
                const int shift = k_lookahead - l;
                for (int j = 0; j < (1 << shift); ++j)
                    t.fast[size_t(code << shift | j)] = packed(spec.symbols[k], l, ac);
            }
        }
        if (spec.counts[l] != 0) t.maxcode[l] = code - 1;
        code <<= 1;
    }
    t.maxcode[17] = INT32_MAX; // sentinel
    return true;
}

// Bits from the unstuffed data, big-endian, through a 64-bit buffer refilled without branches (at least 56 bits
// after a refill; a symbol with its value bits takes at most 31).
class Bits {
public:
    Bits(const uint8_t* data, uint64_t pos) : m_base(data), m_ptr(data + (pos >> 3)) {
        refill();
        consume(unsigned(pos & 7));
    }
    void refill() {
        uint64_t w;
        std::memcpy(&w, m_ptr, 8);
        m_buf |= __builtin_bswap64(w) >> m_count;
        m_ptr += (63 - m_count) >> 3;
        m_count |= 56;
    }
    uint32_t peek(unsigned n) const { return uint32_t(m_buf >> (64 - n)); }
    void consume(unsigned n) {
        m_buf <<= n;
        m_count -= n;
    }
    uint64_t pos() const { return uint64_t(m_ptr - m_base) * 8 - m_count; }

private:
    const uint8_t* m_base;
    const uint8_t* m_ptr;
    uint64_t m_buf = 0;
    unsigned m_count = 0;
};

// The packed entry for the code at the reader (refilled), or 0 for a bit pattern that is no code.
inline uint32_t lookup(const Table& t, const Bits& r, bool ac) {
    const uint16_t e = t.fast[r.peek(k_lookahead)];
    if (e != 0) return e;
    const uint32_t bits = r.peek(16);
    for (int l = k_lookahead + 1; l <= 16; ++l) {
        const int32_t code = int32_t(bits >> (16 - l));
        if (code <= t.maxcode[l]) return packed(t.symbols[size_t(t.valoffset[l] + code)], l, ac);
    }
    return 0;
}

struct Decoder {
    const Frame* frame = nullptr;
    std::vector<Table> dc, ac;   // per block of an MCU
    std::vector<uint8_t> blocks; // component of each block of an MCU
    uint64_t total_bits = 0;
    const uint8_t* data = nullptr;

    // Decodes one MCU at r, writing each block's DC difference; false at a pattern that is no code.
    bool mcu(Bits& r, int16_t* diffs) const {
        for (size_t b = 0; b < blocks.size(); ++b) {
            r.refill();
            uint32_t e = lookup(dc[b], r, false);
            if (e == 0) return false;
            r.consume(e & 31);
            const unsigned s = e >> 5;
            int32_t diff = 0;
            if (s != 0) {
                if (s > 11) return false; // DC differences of 8-bit samples have at most 11 bits
                diff = int32_t(r.peek(s));
                if (diff < (1 << (s - 1))) diff -= (1 << s) - 1;
                r.consume(s);
            }
            diffs[b] = int16_t(diff);
            const Table& ac_table = ac[b];
            unsigned k = 1;
            while (k < 64) {
                r.refill();
                e = lookup(ac_table, r, true);
                if (e == 0) return false;
                r.consume(e & 31);
                k += e >> 5;
            }
            if (!block_ended_well(k)) return false;
        }
        return true;
    }
};

// One thread's share: MCUs decoded from a guessed start (an MCU's first block at a byte boundary) until the first
// MCU start at or past `end`.
struct Slice {
    uint64_t start = 0, end = 0;
    std::vector<uint64_t> mcu_pos; // where each MCU began
    std::vector<int16_t> diffs;    // blocks.size() per MCU
    uint64_t end_pos = 0;          // the MCU start at which it stopped
};

// The DC values a slice has seen, relative to its start, per component: a true decode keeps each within the span
// 8-bit samples allow (2040 / step: block means of 0..255). A decode with the components' roles swapped can parse
// without a wrong code for thousands of MCUs (a smooth sky is DC and end of block in every component), but its sums
// wander out of that span.
class DcSpan {
public:
    explicit DcSpan(const Decoder& d) : m_d(d), m_sum(d.frame->components.size()) {
        for (const Component& c : d.frame->components) m_limit.push_back(2040 / d.frame->dc_quant[c.quant] + 2);
        reset();
    }
    void reset() { std::fill(m_sum.begin(), m_sum.end(), Range{}); }
    bool take(const int16_t* diffs) {
        for (size_t b = 0; b < m_d.blocks.size(); ++b) {
            Range& r = m_sum[m_d.blocks[b]];
            r.value += diffs[b];
            r.low = std::min(r.low, r.value);
            r.high = std::max(r.high, r.value);
            if (r.high - r.low > m_limit[m_d.blocks[b]]) return false;
        }
        return true;
    }

private:
    struct Range {
        int32_t value = 0, low = 0, high = 0;
    };
    const Decoder& m_d;
    std::vector<int32_t> m_limit;
    std::vector<Range> m_sum;
};

void decode_slice(const Decoder& d, Slice& s) {
    const size_t n = d.blocks.size();
    DcSpan span(d);
    Bits r(d.data, s.start);
    for (uint64_t at = s.start; at < s.end && at <= d.total_bits; at = r.pos()) {
        s.diffs.resize(s.diffs.size() + n);
        int16_t* diffs = s.diffs.data() + s.diffs.size() - n;
        if (d.mcu(r, diffs) && span.take(diffs)) {
            s.mcu_pos.push_back(at);
            continue;
        }
        // The byte's padding after the last MCU (fewer than 8 one-bits) is no MCU: the slice is done.
        if (d.total_bits - std::min(at, d.total_bits) < 8) {
            s.diffs.resize(s.diffs.size() - n);
            s.end_pos = at;
            return;
        }
        // Not yet in step (a true decode meets no such pattern): forget this start and try the next bit.
        s.mcu_pos.clear();
        s.diffs.clear();
        span.reset();
        r = Bits(d.data, at + 1);
    }
    s.end_pos = r.pos();
}

// Follows the true decode through the slices in order: from each position it decodes MCUs itself until it stands on
// an MCU start the slice recorded, then takes the slice's results from there. Returns the DC differences of all
// `total` MCUs, or an error.
core::Expected<std::vector<int16_t>, std::string> join(const Decoder& d, const std::vector<Slice>& slices, size_t total,
                                                       size_t& joined) {
    const size_t n = d.blocks.size();
    std::vector<int16_t> diffs(total * n);
    size_t g = 0;
    uint64_t pos = 0;
    for (const Slice& s : slices) {
        auto it = std::lower_bound(s.mcu_pos.begin(), s.mcu_pos.end(), pos);
        while (g < total && pos < s.end_pos) {
            while (it != s.mcu_pos.end() && *it < pos) ++it;
            if (it != s.mcu_pos.end() && *it == pos) {
                const size_t j = size_t(it - s.mcu_pos.begin());
                const size_t take = std::min(s.mcu_pos.size() - j, total - g);
                std::copy_n(s.diffs.begin() + std::ptrdiff_t(j * n), take * n, diffs.begin() + std::ptrdiff_t(g * n));
                g += take;
                pos = take == s.mcu_pos.size() - j ? s.end_pos : s.mcu_pos[j + take];
                break;
            }
            Bits r(d.data, pos);
            if (!d.mcu(r, diffs.data() + g * n)) return core::unexpected(std::string("bad Huffman code"));
            pos = r.pos();
            ++g;
            ++joined;
        }
    }
    for (; g < total; ++g, ++joined) {
        Bits r(d.data, pos);
        if (pos > d.total_bits || !d.mcu(r, diffs.data() + g * n))
            return core::unexpected(std::string("corrupt or truncated data"));
        pos = r.pos();
    }
    if (pos > d.total_bits) return core::unexpected(std::string("truncated data"));
    return diffs;
}

// The MCU grid, and where each component's blocks land in its own plane of DC values.
struct Layout {
    uint32_t mcus_x = 0, mcus_y = 0;
    int hmax = 1, vmax = 1;
    std::vector<uint32_t> plane_w, plane_h; // blocks per row and column of each component's plane
};

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

// Running sums of the differences, in MCU order, as 8-bit samples: ((dc * q + 4) >> 3) + 128, clamped, which is
// libjpeg's 1x1 inverse DCT.
std::vector<std::vector<uint8_t>> planes_of(const Frame& f, const Layout& l, const Decoder& d,
                                            const std::vector<int16_t>& diffs) {
    const bool single = f.components.size() == 1;
    const size_t nc = f.components.size(), nb = d.blocks.size();
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
        if (b > 0 && d.blocks[b] != d.blocks[b - 1]) i = 0;
        const int h = single ? 1 : f.components[d.blocks[b]].h;
        offset[b] = (i / size_t(h)) * l.plane_w[d.blocks[b]] + i % size_t(h);
    }
    std::vector<uint32_t> dc(nc, 0); // wraps as libjpeg's does, kept as a 16-bit coefficient
    const int16_t* diff = diffs.data();
    for (uint32_t my = 0; my < l.mcus_y; ++my)
        for (uint32_t mx = 0; mx < l.mcus_x; ++mx)
            for (size_t b = 0; b < nb; ++b) {
                const size_t c = d.blocks[b];
                const int h = single ? 1 : f.components[c].h, v = single ? 1 : f.components[c].v;
                dc[c] += uint32_t(int32_t(*diff++));
                const int32_t sample = ((int32_t(int16_t(dc[c])) * q[c] + 4) >> 3) + 128;
                out[c][size_t(my) * size_t(v) * l.plane_w[c] + size_t(mx) * size_t(h) + offset[b]] =
                    uint8_t(sample < 0     ? 0
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
    for (size_t i = 0; i < n; ++i) {
        uint8_t* o = &img.rgba[i * 4];
        const int32_t y = p[0][i];
        if (p.size() == 1) {
            o[0] = o[1] = o[2] = uint8_t(y);
        } else {
            const int32_t cb = p[1][i] - 128, cr = p[2][i] - 128;
            o[0] = uint8_t(std::clamp(y + ((cr_r * cr + k_half) >> 16), 0, 255));
            o[1] = uint8_t(std::clamp(y + ((-cb_g * cb - cr_g * cr + k_half) >> 16), 0, 255));
            o[2] = uint8_t(std::clamp(y + ((cb_b * cb + k_half) >> 16), 0, 255));
        }
        o[3] = 255;
    }
}

Image image_of(const Frame& f, const Layout& l, const Decoder& d, const std::vector<int16_t>& diffs) {
    Image img{(f.width + 7) / 8, (f.height + 7) / 8, {}};
    img.rgba.resize(size_t(img.width) * img.height * 4);
    std::vector<std::vector<uint8_t>> planes = planes_of(f, l, d, diffs);
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

std::string check_sampling(const Frame& f) {
    int hmax = 1, vmax = 1, blocks = 0;
    for (const Component& c : f.components) {
        hmax = std::max<int>(hmax, c.h);
        vmax = std::max<int>(vmax, c.v);
        blocks += c.h * c.v;
    }
    if (f.components.size() > 1 && blocks > 10) return "more than 10 blocks per MCU";
    for (const Component& c : f.components)
        if (hmax % c.h != 0 || vmax % c.v != 0) return "sampling factors that do not divide";
    return {};
}

bool build_tables(const Frame& f, Decoder& d) {
    d.frame = &f;
    const bool single = f.components.size() == 1;
    for (size_t c = 0; c < f.components.size(); ++c) {
        const Component& comp = f.components[c];
        Table dc, ac;
        if (!build(f.dc[comp.dc_table], false, dc) || !build(f.ac[comp.ac_table], true, ac)) return false;
        for (int i = 0; i < (single ? 1 : comp.h * comp.v); ++i) {
            d.blocks.push_back(uint8_t(c));
            d.dc.push_back(dc);
            d.ac.push_back(ac);
        }
    }
    return true;
}

// The slices' threads first unstuff their parts of the data in place in one buffer (counting the stuffed bytes,
// then copying, so that each part knows where it goes), then decode from their parts' starts.
class SliceRun {
public:
    SliceRun(Decoder& d, std::span<const uint8_t> entropy, size_t count)
        : m_d(d), m_entropy(entropy), m_slices(count), m_cut(count + 1), m_at(count + 1), m_stuffed(count),
          m_barrier(std::ptrdiff_t(count), Done{this}) {
        for (size_t i = 0; i <= count; ++i) {
            size_t c = entropy.size() * i / count;
            if (c > 0 && c < entropy.size() && entropy[c - 1] == 0xFF) ++c; // not between 0xFF and its 0x00
            m_cut[i] = std::max(c, i > 0 ? m_cut[i - 1] : 0);
        }
    }
    std::vector<Slice> run() {
        std::vector<std::thread> threads;
        for (size_t i = 1; i < m_slices.size(); ++i) threads.emplace_back([this, i] { work(i); });
        work(0);
        for (std::thread& t : threads) t.join();
        return std::move(m_slices);
    }
    std::unique_ptr<uint8_t[]> take_data() { return std::move(m_data); }

private:
    struct Done {
        SliceRun* run;
        void operator()() noexcept { run->place(); }
    };
    std::span<const uint8_t> part(size_t i) const { return m_entropy.subspan(m_cut[i], m_cut[i + 1] - m_cut[i]); }
    void work(size_t i) {
        m_stuffed[i] = stuffed_count(part(i));
        m_barrier.arrive_and_wait(); // place(): where each part goes
        unstuff(part(i), m_data.get() + m_at[i]);
        m_barrier.arrive_and_wait();
        m_slices[i].start = uint64_t(m_at[i]) * 8;
        m_slices[i].end = uint64_t(m_at[i + 1]) * 8;
        decode_slice(m_d, m_slices[i]);
    }
    void place() {
        if (m_data) return; // the second phase's end
        for (size_t i = 0; i < m_slices.size(); ++i) m_at[i + 1] = m_at[i] + (m_cut[i + 1] - m_cut[i]) - m_stuffed[i];
        const size_t size = m_at.back();
        m_data.reset(new uint8_t[size + k_padding]); // not zeroed: each thread touches its own part first
        std::memset(m_data.get() + size, 0, k_padding);
        m_d.data = m_data.get();
        m_d.total_bits = uint64_t(size) * 8;
    }

    Decoder& m_d;
    std::span<const uint8_t> m_entropy;
    std::vector<Slice> m_slices;
    std::vector<size_t> m_cut, m_at, m_stuffed; // parts in the stuffed data; where they go unstuffed; stuffed bytes
    std::unique_ptr<uint8_t[]> m_data;
    std::barrier<Done> m_barrier;
};

size_t slice_count(size_t bytes, const JpegDcOptions& o) {
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const size_t count = o.slices != 0 ? o.slices : std::min(hw, 4u);
    return std::clamp<size_t>(std::min(count, bytes / std::max<size_t>(o.min_slice_bytes, 1)), 1, 64);
}

} // namespace

core::Expected<Image, std::string> decode_jpeg_dc(std::span<const uint8_t> bytes, const std::string& name,
                                                  JpegDcOptions options) {
    const auto failed = [&](const std::string& why) { return core::unexpected(name + ": DC decode: " + why); };
    if (bytes.size() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) return failed("not a JPEG");
    auto frame = parse(bytes);
    if (!frame) return failed(frame.error());
    if (std::string p = check_sampling(*frame); !p.empty()) return failed(p);
    Decoder d;
    if (!build_tables(*frame, d)) return failed("bad Huffman table");
    const Layout l = layout_of(*frame);
    // Each block takes at least two bits (a DC code and an end of block): refuse before allocating for a size the
    // data cannot hold.
    const size_t total = size_t(l.mcus_x) * l.mcus_y;
    if (uint64_t(total) * d.blocks.size() * 2 > uint64_t(frame->entropy.size()) * 8) return failed("truncated data");
    SliceRun run(d, frame->entropy, slice_count(frame->entropy.size(), options));
    const std::vector<Slice> slices = run.run();
    const std::unique_ptr<uint8_t[]> data = run.take_data();
    JpegDcStats stats{slices.size(), total, 0};
    auto diffs = join(d, slices, total, stats.mcus_joined);
    if (options.stats) *options.stats = stats;
    if (!diffs) return failed(diffs.error());
    return image_of(*frame, l, d, *diffs);
}

} // namespace vrex::media
