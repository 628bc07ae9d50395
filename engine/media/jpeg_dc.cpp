// The DC decode (see jpeg_dc.hpp): Huffman tables with a 10-bit lookahead that, for AC codes, also skip the value
// bits (only the DC values are kept), slices decoded on threads from guessed starts, and one pass in order that
// joins them where they fall into step with the true decode.
#include "media/jpeg_dc.hpp"

#include <algorithm>
#include <barrier>
#include <cstring>
#include <memory>
#include <thread>

#include "core/buffer_pool.hpp"
#include "media/jpeg_dc_detail.hpp"

namespace vrex::media {
namespace {

using namespace jpeg_dc;

constexpr int k_lookahead = 10;
// AC codes several at a time: the symbols, with their value bits, that lie wholly within the next k_multi bits.
constexpr int k_multi = 12;
// Zero bytes after the data: a decoder may read a bounded distance past the end (at most one MCU: 10 blocks of at
// most 64 codes of 31 bits) with a check per MCU rather than per code.
constexpr size_t k_padding = 4096;

// A canonical Huffman table (T.81 annex C). `fast` holds, for each 10-bit prefix whose code is no longer: DC tables
// length | symbol << 5; AC tables the bits of code and value | the coefficients it covers << 5 (k_end_of_block, or
// k_not_baseline for a symbol no baseline encoder writes). 0 means a longer code: `maxcode`/`valoffset` decode it.
// AC tables also hold `multi`: for each k_multi-bit prefix, the whole symbols (code and value bits) in it, stopping
// after an end of block and before a symbol no baseline encoder writes: their bits | the coefficients they cover << 4
// | end of block << 11; 0 when the first symbol does not fit (decoded one at a time then).
struct Table {
    std::array<uint16_t, 1 << k_lookahead> fast{};
    std::array<uint16_t, 1 << k_multi> multi{};
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

void fill_multi(Table& t) {
    for (uint32_t p = 0; p < (1u << k_multi); ++p) {
        unsigned used = 0, covers = 0, eob = 0;
        while (used < unsigned(k_multi)) {
            const unsigned left = unsigned(k_multi) - used;
            // The next 10 bits, zeros past the prefix: an entry whose bits all lie within the prefix is the true one.
            const uint32_t next = (p << used) & ((1u << k_multi) - 1);
            const uint16_t e = t.fast[next >> (k_multi - k_lookahead)];
            const unsigned bits = e & 31, c = e >> 5;
            if (e == 0 || bits > left || c >= k_not_baseline) break;
            used += bits;
            if (c == k_end_of_block) {
                eob = 1;
                break;
            }
            covers += c;
        }
        if (used > 0) t.multi[p] = uint16_t(used | covers << 4 | eob << 11);
    }
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
    if (ac) fill_multi(t);
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
    std::vector<Table> tables;        // per component: DC, AC
    std::vector<const Table*> dc, ac; // per block of an MCU
    std::vector<uint8_t> blocks;      // component of each block of an MCU
    uint64_t total_bits = 0;
    const uint8_t* data = nullptr;

    // Decodes one MCU at r, writing each block's DC difference; false at a pattern that is no code.
    bool mcu(Bits& r, int16_t* diffs) const {
        for (size_t b = 0; b < blocks.size(); ++b) {
            r.refill();
            uint32_t e = lookup(*dc[b], r, false);
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
            const Table& ac_table = *ac[b];
            unsigned k = 1;
            while (k < 64) {
                r.refill();
                // Whole symbols at once where they stay within the block (an end of block before its 64th
                // coefficient); else the next one alone, which also finds what is wrong.
                const unsigned m = ac_table.multi[r.peek(k_multi)];
                const unsigned covers = (m >> 4) & 127, eob = m >> 11;
                if (m != 0 && k + covers + eob <= 64) {
                    r.consume(m & 15);
                    k += covers + (eob != 0 ? k_end_of_block : 0);
                    continue;
                }
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
// `cut_mcu`: an MCU whose start is wanted (written to cut_pos; total or more for none).
core::Expected<std::vector<int16_t>, std::string> join(const Decoder& d, const std::vector<Slice>& slices, size_t total,
                                                       size_t& joined, size_t cut_mcu, uint64_t& cut_pos) {
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
                if (cut_mcu >= g && cut_mcu < g + take) cut_pos = s.mcu_pos[j + (cut_mcu - g)];
                std::copy_n(s.diffs.begin() + std::ptrdiff_t(j * n), take * n, diffs.begin() + std::ptrdiff_t(g * n));
                g += take;
                pos = take == s.mcu_pos.size() - j ? s.end_pos : s.mcu_pos[j + take];
                break;
            }
            if (g == cut_mcu) cut_pos = pos;
            Bits r(d.data, pos);
            if (!d.mcu(r, diffs.data() + g * n)) return core::unexpected(std::string("bad Huffman code"));
            pos = r.pos();
            ++g;
            ++joined;
        }
    }
    for (; g < total; ++g, ++joined) {
        if (g == cut_mcu) cut_pos = pos;
        Bits r(d.data, pos);
        if (pos > d.total_bits || !d.mcu(r, diffs.data() + g * n))
            return core::unexpected(std::string("corrupt or truncated data"));
        pos = r.pos();
    }
    if (pos > d.total_bits) return core::unexpected(std::string("truncated data"));
    return diffs;
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
    d.tables.resize(2 * f.components.size()); // not resized again: the pointers below stay
    for (size_t c = 0; c < f.components.size(); ++c) {
        const Component& comp = f.components[c];
        Table& dc = d.tables[2 * c];
        Table& ac = d.tables[2 * c + 1];
        if (!build(f.dc[comp.dc_table], false, dc) || !build(f.ac[comp.ac_table], true, ac)) return false;
        for (int i = 0; i < (single ? 1 : comp.h * comp.v); ++i) {
            d.blocks.push_back(uint8_t(c));
            d.dc.push_back(&dc);
            d.ac.push_back(&ac);
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
    std::shared_ptr<uint8_t[]> take_data() { return std::move(m_data); }

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
        m_data = core::take_buffer(size + k_padding); // not zeroed: each thread touches its own part first
        std::memset(m_data.get() + size, 0, k_padding);
        m_d.data = m_data.get();
        m_d.total_bits = uint64_t(size) * 8;
    }

    Decoder& m_d;
    std::span<const uint8_t> m_entropy;
    std::vector<Slice> m_slices;
    std::vector<size_t> m_cut, m_at, m_stuffed; // parts in the stuffed data; where they go unstuffed; stuffed bytes
    std::shared_ptr<uint8_t[]> m_data;          // from the pool: its pages in place after the first load
    std::barrier<Done> m_barrier;
};

// The DC values at MCU `mcu`: each component's differences summed over the MCUs before it (as libjpeg keeps them).
void fill_cut(const Frame& f, const Decoder& d, const std::vector<int16_t>& diffs, size_t mcu, uint64_t pos,
              std::shared_ptr<const uint8_t[]> data, JpegDcCut& cut) {
    const std::array<uint32_t, 4> sums = dc_sums(d.blocks, diffs.data(), mcu);
    cut.dc.assign(f.components.size(), 0);
    for (size_t c = 0; c < cut.dc.size(); ++c) cut.dc[c] = int32_t(sums[c]);
    cut.bit = pos;
    cut.data = std::move(data);
    cut.data_bits = d.total_bits;
}

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
    std::shared_ptr<const uint8_t[]> data = run.take_data();
    JpegDcStats stats{slices.size(), total, 0};
    JpegDcCut* cut = options.cut && l.mcus_y >= 4 ? options.cut : nullptr;
    if (cut) cut->mcu_row = l.mcus_y / 2;
    const size_t cut_mcu = cut ? size_t(cut->mcu_row) * l.mcus_x : total;
    uint64_t cut_pos = 0;
    auto diffs = join(d, slices, total, stats.mcus_joined, cut_mcu, cut_pos);
    if (options.stats) *options.stats = stats;
    if (!diffs) return failed(diffs.error());
    if (cut) fill_cut(*frame, d, *diffs, cut_mcu, cut_pos, std::move(data), *cut);
    return image_of(*frame, l, d.blocks, *diffs);
}

} // namespace vrex::media
