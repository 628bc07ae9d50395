#include "bake/srgb_table.hpp"

#include "media/srgb.hpp"

namespace vrex::bake {
namespace {

SrgbTables make_tables() {
    SrgbTables t;
    for (int i = 0; i < 256; ++i) t.linear[size_t(i)] = media::srgb_to_linear(uint8_t(i));
    for (int i = 0; i <= SrgbTables::k_steps; ++i)
        t.srgb[size_t(i)] = media::linear_to_srgb(float(i) / SrgbTables::k_steps);
    return t;
}

} // namespace

const SrgbTables& srgb_tables() {
    static const SrgbTables t = make_tables();
    return t;
}

} // namespace vrex::bake
