// The handle registry: live objects by address, and the graveyard of destroyed ones (runtime.hpp says why).
#include "runtime.hpp"

#include <cstdio>
#include <unordered_map>

namespace xrsim {
namespace {

struct Grave {
    ObjectType type;
    std::string how;
};

std::unordered_map<const void*, ObjectType>& registry() {
    static std::unordered_map<const void*, ObjectType> objects;
    return objects;
}

std::unordered_map<const void*, Grave>& graveyard() {
    static std::unordered_map<const void*, Grave> graves;
    return graves;
}

std::string& late_log_path() {
    static std::string path;
    return path;
}

Instance* live_instance() {
    for (const auto& [object, type] : registry())
        if (type == ObjectType::instance) return static_cast<Instance*>(const_cast<void*>(object));
    return nullptr;
}

// Misuse with a destroyed handle: into the live instance's log and count, else into the last instance's log file.
void report_dead_handle(const Grave& grave, ObjectType asked_for) {
    std::string what =
        std::string("a destroyed ") + object_type_name(grave.type) + " handle (destroyed " + grave.how + ") used";
    if (asked_for != grave.type) what += std::string(" as a ") + object_type_name(asked_for);
    const char* call = "a call with a destroyed handle";
    if (Instance* instance = live_instance()) {
        misuse(*instance, call, XR_ERROR_HANDLE_INVALID, what);
        return;
    }
    const std::string line = JsonLine("misuse")
                                 .add("call", call)
                                 .add("result", "XR_ERROR_HANDLE_INVALID")
                                 .add("what", what)
                                 .add("after_instance", true)
                                 .str();
    std::fprintf(stderr, "[xrsim] %s\n", line.c_str());
    if (late_log_path().empty()) return;
    if (std::FILE* f = std::fopen(late_log_path().c_str(), "a")) {
        std::fprintf(f, "%s\n", line.c_str());
        std::fclose(f);
    }
}

} // namespace

void register_object(void* object, ObjectType type) {
    registry()[object] = type;
    graveyard().erase(object); // the address is a new object's now
}

void unregister_object(void* object, const std::string& how) {
    auto it = registry().find(object);
    if (it == registry().end()) return;
    graveyard()[object] = Grave{it->second, how};
    registry().erase(it);
}

bool is_object(const void* object, ObjectType type) {
    if (auto it = registry().find(object); it != registry().end()) return it->second == type;
    if (auto grave = graveyard().find(object); grave != graveyard().end()) report_dead_handle(grave->second, type);
    return false;
}

const char* object_type_name(ObjectType type) {
    switch (type) {
    case ObjectType::instance:
        return "instance";
    case ObjectType::session:
        return "session";
    case ObjectType::swapchain:
        return "swapchain";
    case ObjectType::space:
        return "space";
    case ObjectType::action_set:
        return "action set";
    case ObjectType::action:
        return "action";
    }
    return "object";
}

void remember_log_path(const std::string& path) {
    late_log_path() = path;
}

} // namespace xrsim
