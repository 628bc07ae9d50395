// Instance-level commands: proc addresses, extensions, instance lifetime, events, paths, enum names.

#include "entry_points.hpp"

#include <openxr/openxr_reflection.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace xrsim {

namespace {

Instance* instance_from(XrInstance handle) {
    return from_handle<Instance>(handle, ObjectType::instance);
}

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

uint32_t env_size(const char* name, uint32_t fallback) {
    std::string text = env(name);
    if (text.empty()) return fallback;
    long value = std::strtol(text.c_str(), nullptr, 10);
    return value > 0 && value <= 16384 ? static_cast<uint32_t>(value) : fallback;
}

Config read_config() {
    Config config;
    config.view_width = env_size("VREX_XRSIM_VIEW_WIDTH", config.view_width);
    config.view_height = env_size("VREX_XRSIM_VIEW_HEIGHT", config.view_height);
    config.max_size = env_size("VREX_XRSIM_MAX_SIZE", config.max_size);
    std::string layers = env("VREX_XRSIM_LAYERS");
    config.cube_layer = layers.find("cube") != std::string::npos;
    config.equirect2_layer = layers.find("equirect2") != std::string::npos;
    config.depth_layer = env("VREX_XRSIM_DEPTH") != "0";
    config.gpu = env("VREX_GPU");
    config.capture_dir = env("VREX_XRSIM_CAPTURE");
    config.asleep_calls = env_size("VREX_XRSIM_ASLEEP", 0);
    return config;
}

std::vector<std::string> offered_extensions() {
    Config config = read_config();
    std::vector<std::string> names{"XR_KHR_vulkan_enable2", "XR_KHR_vulkan_enable"};
    if (config.cube_layer) names.push_back("XR_KHR_composition_layer_cube");
    if (config.equirect2_layer) names.push_back("XR_KHR_composition_layer_equirect2");
    if (config.depth_layer) names.push_back("XR_KHR_composition_layer_depth");
    return names;
}

uint32_t extension_version(const std::string& name) {
    if (name == "XR_KHR_vulkan_enable2") return XR_KHR_vulkan_enable2_SPEC_VERSION;
    if (name == "XR_KHR_vulkan_enable") return XR_KHR_vulkan_enable_SPEC_VERSION;
    if (name == "XR_KHR_composition_layer_cube") return XR_KHR_composition_layer_cube_SPEC_VERSION;
    if (name == "XR_KHR_composition_layer_depth") return XR_KHR_composition_layer_depth_SPEC_VERSION;
    return XR_KHR_composition_layer_equirect2_SPEC_VERSION;
}

// A well-formed path: "/" then components of [a-z0-9-_.], none empty, none "." or "..".
bool well_formed_path(const std::string& text) {
    if (text.size() < 2 || text.front() != '/' || text.back() == '/' || text.size() >= XR_MAX_PATH_LENGTH) return false;
    size_t start = 1;
    while (start <= text.size()) {
        size_t end = text.find('/', start);
        if (end == std::string::npos) end = text.size();
        std::string part = text.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        for (char c : part)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
        start = end + 1;
    }
    return true;
}

XrResult open_instance(Instance& instance, const XrInstanceCreateInfo& info) {
    instance.config = read_config();
    instance.next_frame = take_resume_frame();
    for (uint32_t i = 0; i < info.enabledExtensionCount; ++i) instance.extensions.insert(info.enabledExtensionNames[i]);
    std::string log_path = env("VREX_XRSIM_LOG");
    if (log_path.empty() && !instance.config.capture_dir.empty()) log_path = instance.config.capture_dir + "/xrsim.log";
    if (!log_path.empty()) instance.log.open(log_path);
    remember_log_path(log_path);
    std::string script = env("VREX_XRSIM_SCRIPT");
    if (!script.empty()) {
        std::string error = instance.script.load_file(script);
        if (!error.empty()) {
            instance.log.write(JsonLine("script_error").add("what", error), true);
            return XR_ERROR_INITIALIZATION_FAILED;
        }
    }
    auto now = std::chrono::steady_clock::now().time_since_epoch();
    instance.epoch = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
    instance.log.write(JsonLine("instance")
                           .add("application", info.applicationInfo.applicationName)
                           .add("script", script)
                           .add("extensions", static_cast<int64_t>(instance.extensions.size())));
    return XR_SUCCESS;
}

} // namespace

XrPath intern_path(Instance& instance, const std::string& text) {
    auto it = instance.path_ids.find(text);
    if (it != instance.path_ids.end()) return it->second;
    XrPath id = instance.paths.size();
    instance.paths.push_back(text);
    instance.path_ids.emplace(text, id);
    return id;
}

const std::string& path_string(const Instance& instance, XrPath path) {
    return path < instance.paths.size() ? instance.paths[path] : instance.paths[0];
}

bool is_valid_path(const Instance& instance, XrPath path) {
    return path != XR_NULL_PATH && path < instance.paths.size();
}

} // namespace xrsim

namespace xrsim::api {

XrResult XRAPI_CALL get_instance_proc_addr(XrInstance handle, const char* name, PFN_xrVoidFunction* function) {
    std::lock_guard lock(api_mutex());
    if (!name || !function) return XR_ERROR_VALIDATION_FAILURE;
    *function = nullptr;
    Instance* instance = instance_from(handle);
    if (handle == XR_NULL_HANDLE) {
        bool allowed = !std::strcmp(name, "xrEnumerateInstanceExtensionProperties") ||
                       !std::strcmp(name, "xrEnumerateApiLayerProperties") || !std::strcmp(name, "xrCreateInstance");
        if (!allowed) return XR_ERROR_HANDLE_INVALID;
    } else if (!instance) {
        return XR_ERROR_HANDLE_INVALID;
    }
    XrResult result = XR_SUCCESS;
    *function = find_function(name, instance, result);
    return result;
}

XrResult XRAPI_CALL enumerate_instance_extension_properties(const char* layer, uint32_t capacity, uint32_t* count,
                                                            XrExtensionProperties* properties) {
    std::lock_guard lock(api_mutex());
    if (layer && *layer) return XR_ERROR_API_LAYER_NOT_PRESENT;
    if (!count) return XR_ERROR_VALIDATION_FAILURE;
    std::vector<std::string> names = offered_extensions();
    *count = static_cast<uint32_t>(names.size());
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < names.size()) return XR_ERROR_SIZE_INSUFFICIENT;
    for (size_t i = 0; i < names.size(); ++i) {
        if (properties[i].type != XR_TYPE_EXTENSION_PROPERTIES) return XR_ERROR_VALIDATION_FAILURE;
        std::strncpy(properties[i].extensionName, names[i].c_str(), XR_MAX_EXTENSION_NAME_SIZE - 1);
        properties[i].extensionVersion = extension_version(names[i]);
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL create_instance(const XrInstanceCreateInfo* info, XrInstance* out) {
    std::lock_guard lock(api_mutex());
    if (!info || !out || info->type != XR_TYPE_INSTANCE_CREATE_INFO) return XR_ERROR_VALIDATION_FAILURE;
    if (XR_VERSION_MAJOR(info->applicationInfo.apiVersion) != 1) return XR_ERROR_API_VERSION_UNSUPPORTED;
    if (info->applicationInfo.applicationName[0] == '\0') return XR_ERROR_NAME_INVALID;
    std::vector<std::string> offered = offered_extensions();
    for (uint32_t i = 0; i < info->enabledExtensionCount; ++i) {
        bool found = false;
        for (const std::string& name : offered) found = found || name == info->enabledExtensionNames[i];
        if (!found) return XR_ERROR_EXTENSION_NOT_PRESENT;
    }
    auto instance = std::make_unique<Instance>();
    XrResult result = open_instance(*instance, *info);
    if (XR_FAILED(result)) return result;
    register_object(instance.get(), ObjectType::instance);
    *out = to_handle<XrInstance>(instance.release());
    return XR_SUCCESS;
}

XrResult XRAPI_CALL get_instance_properties(XrInstance handle, XrInstanceProperties* properties) {
    std::lock_guard lock(api_mutex());
    if (!instance_from(handle)) return XR_ERROR_HANDLE_INVALID;
    if (!properties || properties->type != XR_TYPE_INSTANCE_PROPERTIES) return XR_ERROR_VALIDATION_FAILURE;
    properties->runtimeVersion = XR_MAKE_VERSION(0, 1, 0);
    std::strncpy(properties->runtimeName, "vrex xrsim", XR_MAX_RUNTIME_NAME_SIZE - 1);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL poll_event(XrInstance handle, XrEventDataBuffer* buffer) {
    std::lock_guard lock(api_mutex());
    Instance* instance = instance_from(handle);
    if (!instance) return XR_ERROR_HANDLE_INVALID;
    if (!buffer || buffer->type != XR_TYPE_EVENT_DATA_BUFFER) return XR_ERROR_VALIDATION_FAILURE;
    return next_event(*instance, *buffer);
}

XrResult XRAPI_CALL result_to_string(XrInstance handle, XrResult value, char buffer[XR_MAX_RESULT_STRING_SIZE]) {
    std::lock_guard lock(api_mutex());
    if (!instance_from(handle)) return XR_ERROR_HANDLE_INVALID;
    const char* name = result_name(value);
    if (!std::strcmp(name, "XR_UNKNOWN_RESULT"))
        std::snprintf(buffer, XR_MAX_RESULT_STRING_SIZE, "%s_%d",
                      value < 0 ? "XR_UNKNOWN_FAILURE" : "XR_UNKNOWN_SUCCESS", static_cast<int>(value));
    else
        std::snprintf(buffer, XR_MAX_RESULT_STRING_SIZE, "%s", name);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL structure_type_to_string(XrInstance handle, XrStructureType value,
                                             char buffer[XR_MAX_STRUCTURE_NAME_SIZE]) {
    std::lock_guard lock(api_mutex());
    if (!instance_from(handle)) return XR_ERROR_HANDLE_INVALID;
    const char* name = nullptr;
    switch (value) {
#define XRSIM_TYPE_CASE(enum_name, number)                                                                             \
    case enum_name:                                                                                                    \
        name = #enum_name;                                                                                             \
        break;
        XR_LIST_ENUM_XrStructureType(XRSIM_TYPE_CASE)
#undef XRSIM_TYPE_CASE
            default : break;
    }
    if (name)
        std::snprintf(buffer, XR_MAX_STRUCTURE_NAME_SIZE, "%s", name);
    else
        std::snprintf(buffer, XR_MAX_STRUCTURE_NAME_SIZE, "XR_UNKNOWN_STRUCTURE_TYPE_%d", static_cast<int>(value));
    return XR_SUCCESS;
}

XrResult XRAPI_CALL string_to_path(XrInstance handle, const char* text, XrPath* path) {
    std::lock_guard lock(api_mutex());
    Instance* instance = instance_from(handle);
    if (!instance) return XR_ERROR_HANDLE_INVALID;
    if (!text || !path) return XR_ERROR_VALIDATION_FAILURE;
    if (!well_formed_path(text))
        return misuse(*instance, "xrStringToPath", XR_ERROR_PATH_FORMAT_INVALID, std::string("'") + text + "'");
    *path = intern_path(*instance, text);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL path_to_string(XrInstance handle, XrPath path, uint32_t capacity, uint32_t* count, char* buffer) {
    std::lock_guard lock(api_mutex());
    Instance* instance = instance_from(handle);
    if (!instance) return XR_ERROR_HANDLE_INVALID;
    if (!count) return XR_ERROR_VALIDATION_FAILURE;
    if (!is_valid_path(*instance, path))
        return misuse(*instance, "xrPathToString", XR_ERROR_PATH_INVALID, "unknown XrPath " + std::to_string(path));
    const std::string& text = path_string(*instance, path);
    *count = static_cast<uint32_t>(text.size() + 1);
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < *count) return XR_ERROR_SIZE_INSUFFICIENT;
    std::memcpy(buffer, text.c_str(), text.size() + 1);
    return XR_SUCCESS;
}

} // namespace xrsim::api

namespace xrsim::api {

XrResult XRAPI_CALL destroy_instance(XrInstance handle) {
    std::lock_guard lock(api_mutex());
    Instance* instance = instance_from(handle);
    if (!instance) return XR_ERROR_HANDLE_INVALID;
    while (!instance->sessions.empty()) destroy_session_object(*instance->sessions.begin(), "with its instance");
    while (!instance->action_sets.empty())
        destroy_action_set_object(*instance->action_sets.begin(), "with its instance");
    remember_lost_instance(*instance);
    instance->log.write(JsonLine("instance_destroyed")
                            .add("misuse", static_cast<int64_t>(instance->misuse_count))
                            .add("events_delivered", static_cast<int64_t>(instance->events_delivered))
                            .add("events_pending", static_cast<int64_t>(instance->events.size())));
    unregister_object(instance, "xrDestroyInstance");
    delete instance;
    return XR_SUCCESS;
}

} // namespace xrsim::api
