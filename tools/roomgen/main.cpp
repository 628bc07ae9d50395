// vrex_roomgen DESCRIPTION.yaml OUT_DIR [--hotspots]
// Builds the glTF room or object, or the board PNGs, that a description asks for, into OUT_DIR, named after the
// description's file (service-hall.yaml -> service-hall.gltf, .bin, -N.png). --hotspots prints each marker's yaw and
// pitch from the eye (0, 1.6, 0), as `vrex bake --hotspots` does, ready to paste into a tour.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <glm/gtc/constants.hpp>

#include "desc.hpp"
#include "gltf.hpp"
#include "media/png_write.hpp"
#include "room.hpp"
#include "textures.hpp"

namespace fs = std::filesystem;
using namespace vrex;

namespace {

void print_hotspots(const roomgen::GltfBuilder& gltf) {
    for (const auto& [name, p] : gltf.markers()) {
        const glm::vec3 d = p - glm::vec3(0, roomgen::k_eye_height, 0);
        const double yaw = std::atan2(d.x, -d.z) * 180.0 / glm::pi<double>();
        const double pitch = std::atan2(d.y, std::hypot(d.x, d.z)) * 180.0 / glm::pi<double>();
        std::printf("%s yaw=%.1f pitch=%.1f\n", name.substr(std::strlen("hotspot:")).c_str(), yaw, pitch);
    }
}

int write_boards(const roomgen::Description& d, text::FontLibrary& fonts, const fs::path& out) {
    for (const auto& b : d.boards) {
        auto image = roomgen::letter(fonts, b.lettering, b.pixels);
        if (!image) {
            std::cerr << "vrex_roomgen: board " << b.name << ": " << image.error() << "\n";
            return 1;
        }
        auto written = media::write_png(out / (b.name + ".png"), *image);
        if (!written) {
            std::cerr << "vrex_roomgen: " << written.error() << "\n";
            return 1;
        }
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4 || (argc == 4 && std::strcmp(argv[3], "--hotspots") != 0)) {
        std::cerr << "usage: vrex_roomgen DESCRIPTION.yaml OUT_DIR [--hotspots]\n";
        return 2;
    }
    const fs::path input = argv[1], out = argv[2];
    auto desc = roomgen::read_description(input);
    if (!desc) {
        std::cerr << desc.error() << "\n";
        return 1;
    }
    auto fonts = text::FontLibrary::create();
    if (!fonts) {
        std::cerr << "vrex_roomgen: " << fonts.error() << "\n";
        return 1;
    }
    std::error_code ec;
    fs::create_directories(out, ec);
    if (desc->kind == roomgen::Description::Kind::boards) return write_boards(*desc, *fonts, out);
    roomgen::GltfBuilder gltf;
    auto built = desc->kind == roomgen::Description::Kind::room ? roomgen::build_room(desc->room, gltf, *fonts)
                                                                : roomgen::build_object(desc->parts, gltf, *fonts);
    if (!built) {
        std::cerr << input.string() << ": " << built.error() << "\n";
        return 1;
    }
    auto written = gltf.write(out, input.stem().string());
    if (!written) {
        std::cerr << "vrex_roomgen: " << written.error() << "\n";
        return 1;
    }
    if (argc == 4) print_hotspots(gltf);
    return 0;
}
