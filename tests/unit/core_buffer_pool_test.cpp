// core::take_buffer and its pool: large buffers used again from load to load, page-aligned, warmed ahead, bounded.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/buffer_pool.hpp"
#include "core/file.hpp"

using namespace vrex;
namespace fs = std::filesystem;

namespace {

constexpr size_t k_mib = size_t(1) << 20;

bool page_aligned(const void* p) {
    return reinterpret_cast<uintptr_t>(p) % size_t(sysconf(_SC_PAGESIZE)) == 0;
}

// How many of the pages of [p, p + bytes) are in memory (mincore).
size_t resident_pages(const uint8_t* p, size_t bytes) {
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> in((bytes + page - 1) / page);
    if (mincore(const_cast<uint8_t*>(p), bytes, in.data()) != 0) return 0;
    size_t n = 0;
    for (unsigned char c : in) n += c & 1;
    return n;
}

} // namespace

TEST(BufferPool, ABufferComesBackForTheNextLoad) {
    // An unusual size; small, so that the pool's bound (the largest go first) keeps it. What other tests left in the
    // pool may answer for it (a larger free buffer): the figures below are relative.
    const size_t size = 2 * k_mib + 12345;
    uint8_t* first = nullptr;
    size_t held = 0;
    {
        const std::shared_ptr<uint8_t[]> a = core::take_buffer(size);
        first = a.get();
        EXPECT_TRUE(page_aligned(first)); // read() fills a page-aligned buffer about five times faster here
        const std::shared_ptr<uint8_t[]> b = core::take_buffer(size);
        EXPECT_NE(b.get(), first); // held at once: two buffers
        held = core::pooled_free_bytes();
    }
    // Both went to the pool, and the next takes come from it: its free bytes drop with each (malloc may hand back the
    // same address too, so the address alone proves nothing).
    const size_t kept = core::pooled_free_bytes();
    EXPECT_GE(kept, held + 2 * size);
    const std::shared_ptr<uint8_t[]> again = core::take_buffer(size - 100);
    const size_t after_one = core::pooled_free_bytes();
    EXPECT_LE(after_one + size, kept);
    const std::shared_ptr<uint8_t[]> more = core::take_buffer(size);
    EXPECT_LE(core::pooled_free_bytes() + size, after_one);
    EXPECT_TRUE(again.get() == first || more.get() == first) << "neither of the two returned buffers was used again";
}

TEST(BufferPool, SmallBuffersAreNotPooledAndThePoolStaysBounded) {
    const size_t before = core::pooled_free_bytes();
    { const std::shared_ptr<uint8_t[]> small = core::take_buffer(4096); }
    EXPECT_EQ(core::pooled_free_bytes(), before);
    {
        std::vector<std::shared_ptr<uint8_t[]>> many;
        for (int i = 0; i < 8; ++i) many.push_back(core::take_buffer(15 * k_mib + size_t(i) * 4096));
    }
    EXPECT_LE(core::pooled_free_bytes(), core::k_pool_keep_bytes);
    EXPECT_GE(core::pooled_free_bytes(), 15 * k_mib); // it kept some (the smallest: the largest go first)
}

TEST(BufferPool, WarmBuffersHaveTheirPagesInPlace) {
    const size_t size = 9 * k_mib + 777;
    core::warm_buffers(size, 2);
    std::shared_ptr<uint8_t[]> a = core::take_buffer(size);
    std::shared_ptr<uint8_t[]> b = core::take_buffer(size);
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    EXPECT_EQ(resident_pages(a.get(), size), (size + page - 1) / page);
    EXPECT_EQ(resident_pages(b.get(), size), (size + page - 1) / page);
    // A fresh buffer has none (it is not zeroed): the check above can fail.
    const std::shared_ptr<uint8_t[]> fresh = core::take_buffer(size_t(47) * k_mib);
    EXPECT_LT(resident_pages(fresh.get(), 47 * k_mib), 47 * k_mib / page / 2);
}

TEST(BufferPool, ReadFilePooledReadsWhatReadFileReads) {
    const fs::path dir = fs::path(testing::TempDir()) / "vrex_buffer_pool";
    fs::create_directories(dir);
    const fs::path p = dir / "bytes.bin";
    std::vector<uint8_t> bytes(3 * k_mib + 17);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(i * 31 + (i >> 12));
    std::ofstream(p, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    auto pooled = core::read_file_pooled(p);
    ASSERT_TRUE(pooled.has_value()) << pooled.error();
    ASSERT_EQ(pooled->size, bytes.size());
    EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), pooled->span().begin()));
    // The same refusals, word for word.
    auto over = core::read_file_pooled(p, k_mib);
    ASSERT_FALSE(over.has_value());
    EXPECT_EQ(over.error(), core::read_file(p, k_mib).error());
    auto missing = core::read_file_pooled(dir / "missing.jpg");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error(), "cannot open " + (dir / "missing.jpg").string() + ": No such file or directory");
    auto folder = core::read_file_pooled(dir);
    ASSERT_FALSE(folder.has_value());
    EXPECT_EQ(folder.error(), "cannot read " + dir.string() + ": is a directory");
    fs::remove_all(dir);
}
