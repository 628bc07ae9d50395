#pragma once
// Shared by the panorama loader's files.
#include <cstdint>

namespace vrex::render {

constexpr uint32_t k_group = 8; // local size of the conversion compute shaders

// Workgroups to cover n texels.
uint32_t groups(uint32_t n);

} // namespace vrex::render
