#pragma once
// Shared by the model loader's files.
#include <cstdint>
#include <vector>
#include <vulkan/vulkan.h>

#include "gpu/handle.hpp"
#include "gpu/resources.hpp"
#include "render/model_loader.hpp"

namespace vrex::render {

// What one upload keeps alive until the GPU is done with it.
struct ModelLoader::Staging {
    std::vector<gpu::Buffer> buffers;
    std::vector<gpu::ImageView> views; // per-level views of the mip chains
    gpu::DescriptorPool mip_pool;      // one set per generated mip level
};

// Levels of a full mip chain for a width x height texture.
uint32_t mip_count(uint32_t width, uint32_t height);

} // namespace vrex::render
