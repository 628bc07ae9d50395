#pragma once
// Room, object and board descriptions: the short YAML files of scenes/*/rooms/ that vrex_roomgen turns into glTF
// rooms, 3D exhibits and gallery boards. Format: tools/roomgen/README.md.
#include <filesystem>
#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/expected.hpp"

namespace vrex::roomgen {

struct Text {
    std::string zh, en;
    bool empty() const { return zh.empty() && en.empty(); }
};

enum class Wall { north, east, south, west }; // north: -Z (yaw 0 from the eye), east: +X (yaw 90)

// A panel with words on it: signs, boards, screens, labels on counters.
struct Lettering {
    Text title;
    std::vector<Text> lines; // paragraphs below the title, each in zh then en
    glm::vec3 background{1.0f};
    glm::vec3 ink{0.0f};
};

struct Opening {
    bool door = true; // else a window
    Wall wall = Wall::north;
    float along = 0; // centre, metres right of the wall's middle as seen from inside
    float width = 1.6f, height = 2.3f, sill = 0.0f;
    glm::vec3 colour{0.55f, 0.4f, 0.28f}; // door leaf or window frame
    Text label;                           // a door's sign above it
    std::string hotspot;                  // node `hotspot:NAME` on the floor in front of it
};

struct Item {
    std::string kind; // counter shelf bench table board screen sign box pillar plant
    bool on_wall = false;
    Wall wall = Wall::north;
    float along = 0, y = 1.5f; // on a wall: centre along it and height of the centre
    glm::vec3 at{0.0f};        // free-standing: centre of the footprint on the floor (x, 0, z)
    glm::vec3 size{1.0f};      // width, height, depth in metres
    int facing = -1;           // free-standing: 0 N, 1 E, 2 S, 3 W; -1: towards the eye
    glm::vec3 colour{0.8f};    // body
    Lettering lettering;       // boards, screens, signs, the front of counters
    std::string hotspot;       // node `hotspot:NAME` at its centre
};

struct Room {
    glm::vec3 size{10.0f, 3.2f, 10.0f}; // x, y, z extent, metres; the floor is y = 0
    glm::vec2 eye{0.0f};                // where the panorama is taken, (x, z) in room coordinates; 1.6 m high
    glm::vec3 floor{0.75f}, walls{0.92f}, ceiling{0.97f};
    float floor_tile = 0.8f; // metres
    glm::ivec2 lights{3, 3}; // ceiling panels across x and z
    std::vector<Opening> openings;
    std::vector<Item> items;
};

struct Part {
    bool cylinder = false;
    glm::vec3 at{0.0f};   // centre of the base
    glm::vec3 size{1.0f}; // box: x, y, z; cylinder: diameter at the base, height, diameter at the top
    glm::vec3 colour{0.8f};
    Lettering lettering; // a box's +Z face, when it has a title
};

struct Board {
    std::string name; // the PNG's file stem
    glm::ivec2 pixels{1600, 1000};
    Lettering lettering;
};

struct Description {
    enum class Kind { room, object, boards } kind = Kind::room;
    Room room;
    std::vector<Part> parts;
    std::vector<Board> boards;
};

// Reads a description. Errors read "file:line:col: message".
core::Expected<Description, std::string> read_description(const std::filesystem::path& path);
core::Expected<Description, std::string> parse_description(const std::string& text, const std::string& name);

} // namespace vrex::roomgen
