#pragma once

namespace vrex::core {

// In a build with AddressSanitizer (VREX_SANITIZE, VREX_FUZZ): marks every shared library loaded now RTLD_NODELETE,
// so that a later dlclose (the Vulkan loader unloading the driver at vkDestroyInstance, the OpenXR loader its
// runtime) leaves it mapped and LeakSanitizer's report at exit can name it; tests/sanitize/lsan.supp suppresses by
// library name, which a frame in an unmapped library ("<unknown module>") cannot match. Call it once the libraries
// are loaded (after device creation). Does nothing in other builds.
void keep_loaded_libraries();

} // namespace vrex::core
