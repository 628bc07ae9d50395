// libFuzzer target for vrex_roomgen's description reader (tools/roomgen/desc.cpp): the bytes as a room, object or
// boards description. It must return a description or an error that names the input with a line and column, and
// never crash or hang.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "desc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto desc = vrex::roomgen::parse_description(text, "room.yaml");
    if (!desc && desc.error().rfind("room.yaml:", 0) != 0) {
        std::fprintf(stderr, "fuzz_roomgen: an error without the input's name: %s\n", desc.error().c_str());
        std::abort();
    }
    return 0;
}
