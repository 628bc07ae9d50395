#pragma once
// Small helpers shared by the viewer*.cpp files; not part of the Viewer's contract.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "viewer/viewer.hpp"

namespace vrex::viewer::detail {

std::optional<std::size_t> find_scene_index(const tour::Tour& tour, std::string_view id);

inline Camera camera_from_view(const tour::View& v) {
    return Camera{v.yaw, v.pitch, v.hfov};
}

// How far `elapsed` is into something lasting `duration`, 0..1. A zero duration is complete right after it
// starts (not at the same instant), so a zero-length fade still shows one black frame at the swap.
double progress(double elapsed, double duration);

// The name a hotspot goes by in events: its id, or "#index" when it has none.
std::string hotspot_key(std::string_view id, int index);

} // namespace vrex::viewer::detail
