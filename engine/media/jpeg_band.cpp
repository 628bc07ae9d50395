// The JPEG of the rows below a cut, and the decode of a JPEG in two halves (see jpeg_band.hpp).
#include "media/jpeg_band.hpp"

// clang-format off
#include <cstdio> // jpeglib.h wants FILE first
#include <csetjmp>
#include <jpeglib.h>
// clang-format on

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "media/jpeg_dc_detail.hpp"

namespace vrex::media {
namespace {

using namespace jpeg_dc;

// Bits of the unstuffed data, most significant first.
class BitReader {
public:
    BitReader(const uint8_t* data, uint64_t bits, uint64_t pos) : m_data(data), m_bits(bits), m_pos(pos) {}
    bool bit() {
        if (m_pos >= m_bits) throw std::out_of_range("past the data");
        const bool b = (m_data[m_pos >> 3] >> (7 - (m_pos & 7))) & 1;
        ++m_pos;
        return b;
    }
    uint32_t bits(unsigned n) {
        uint32_t v = 0;
        for (unsigned i = 0; i < n; ++i) v = v << 1 | uint32_t(bit());
        return v;
    }
    uint64_t pos() const { return m_pos; }

private:
    const uint8_t* m_data;
    uint64_t m_bits, m_pos;
};

// Writes bits into `out`, a 0x00 stuffed after every 0xFF byte (T.81 F.1.2.3). For the few bits around the cut; the
// bulk of the data goes through LowerSource.
class BitWriter {
public:
    explicit BitWriter(std::vector<uint8_t>& out) : m_out(out) {}
    void put(uint32_t value, unsigned n) { // n <= 24
        m_acc = m_acc << n | (value & ((1u << n) - 1));
        m_count += n;
        while (m_count >= 8) {
            m_count -= 8;
            const uint8_t byte = uint8_t(m_acc >> m_count);
            m_out.push_back(byte);
            if (byte == 0xFF) m_out.push_back(0x00);
        }
    }
    void copy(const uint8_t* data, uint64_t from, uint64_t to) {
        for (; from < to; ++from) put((data[from >> 3] >> (7 - (from & 7))) & 1, 1);
    }
    unsigned pending() const { return m_count; }
    void pad() {
        if (m_count > 0) put(0xFF, 8 - m_count); // with 1 bits
    }

private:
    std::vector<uint8_t>& m_out;
    uint64_t m_acc = 0;
    unsigned m_count = 0;
};

// A canonical Huffman table (T.81 annex C) read a bit at a time (one MCU's worth), and its codes for writing.
struct Canonical {
    std::array<int32_t, 17> maxcode{}, mincode{}, valptr{};
    std::array<uint16_t, 256> code{};
    std::array<uint8_t, 256> length{}; // 0: no code for the symbol
    const HuffmanSpec* spec = nullptr;

    explicit Canonical(const HuffmanSpec& s) : spec(&s) {
        int32_t c = 0, k = 0;
        for (int l = 1; l <= 16; ++l) {
            valptr[l] = k;
            mincode[l] = c;
            for (int i = 0; i < s.counts[l]; ++i, ++k, ++c) {
                code[s.symbols[size_t(k)]] = uint16_t(c);
                length[s.symbols[size_t(k)]] = uint8_t(l);
            }
            maxcode[l] = s.counts[l] ? c - 1 : -1;
            c <<= 1;
        }
    }
    uint8_t decode(BitReader& r) const {
        int32_t c = 0;
        for (int l = 1; l <= 16; ++l) {
            c = c << 1 | int32_t(r.bit());
            if (c <= maxcode[l] && c >= mincode[l]) return spec->symbols[size_t(valptr[l] + c - mincode[l])];
        }
        throw std::out_of_range("no such code");
    }
};

// The size category of a DC difference and its value bits (T.81 F.1.2.1).
std::pair<unsigned, uint32_t> dc_category(int32_t v) {
    const unsigned s = v == 0 ? 0 : unsigned(std::bit_width(uint32_t(v < 0 ? -v : v)));
    return {s, uint32_t(v < 0 ? v + (1 << s) - 1 : v)};
}

// The first MCU after the cut, rewritten: each component's first block gets its DC value as the difference.
std::string rewrite_first_mcu(const Frame& f, const JpegDcCut& cut, BitWriter& out, uint64_t& end) {
    std::vector<Canonical> dc, ac;
    for (const Component& c : f.components) {
        dc.emplace_back(f.dc[c.dc_table]);
        ac.emplace_back(f.ac[c.ac_table]);
    }
    BitReader r(cut.data.get(), cut.data_bits, cut.bit);
    const bool single = f.components.size() == 1;
    for (size_t ci = 0; ci < f.components.size(); ++ci) {
        const int blocks = single ? 1 : f.components[ci].h * f.components[ci].v;
        for (int b = 0; b < blocks; ++b) {
            const uint64_t start = r.pos();
            const unsigned s = dc[ci].decode(r);
            if (s > 11) return "a DC size over 11";
            int32_t diff = int32_t(r.bits(s));
            if (s > 0 && diff < (1 << (s - 1))) diff -= (1 << s) - 1;
            const uint64_t dc_end = r.pos();
            for (unsigned k = 1; k < 64;) {
                const uint8_t rs = ac[ci].decode(r);
                if ((rs & 15) == 0 && rs != 0xF0) break; // end of block
                r.bits(rs & 15);
                k += (rs >> 4) + 1;
            }
            if (b > 0) {
                out.copy(cut.data.get(), start, r.pos());
                continue;
            }
            const auto [size, bits] = dc_category(cut.dc[ci] + diff);
            const Canonical& t = dc[ci];
            if (size > 11 || t.length[size] == 0)
                return "no Huffman code for a DC value of size " + std::to_string(size);
            out.put(t.code[size], t.length[size]);
            out.put(bits, size);
            out.copy(cut.data.get(), dc_end, r.pos());
        }
    }
    end = r.pos();
    return {};
}

// The file's header up to its data, with the frame's height made `height`.
std::vector<uint8_t> header_with_height(std::span<const uint8_t> bytes, const Frame& f, uint32_t height) {
    std::vector<uint8_t> head(bytes.begin(), bytes.begin() + (f.entropy.data() - bytes.data()));
    for (size_t at = 2; at + 4 <= head.size();) {
        if (head[at] != 0xFF) break;
        const uint8_t marker = head[at + 1];
        if (marker == 0xFF) { // fill byte
            ++at;
            continue;
        }
        const size_t length = size_t(head[at + 2]) << 8 | head[at + 3];
        if ((marker == 0xC0 || marker == 0xC1) && at + 9 <= head.size()) {
            head[at + 5] = uint8_t(height >> 8);
            head[at + 6] = uint8_t(height);
        }
        at += 2 + length;
    }
    return head;
}

uint32_t mcu_height(const Frame& f) {
    int v = 1;
    for (const Component& c : f.components) v = std::max<int>(v, c.v);
    return f.components.size() == 1 ? 8 : uint32_t(8 * v);
}

} // namespace

namespace {

// The lower part's JPEG in three pieces: `head` (the file's header with the height of the rows left, then the first
// MCU rewritten, up to a byte's end), the data's bits [from, to) (whole bytes of it, each made of two source bytes
// when `from` is not at a byte's start), and `tail` (the last bits, padding, the end marker).
struct LowerJpeg {
    std::vector<uint8_t> head, tail;
    const uint8_t* data = nullptr; // readable a byte past `to`: the DC decode's data has zero padding
    uint64_t from = 0, to = 0;

    // Writes the next of the middle part's bytes, stuffed, into out[0, room) (room >= 2); returns how many.
    size_t stream(uint64_t& at, uint8_t* out, size_t room) const {
        const unsigned shift = unsigned(from & 7);
        size_t n = 0;
        for (; at < to && n + 2 <= room; at += 8) {
            const uint8_t* in = data + (at >> 3);
            const uint8_t byte = shift == 0 ? in[0] : uint8_t(in[0] << shift | in[1] >> (8 - shift));
            out[n++] = byte;
            if (byte == 0xFF) out[n++] = 0x00;
        }
        return n;
    }
};

core::Expected<LowerJpeg, std::string> lower_jpeg(std::span<const uint8_t> bytes, const JpegDcCut& cut) {
    auto frame = parse(bytes);
    if (!frame) return core::unexpected(frame.error());
    const uint32_t row = cut.mcu_row * mcu_height(*frame);
    if (!cut.data || cut.dc.size() != frame->components.size() || row == 0 || row >= frame->height ||
        cut.bit >= cut.data_bits)
        return core::unexpected(std::string("the cut does not fit the file"));
    LowerJpeg j;
    j.head = header_with_height(bytes, *frame, frame->height - row);
    BitWriter head(j.head);
    uint64_t at = 0;
    try {
        if (std::string e = rewrite_first_mcu(*frame, cut, head, at); !e.empty()) return core::unexpected(e);
    } catch (const std::out_of_range&) {
        return core::unexpected(std::string("bad data at the cut"));
    }
    for (; at < cut.data_bits && head.pending() != 0; ++at) head.copy(cut.data.get(), at, at + 1);
    head.pad(); // only when the data ran out
    j.data = cut.data.get();
    j.from = at;
    j.to = at + (cut.data_bits - at) / 8 * 8;
    BitWriter tail(j.tail);
    tail.copy(cut.data.get(), j.to, cut.data_bits);
    tail.pad();
    j.tail.push_back(0xFF);
    j.tail.push_back(0xD9);
    return j;
}

// libjpeg reads the lower JPEG through this, its middle part made a chunk at a time.
struct LowerSource {
    jpeg_source_mgr mgr;
    const LowerJpeg* jpeg;
    int piece; // 0 head, 1 middle, 2 tail, 3 past the end
    uint64_t at;
    std::array<uint8_t, 1 << 16> buffer;
};

boolean fill_lower(j_decompress_ptr c) {
    auto* s = reinterpret_cast<LowerSource*>(c->src);
    static const uint8_t k_end[2] = {0xFF, 0xD9};
    if (s->piece == 1) {
        const size_t n = s->jpeg->stream(s->at, s->buffer.data(), s->buffer.size());
        if (n > 0) {
            s->mgr.next_input_byte = s->buffer.data();
            s->mgr.bytes_in_buffer = n;
            return TRUE;
        }
        s->piece = 2;
    }
    const std::vector<uint8_t>* piece = s->piece == 0 ? &s->jpeg->head : s->piece == 2 ? &s->jpeg->tail : nullptr;
    s->piece = s->piece == 0 ? 1 : 3;
    s->mgr.next_input_byte = piece ? piece->data() : k_end; // past the end: an end marker, as libjpeg's own sources
    s->mgr.bytes_in_buffer = piece ? piece->size() : 2;
    return TRUE;
}

void skip_lower(j_decompress_ptr c, long count) {
    while (count > long(c->src->bytes_in_buffer)) {
        count -= long(c->src->bytes_in_buffer);
        fill_lower(c);
    }
    c->src->next_input_byte += count;
    c->src->bytes_in_buffer -= size_t(count);
}

void no_op(j_decompress_ptr) {}

} // namespace

core::Expected<std::vector<uint8_t>, std::string> jpeg_from_row(std::span<const uint8_t> bytes, const JpegDcCut& cut) {
    auto j = lower_jpeg(bytes, cut);
    if (!j) return core::unexpected(j.error());
    std::vector<uint8_t> out = j->head;
    std::vector<uint8_t> chunk(1 << 16);
    for (uint64_t at = j->from;;) {
        const size_t n = j->stream(at, chunk.data(), chunk.size());
        if (n == 0) break;
        out.insert(out.end(), chunk.begin(), chunk.begin() + std::ptrdiff_t(n));
    }
    out.insert(out.end(), j->tail.begin(), j->tail.end());
    return out;
}

namespace {

// libjpeg's errors, and its warnings too (as TurboJPEG's TJFLAG_STOPONWARNING: a truncated file is an error), end
// the decode through a jump back to decode_rows.
struct JumpingErrors {
    jpeg_error_mgr mgr;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void jump_on_error(j_common_ptr c) {
    auto* e = reinterpret_cast<JumpingErrors*>(c->err);
    (*c->err->format_message)(c, e->message);
    std::longjmp(e->jump, 1);
}

void jump_on_warning(j_common_ptr c, int level) {
    if (level < 0) jump_on_error(c);
}

// Rows [skip, skip + count) of the JPEG `jpeg` into dst's rows from `dst_row` (rows before `skip` into `scratch`, a
// row's worth). Returns false with the message in `errors`. No object with a destructor lives across the jump.
// From `file` as it is, or from `lower` when given.
bool decode_rows(std::span<const uint8_t> file, LowerSource* lower, uint32_t skip, uint32_t count, uint8_t* scratch,
                 const PixelRows& dst, uint32_t dst_row, JumpingErrors& errors) {
    jpeg_decompress_struct cinfo;
    cinfo.err = jpeg_std_error(&errors.mgr);
    errors.mgr.error_exit = jump_on_error;
    errors.mgr.emit_message = jump_on_warning;
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    if (lower) {
        lower->mgr = {};
        lower->mgr.init_source = no_op;
        lower->mgr.fill_input_buffer = fill_lower;
        lower->mgr.skip_input_data = skip_lower;
        lower->mgr.resync_to_restart = jpeg_resync_to_restart;
        lower->mgr.term_source = no_op;
        cinfo.src = &lower->mgr;
    } else {
        jpeg_mem_src(&cinfo, file.data(), static_cast<unsigned long>(file.size()));
    }
    jpeg_read_header(&cinfo, TRUE);
    cinfo.out_color_space = JCS_EXT_RGBA;
    jpeg_start_decompress(&cinfo);
    if (cinfo.output_width != dst.width || cinfo.output_height < skip + count) {
        std::snprintf(errors.message, sizeof errors.message, "a part of %ux%u px", cinfo.output_width,
                      cinfo.output_height);
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    while (cinfo.output_scanline < skip + count) {
        constexpr uint32_t k_batch = 16;
        JSAMPROW rows[k_batch];
        const uint32_t y = cinfo.output_scanline;
        const uint32_t n = y < skip ? 1 : std::min(k_batch, skip + count - y);
        for (uint32_t i = 0; i < n; ++i) rows[i] = y < skip ? scratch : dst.row(dst_row + y - skip + i);
        jpeg_read_scanlines(&cinfo, rows, n);
    }
    jpeg_destroy_decompress(&cinfo); // before the end of the data: no check of what follows
    return true;
}

} // namespace

std::string decode_jpeg_halves(std::span<const uint8_t> bytes, const JpegDcCut& cut, const PixelRows& dst) {
    auto frame = parse(bytes);
    if (!frame) return frame.error();
    if (frame->width != dst.width || frame->height != dst.height) return "the picture's size";
    const uint32_t mcu_h = mcu_height(*frame), split = (cut.mcu_row + 1) * mcu_h;
    if (cut.mcu_row == 0 || split >= frame->height) return "the cut does not fit the file";
    std::string below_error;
    std::thread below([&] {
        auto jpeg = lower_jpeg(bytes, cut);
        if (!jpeg) {
            below_error = jpeg.error();
            return;
        }
        std::vector<uint8_t> scratch(size_t(dst.width) * 4);
        auto source = std::make_unique<LowerSource>();
        source->jpeg = &*jpeg;
        source->piece = 0;
        source->at = jpeg->from;
        JumpingErrors errors{};
        if (!decode_rows({}, source.get(), mcu_h, frame->height - split, scratch.data(), dst, split, errors))
            below_error = errors.message;
    });
    JumpingErrors errors{};
    const bool above = decode_rows(bytes, nullptr, 0, split, nullptr, dst, 0, errors);
    below.join();
    if (!above) return errors.message;
    return below_error;
}

namespace {

struct Cut {
    size_t size = 0;
    size_t hash = 0;
    JpegDcCut cut;
};
std::mutex g_cut_mutex;
std::optional<Cut> g_cut;

size_t hash_of(std::span<const uint8_t> bytes) {
    return std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

} // namespace

void keep_cut(std::span<const uint8_t> bytes, JpegDcCut cut) {
    Cut kept{bytes.size(), hash_of(bytes), std::move(cut)};
    std::lock_guard lock(g_cut_mutex);
    g_cut = std::move(kept);
}

std::optional<JpegDcCut> take_cut(std::span<const uint8_t> bytes) {
    {
        std::lock_guard lock(g_cut_mutex);
        if (!g_cut || g_cut->size != bytes.size()) return std::nullopt;
    }
    const size_t hash = hash_of(bytes);
    std::lock_guard lock(g_cut_mutex);
    if (!g_cut || g_cut->size != bytes.size() || g_cut->hash != hash) return std::nullopt;
    std::optional<JpegDcCut> out = std::move(g_cut->cut);
    g_cut.reset();
    return out;
}

} // namespace vrex::media
