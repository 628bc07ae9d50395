#pragma once
// A panorama on the GPU, ready to be sampled along view rays: an equirect with its mip chain, sampled directly per
// pixel (shaders/panorama_equirect.frag), or a cubemap (six-face panoramas, and the headset's cube layer).
#include <chrono>
#include <cstdint>
#include <future>

#include <memory>
#include <vector>

#include "gpu/handle.hpp"
#include "gpu/resources.hpp"
#include "gpu/submission.hpp"
#include "gpu/upload.hpp"

namespace vrex::render {

class PanoramaStore;

// What part of the sphere an equirect image covers, degrees (a full panorama is 360 x 180, offset 0).
// Partial panoramas are centred on yaw 0; `voffset` moves the centre up. The rest of the sphere is black.
struct Coverage {
    double haov = 360;
    double vaov = 180;
    double voffset = 0;
};

class Panorama {
public:
    enum class Kind { equirect, cube };
    Kind kind() const { return m_kind; }
    // An equirect's size, or a cube's face size twice.
    uint32_t width() const { return m_image.image.desc().extent.width; }
    uint32_t height() const { return m_image.image.desc().extent.height; }
    uint32_t face_size() const { return m_kind == Kind::cube ? width() : 0; } // 0 for an equirect
    uint32_t mip_levels() const { return m_image.image.desc().mip_levels; }
    const Coverage& coverage() const { return m_coverage; } // of an equirect
    VkImage image() const { return m_image.image.get(); }
    // The layout it is sampled in: GENERAL for an equirect the CPU writes in place (zero copy), else
    // SHADER_READ_ONLY_OPTIMAL.
    VkImageLayout layout() const { return m_layout; }
    VkImageView view() const { return m_sampled.get(); } // sRGB, all levels
    VkDescriptorSet descriptor_set() const { return m_set.set; }
    // An equirect's level pairs: set L holds level L (binding 0) and L + 1 (binding 1, L again at the last level).
    VkDescriptorSet level_pair_set(uint32_t level) const { return m_level_sets.at(level); }
    // Levels 1.. hold their mips (false only for a while after a zero-copy load with deferred mips: then draw level 0).
    bool mips_ready() const {
        return !m_image.mips.valid() || m_image.mips.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    }
    // GPU memory it holds (for memory budgets).
    VkDeviceSize memory_size() const { return m_image.image.memory_size(); }

private:
    friend class PanoramaLoader;
    Kind m_kind = Kind::equirect;
    Coverage m_coverage;
    VkImageLayout m_layout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
    // An equirect: R8G8B8A8_SRGB. A cube: R8G8B8A8_UNORM storage, sampled through an sRGB cube view. A zero-copy
    // equirect goes back to its store when the panorama goes, for the next load of that size (its pages are
    // touched already: fresh ones cost 70-260 ms per 128 MiB here).
    struct PooledImage {
        gpu::Image image;
        std::weak_ptr<PanoramaStore> store;
        // Levels 1.. built on the CPU after the panorama came (zero copy, PanoramaPixels::defer_mips): waited for
        // before the image goes back to the store or is destroyed.
        std::shared_future<void> mips;
        PooledImage() = default;
        PooledImage(PooledImage&&) noexcept = default;
        PooledImage& operator=(PooledImage&& o) noexcept;
        ~PooledImage();
        void give_back(); // to the store, if any (else the image is destroyed)
    } m_image;
    gpu::ImageView m_sampled;                  // all mips
    gpu::ImageSet m_set;                       // binding 0: m_sampled with the renderer's sampler for its kind
    std::vector<gpu::ImageView> m_level_views; // an equirect: one view per level
    gpu::DescriptorPool m_level_pool;          // ... and a set per level pair
    std::vector<VkDescriptorSet> m_level_sets;
    // The upload's submission (a copy or a layout change; the loader shares it until the staging memory is free),
    // waited for before the image goes: declared last, so destroyed first.
    struct UploadWait {
        std::shared_ptr<gpu::Submission> submission;
        UploadWait() = default;
        UploadWait(UploadWait&&) noexcept = default;
        UploadWait& operator=(UploadWait&& o) noexcept {
            if (submission) submission->wait();
            submission = std::move(o.submission);
            return *this;
        }
        ~UploadWait() {
            if (submission) submission->wait();
        }
    } m_upload;
};

// Face size of the cube an equirect of this width becomes (the headset's cube layer): at least as fine as the source
// (width / pi texels per face, rounded up to a multiple of 8), at most `max_size`.
uint32_t cube_face_size(uint32_t equirect_width, uint32_t max_size);
// Levels of a full mip chain down to 1x1.
uint32_t full_mip_count(uint32_t size);

} // namespace vrex::render
