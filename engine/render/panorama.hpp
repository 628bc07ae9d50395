#pragma once
// A panorama on the GPU: a cubemap with a full mip chain, ready to be sampled along view rays.
#include <cstdint>

#include "gpu/handle.hpp"
#include "gpu/resources.hpp"
#include "gpu/upload.hpp"

namespace vrex::render {

class Panorama {
public:
    uint32_t face_size() const { return m_cube.desc().extent.width; }
    uint32_t mip_levels() const { return m_cube.desc().mip_levels; }
    VkImage image() const { return m_cube.get(); }
    VkDescriptorSet descriptor_set() const { return m_set.set; }
    // GPU memory it holds (for memory budgets).
    VkDeviceSize memory_size() const { return m_cube.memory_size(); }

private:
    friend class PanoramaLoader;
    gpu::Image m_cube;        // R8G8B8A8_UNORM storage, sampled through an sRGB cube view
    gpu::ImageView m_sampled; // VK_IMAGE_VIEW_TYPE_CUBE, R8G8B8A8_SRGB, all mips
    gpu::ImageSet m_set;      // binding 0: m_sampled
};

// Face size for an equirect of this width: width/4 rounded to the nearest power of two, at most `max_size`.
uint32_t cube_face_size(uint32_t equirect_width, uint32_t max_size);
// Levels of a full mip chain down to 1x1.
uint32_t full_mip_count(uint32_t size);

} // namespace vrex::render
