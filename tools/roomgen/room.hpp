#pragma once
// Descriptions to geometry: rooms (shell, doors, windows, lights, furniture), objects (exhibits of boxes and
// cylinders). Coordinates: metres, +Y up; a room is moved so that its eye is at x = z = 0 (bake it --at 0,1.6,0).
#include <stdexcept>
#include <string>

#include <glm/mat4x4.hpp>

#include "core/expected.hpp"
#include "desc.hpp"
#include "gltf.hpp"
#include "text/font_library.hpp"

namespace vrex::roomgen {

inline constexpr float k_eye_height = 1.6f;

core::Expected<bool, std::string> build_room(const Room& room, GltfBuilder& gltf, text::FontLibrary& fonts);
core::Expected<bool, std::string> build_object(const std::vector<Part>& parts, GltfBuilder& gltf,
                                               text::FontLibrary& fonts);

// The pieces both use (items.cpp). A lettering that cannot be set throws PanelError (caught by the builders above).
struct PanelError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// A lettered rectangle facing cross(right, up).
void add_panel(GltfBuilder& gltf, text::FontLibrary& fonts, const Lettering& lettering, glm::vec3 centre,
               glm::vec3 right, glm::vec3 up, glm::vec2 size);
// One item in `frame`: its origin on the floor (or on the wall, at the item's height), +Z its front.
void add_item(GltfBuilder& gltf, text::FontLibrary& fonts, const Item& item, const glm::mat4& frame);

} // namespace vrex::roomgen
