#pragma once
// Google Photo Sphere XMP (GPano) in a panorama image: how much of the sphere it covers and where north is
// (https://developers.google.com/streetview/spherical-metadata). Read with Exiv2; plain values out.
#include <filesystem>
#include <optional>
#include <string>

#include "core/expected.hpp"

namespace vrex::media {

struct GPano {
    // Coverage in degrees, as tour::Panorama says it: horizontal and vertical angle of view, and the vertical
    // offset of the image's centre from the horizon (positive up). 360, 180, 0 for a full panorama.
    double haov = 360;
    double vaov = 180;
    double voffset = 0;
    // The yaw (degrees, vrex's: 0 = this image's centre, positive right) that points north, when the file says
    // PoseHeadingDegrees (the compass heading of the full panorama's centre).
    std::optional<double> north;
};

// nullopt when the file has no usable GPano XMP (no FullPano*/CroppedArea* sizes); an error naming the file when
// it cannot be read at all.
core::Expected<std::optional<GPano>, std::string> read_gpano(const std::filesystem::path& path);

} // namespace vrex::media
