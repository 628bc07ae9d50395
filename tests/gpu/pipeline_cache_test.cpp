// The pipeline cache on disk: a second context starts from what the first saved, a damaged or foreign file is
// ignored, and a file that cannot be written is harmless. Every context here names its own file in a temporary
// folder, so that these tests neither read nor write the user's cache, nor depend on the order they run in.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/file.hpp"
#include "gpu/context.hpp"
#include "gpu/pipeline_cache.hpp"
#include "render/renderer.hpp"

namespace vrex::test {
namespace {

namespace fs = std::filesystem;

class PipelineCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("vrex-pipeline-cache-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }

    // A context with validation on and the cache file `path`; builds the renderer's pipelines (through the cache),
    // then goes (saving it). Returns the bytes the context read from the file; `seconds`: the renderer's creation.
    size_t run_context(const fs::path& path, double* seconds = nullptr) {
        gpu::ContextOptions options;
        options.validation = true;
        options.pipeline_cache = path;
        gpu::Context ctx(options);
        const auto start = std::chrono::steady_clock::now();
        { render::Renderer renderer(ctx); }
        if (seconds) *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        EXPECT_NE(ctx.pipeline_cache(), VK_NULL_HANDLE);
        EXPECT_EQ(ctx.validation_errors(), 0u);
        return ctx.pipeline_cache_loaded_bytes();
    }
    size_t file_size(const fs::path& p) {
        std::error_code ec;
        const auto size = fs::file_size(p, ec);
        return ec ? 0 : size_t(size);
    }
    void write(const fs::path& p, const std::vector<uint8_t>& bytes) {
        std::ofstream(p, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    }

    fs::path dir;
};

TEST_F(PipelineCacheTest, ASecondContextLoadsWhatTheFirstSaved) {
    const fs::path path = dir / "sub" / "pipelines.bin"; // the folder is made on saving
    double cold = 0, warm = 0;
    EXPECT_EQ(run_context(path, &cold), 0u);
    const size_t saved = file_size(path);
    // vrex's 24-byte header, then the driver's data with at least its own 32-byte header.
    ASSERT_GE(saved, 24u + 32u);
    const size_t loaded = run_context(path, &warm);
    EXPECT_EQ(loaded, saved - 24u);
    std::printf("pipeline cache: %zu bytes; renderer created in %.1f ms cold, %.1f ms warm\n", saved, cold * 1e3,
                warm * 1e3);
    EXPECT_TRUE(fs::is_empty(path.parent_path()) == false);
    for (const auto& entry : fs::directory_iterator(path.parent_path())) // no temporary file left behind
        EXPECT_EQ(entry.path().filename(), "pipelines.bin");
}

TEST_F(PipelineCacheTest, ADamagedFileIsIgnoredAndReplaced) {
    const fs::path path = dir / "pipelines.bin";
    run_context(path);
    auto good = core::read_file(path);
    ASSERT_TRUE(good.has_value());
    ASSERT_GE(good->size(), 24u + 32u); // lavapipe's data is its 32-byte header alone

    std::vector<uint8_t> flipped = *good; // one byte of the driver's data changed (its pipelineCacheUUID here)
    flipped[flipped.size() - 1] ^= 0x5a;
    std::vector<uint8_t> cut(good->begin(), good->begin() + long(good->size() / 2));
    std::vector<uint8_t> garbage(good->size(), 0x37);
    for (const auto& bad : {flipped, cut, garbage, std::vector<uint8_t>{}}) {
        write(path, bad);
        EXPECT_EQ(run_context(path), 0u);
        // Saved afresh on the way out, and good again.
        EXPECT_EQ(run_context(path), file_size(path) - 24u);
    }
}

// The file format of gpu/pipeline_cache.cpp, written anew: "vrexpc1\0", the data's size and FNV-1a 64 hash, the data.
std::vector<uint8_t> vrex_file(const std::vector<uint8_t>& data) {
    uint64_t hash = 0xcbf29ce484222325ull;
    for (uint8_t b : data) hash = (hash ^ b) * 0x100000001b3ull;
    const uint64_t size = data.size();
    std::vector<uint8_t> file{'v', 'r', 'e', 'x', 'p', 'c', '1', '\0'};
    file.insert(file.end(), reinterpret_cast<const uint8_t*>(&size), reinterpret_cast<const uint8_t*>(&size) + 8);
    file.insert(file.end(), reinterpret_cast<const uint8_t*>(&hash), reinterpret_cast<const uint8_t*>(&hash) + 8);
    file.insert(file.end(), data.begin(), data.end());
    return file;
}

TEST_F(PipelineCacheTest, AWellFormedFileIsTakenADamagedOrForeignOneIsNot) {
    // lavapipe's data is its header alone; other drivers put their compiled pipelines behind it. A byte changed
    // there passes the Vulkan header check, so vrex's checksum must catch it before the driver reads it.
    const fs::path path = dir / "pipelines.bin";
    run_context(path);
    auto good = core::read_file(path);
    ASSERT_TRUE(good.has_value());
    std::vector<uint8_t> data(good->begin() + 24, good->end());
    ASSERT_EQ(vrex_file(data), *good) << "the test's idea of the format";
    data.insert(data.end(), 64, 0xab); // a body
    std::vector<uint8_t> file = vrex_file(data);
    write(path, file);
    EXPECT_EQ(run_context(path), data.size()); // a well-formed file is taken as it is
    file.back() ^= 1;
    write(path, file);
    EXPECT_EQ(run_context(path), 0u);
    // Well formed, but another driver version's (pipelineCacheUUID is the header's last 16 bytes).
    data[31] ^= 1;
    write(path, vrex_file(data));
    EXPECT_EQ(run_context(path), 0u);
}

TEST_F(PipelineCacheTest, AnotherDevicesDataIsIgnored) {
    gpu::ContextOptions options;
    options.pipeline_cache = fs::path();
    gpu::Context ctx(options);
    { render::Renderer renderer(ctx); }
    size_t size = 0;
    ASSERT_EQ(vkGetPipelineCacheData(ctx.device(), ctx.pipeline_cache(), &size, nullptr), VK_SUCCESS);
    std::vector<uint8_t> data(size);
    ASSERT_EQ(vkGetPipelineCacheData(ctx.device(), ctx.pipeline_cache(), &size, data.data()), VK_SUCCESS);
    const VkPhysicalDeviceProperties& props = ctx.properties();
    EXPECT_EQ(gpu::check_pipeline_cache_header(data, props), "");

    VkPhysicalDeviceProperties other = props;
    other.vendorID ^= 1;
    EXPECT_EQ(gpu::check_pipeline_cache_header(data, other), "made by another device");
    other = props;
    other.deviceID ^= 1;
    EXPECT_EQ(gpu::check_pipeline_cache_header(data, other), "made by another device");
    other = props;
    other.pipelineCacheUUID[15] ^= 1;
    EXPECT_EQ(gpu::check_pipeline_cache_header(data, other), "made by another driver version");
    std::vector<uint8_t> version = data;
    version[4] = 2; // headerVersion
    EXPECT_EQ(gpu::check_pipeline_cache_header(version, props), "header version 2");
    EXPECT_NE(gpu::check_pipeline_cache_header(std::span(data).first(16), props), "");
}

TEST_F(PipelineCacheTest, AnUnwritablePathIsHarmless) {
    // A folder that is a file: neither the folder nor the cache can be made; the context works as ever.
    std::ofstream(dir / "file") << "x";
    EXPECT_EQ(run_context(dir / "file" / "pipelines.bin"), 0u);
    EXPECT_FALSE(fs::exists(dir / "file" / "pipelines.bin"));
    // The file itself is a folder.
    fs::create_directories(dir / "folder.bin");
    EXPECT_EQ(run_context(dir / "folder.bin"), 0u);
    EXPECT_TRUE(fs::is_directory(dir / "folder.bin"));
}

TEST_F(PipelineCacheTest, AnEmptyPathKeepsTheCacheInMemory) {
    EXPECT_EQ(run_context(fs::path()), 0u);
    EXPECT_TRUE(fs::is_empty(dir));
}

TEST(PipelineCachePath, FromTheEnvironment) {
    const char* saved = std::getenv("VREX_PIPELINE_CACHE");
    const std::string before = saved ? saved : "";
    ::setenv("VREX_PIPELINE_CACHE", "/tmp/x/p.bin", 1);
    EXPECT_EQ(gpu::default_pipeline_cache_path(), fs::path("/tmp/x/p.bin"));
    ::setenv("VREX_PIPELINE_CACHE", "off", 1);
    EXPECT_EQ(gpu::default_pipeline_cache_path(), fs::path());
    ::unsetenv("VREX_PIPELINE_CACHE");
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const std::string xdg_before = xdg ? xdg : "";
    ::setenv("XDG_CACHE_HOME", "/var/cache/someone", 1);
    EXPECT_EQ(gpu::default_pipeline_cache_path(), fs::path("/var/cache/someone/vrex/pipelines.bin"));
    if (xdg)
        ::setenv("XDG_CACHE_HOME", xdg_before.c_str(), 1);
    else
        ::unsetenv("XDG_CACHE_HOME");
    if (saved) ::setenv("VREX_PIPELINE_CACHE", before.c_str(), 1);
}

} // namespace
} // namespace vrex::test
