#pragma once
// A 2D picture on the GPU (icons, labels, panel text, photos), sampled by quads.
#include <cstdint>

#include "gpu/handle.hpp"
#include "gpu/resources.hpp"
#include "gpu/upload.hpp"

namespace vrex::render {

class Texture {
public:
    uint32_t width() const { return m_image.desc().extent.width; }
    uint32_t height() const { return m_image.desc().extent.height; }
    VkDescriptorSet descriptor_set() const { return m_set.set; }

private:
    friend class Renderer;
    gpu::Image m_image; // R8G8B8A8_SRGB, straight alpha
    gpu::ImageView m_view;
    gpu::ImageSet m_set;
};

} // namespace vrex::render
