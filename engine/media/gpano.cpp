// GPano XMP through Exiv2. Exiv2 throws on unreadable files and logs to stderr: both are kept inside this file.
#include "media/gpano.hpp"

#include <exiv2/exiv2.hpp>

#include <cmath>
#include <mutex>

namespace vrex::media {
namespace {

// A GPano property as a number; nullopt when absent or not a finite number.
std::optional<double> property(const Exiv2::XmpData& xmp, const char* name) {
    const std::string key = std::string("Xmp.GPano.") + name;
    for (const Exiv2::Xmpdatum& d : xmp) {
        if (d.key() != key) continue;
        char* end = nullptr;
        const std::string text = d.toString();
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || !std::isfinite(v)) return std::nullopt;
        return v;
    }
    return std::nullopt;
}

void init_exiv2() {
    static std::once_flag once;
    std::call_once(once, [] {
        Exiv2::XmpParser::initialize();
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
    });
}

} // namespace

core::Expected<std::optional<GPano>, std::string> read_gpano(const std::filesystem::path& path) try {
    init_exiv2();
    auto image = Exiv2::ImageFactory::open(path.string());
    image->readMetadata();
    const Exiv2::XmpData& xmp = image->xmpData();
    const auto fw = property(xmp, "FullPanoWidthPixels"), fh = property(xmp, "FullPanoHeightPixels");
    const auto cw = property(xmp, "CroppedAreaImageWidthPixels"), ch = property(xmp, "CroppedAreaImageHeightPixels");
    if (!fw || !fh || !cw || !ch || *fw <= 0 || *fh <= 0 || *cw <= 0 || *ch <= 0 || *cw > *fw || *ch > *fh)
        return std::optional<GPano>();
    const double left = property(xmp, "CroppedAreaLeftPixels").value_or((*fw - *cw) / 2);
    const double top = property(xmp, "CroppedAreaTopPixels").value_or((*fh - *ch) / 2);
    GPano g;
    g.haov = *cw / *fw * 360;
    g.vaov = *ch / *fh * 180;
    g.voffset = 90 - (top + *ch / 2) / *fh * 180;
    if (auto heading = property(xmp, "PoseHeadingDegrees")) {
        // North lies at the full panorama's yaw -heading; this image's centre at the full panorama's yaw
        // (left + cw/2) / fw * 360 - 180.
        double north = -*heading - ((left + *cw / 2) / *fw * 360 - 180);
        north = std::fmod(north, 360.0);
        if (north <= -180) north += 360;
        if (north > 180) north -= 360;
        g.north = north;
    }
    return std::optional<GPano>(g);
} catch (const std::exception& e) {
    return core::unexpected(path.string() + ": cannot read its metadata: " + e.what());
}

} // namespace vrex::media
