#include "core/sanitizer.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define VREX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VREX_ASAN 1
#endif
#endif

#ifdef VREX_ASAN
#include <dlfcn.h>
#include <link.h>

#include <string>
#include <vector>
#endif

namespace vrex::core {

void keep_loaded_libraries() {
#ifdef VREX_ASAN
    // The names first: dlopen is not called from inside dl_iterate_phdr, which holds the loader's lock.
    std::vector<std::string> paths;
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* out) {
            if (info->dlpi_name && info->dlpi_name[0] == '/')
                static_cast<std::vector<std::string>*>(out)->emplace_back(info->dlpi_name);
            return 0;
        },
        &paths);
    // RTLD_NOLOAD: only what is loaded already; the handle's reference is never dropped, on purpose.
    for (const std::string& path : paths) dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
#endif
}

} // namespace vrex::core
