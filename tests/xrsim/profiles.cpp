// The interaction profiles xrsim accepts, with their real component lists (OpenXR 1.0, "Interaction Profile
// Paths"), and the values the simulated controller gives each component.

#include "entry_points.hpp"

#include <cstring>

namespace xrsim {

namespace {

enum class Kind { boolean, scalar, vector, pose, haptic };
enum Hands { k_left = 1, k_right = 2, k_both = 3 };

struct Component {
    std::string path; // after /user/hand/<hand>/
    Kind kind;
    int hands;
};

struct ProfileTable {
    const char* path;
    std::vector<Component> components;
};

std::vector<Component> common(std::vector<Component> components) {
    components.push_back({"input/grip/pose", Kind::pose, k_both});
    components.push_back({"input/aim/pose", Kind::pose, k_both});
    components.push_back({"output/haptic", Kind::haptic, k_both});
    return components;
}

std::vector<Component> stick(const char* name) {
    std::string base = std::string("input/") + name;
    return {{base, Kind::vector, k_both},
            {base + "/x", Kind::scalar, k_both},
            {base + "/y", Kind::scalar, k_both},
            {base + "/click", Kind::boolean, k_both},
            {base + "/touch", Kind::boolean, k_both}};
}

std::vector<Component> join(std::vector<Component> a, const std::vector<Component>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

const std::vector<ProfileTable>& profiles() {
    static const std::vector<ProfileTable> tables = [] {
        std::vector<ProfileTable> t;
        t.push_back(
            {"/interaction_profiles/khr/simple_controller",
             common({{"input/select/click", Kind::boolean, k_both}, {"input/menu/click", Kind::boolean, k_both}})});
        t.push_back({"/interaction_profiles/oculus/touch_controller",
                     common(join({{"input/x/click", Kind::boolean, k_left},
                                  {"input/x/touch", Kind::boolean, k_left},
                                  {"input/y/click", Kind::boolean, k_left},
                                  {"input/y/touch", Kind::boolean, k_left},
                                  {"input/menu/click", Kind::boolean, k_left},
                                  {"input/a/click", Kind::boolean, k_right},
                                  {"input/a/touch", Kind::boolean, k_right},
                                  {"input/b/click", Kind::boolean, k_right},
                                  {"input/b/touch", Kind::boolean, k_right},
                                  {"input/system/click", Kind::boolean, k_right},
                                  {"input/squeeze/value", Kind::scalar, k_both},
                                  {"input/trigger/value", Kind::scalar, k_both},
                                  {"input/trigger/touch", Kind::boolean, k_both},
                                  {"input/thumbrest/touch", Kind::boolean, k_both}},
                                 stick("thumbstick")))});
        t.push_back({"/interaction_profiles/valve/index_controller",
                     common(join(join({{"input/system/click", Kind::boolean, k_both},
                                       {"input/system/touch", Kind::boolean, k_both},
                                       {"input/a/click", Kind::boolean, k_both},
                                       {"input/a/touch", Kind::boolean, k_both},
                                       {"input/b/click", Kind::boolean, k_both},
                                       {"input/b/touch", Kind::boolean, k_both},
                                       {"input/squeeze/value", Kind::scalar, k_both},
                                       {"input/squeeze/force", Kind::scalar, k_both},
                                       {"input/trigger/click", Kind::boolean, k_both},
                                       {"input/trigger/value", Kind::scalar, k_both},
                                       {"input/trigger/touch", Kind::boolean, k_both},
                                       {"input/trackpad/force", Kind::scalar, k_both}},
                                      stick("thumbstick")),
                                 stick("trackpad")))});
        t.push_back(
            {"/interaction_profiles/htc/vive_controller", common(join({{"input/system/click", Kind::boolean, k_both},
                                                                       {"input/squeeze/click", Kind::boolean, k_both},
                                                                       {"input/menu/click", Kind::boolean, k_both},
                                                                       {"input/trigger/click", Kind::boolean, k_both},
                                                                       {"input/trigger/value", Kind::scalar, k_both}},
                                                                      stick("trackpad")))});
        t.push_back({"/interaction_profiles/microsoft/motion_controller",
                     common(join(join({{"input/menu/click", Kind::boolean, k_both},
                                       {"input/squeeze/click", Kind::boolean, k_both},
                                       {"input/trigger/value", Kind::scalar, k_both}},
                                      stick("thumbstick")),
                                 stick("trackpad")))});
        return t;
    }();
    return tables;
}

const ProfileTable* find_profile(const std::string& path) {
    for (const ProfileTable& table : profiles())
        if (path == table.path) return &table;
    return nullptr;
}

// Splits "/user/hand/right/input/select/click" into hand bit and component; resolves shorthand ("…/input/trigger").
const Component* find_component(const ProfileTable& table, const std::string& binding, int& hand) {
    std::string rest;
    if (binding.rfind("/user/hand/left/", 0) == 0) {
        hand = k_left;
        rest = binding.substr(std::strlen("/user/hand/left/"));
    } else if (binding.rfind("/user/hand/right/", 0) == 0) {
        hand = k_right;
        rest = binding.substr(std::strlen("/user/hand/right/"));
    } else {
        return nullptr;
    }
    for (const char* suffix : {"", "/value", "/click", "/pose"})
        for (const Component& component : table.components)
            if (rest + suffix == component.path && (component.hands & hand)) return &component;
    return nullptr;
}

bool compatible(Kind kind, XrActionType type) {
    switch (type) {
    case XR_ACTION_TYPE_BOOLEAN_INPUT:
    case XR_ACTION_TYPE_FLOAT_INPUT:
        return kind == Kind::boolean || kind == Kind::scalar;
    case XR_ACTION_TYPE_VECTOR2F_INPUT:
        return kind == Kind::vector;
    case XR_ACTION_TYPE_POSE_INPUT:
        return kind == Kind::pose;
    case XR_ACTION_TYPE_VIBRATION_OUTPUT:
        return kind == Kind::haptic;
    default:
        return false;
    }
}

// The raw value the scripted controller gives a component (path after /user/hand/<hand>/input/).
void raw_value(const ScriptState& state, const std::string& path, float& scalar, glm::vec2& vector) {
    auto is = [&](const char* name) { return path.find(name) != std::string::npos; };
    glm::vec2 stick(state.thumbstick_x, state.thumbstick_y);
    if (is("select/") || is("trigger/value") || is("trigger/click"))
        scalar = state.trigger;
    else if (is("trigger/touch"))
        scalar = state.trigger > 0.0f ? 1.0f : 0.0f;
    else if (is("menu/click") || is("b/click"))
        scalar = state.menu ? 1.0f : 0.0f;
    else if (is("squeeze/"))
        scalar = state.squeeze;
    else if (is("thumbstick/x") || is("trackpad/x"))
        scalar = stick.x;
    else if (is("thumbstick/y") || is("trackpad/y"))
        scalar = stick.y;
    else if (is("thumbstick/touch") || is("trackpad/touch"))
        scalar = stick != glm::vec2(0.0f) ? 1.0f : 0.0f;
    else if (path.ends_with("input/thumbstick") || path.ends_with("input/trackpad"))
        vector = stick;
}

} // namespace

bool profile_known(const std::string& profile) {
    return find_profile(profile) != nullptr;
}

XrResult profile_path_check(Instance& instance, XrPath profile, XrPath binding, XrActionType type) {
    const char* call = "xrSuggestInteractionProfileBindings";
    const ProfileTable* table = find_profile(path_string(instance, profile));
    if (!table)
        return misuse(instance, call, XR_ERROR_PATH_UNSUPPORTED, "unknown profile " + path_string(instance, profile));
    int hand = 0;
    const Component* component = find_component(*table, path_string(instance, binding), hand);
    if (!component)
        return misuse(instance, call, XR_ERROR_PATH_UNSUPPORTED,
                      path_string(instance, binding) + " is not a component of " + table->path);
    if (!compatible(component->kind, type))
        return misuse(instance, call, XR_ERROR_PATH_UNSUPPORTED,
                      path_string(instance, binding) + " does not fit the action's type");
    return XR_SUCCESS;
}

ActionValue component_value(const ScriptState& state, const std::string& profile, const std::string& path,
                            XrActionType type) {
    ActionValue value;
    const ProfileTable* table = find_profile(profile);
    int hand = 0;
    const Component* component = table ? find_component(*table, path, hand) : nullptr;
    if (!component) return value;
    float scalar = 0.0f;
    glm::vec2 vector(0.0f);
    raw_value(state, component->path, scalar, vector);
    value.active = true;
    value.scalar = type == XR_ACTION_TYPE_BOOLEAN_INPUT || component->kind == Kind::boolean
                       ? (scalar > 0.5f ? 1.0f : 0.0f)
                       : scalar;
    value.boolean = value.scalar > 0.5f;
    value.vector = vector;
    return value;
}

std::string profile_for(Profile profile) {
    return profile == Profile::touch ? "/interaction_profiles/oculus/touch_controller"
                                     : "/interaction_profiles/khr/simple_controller";
}

std::string hand_path(Hand hand) {
    return hand == Hand::left ? "/user/hand/left" : "/user/hand/right";
}

} // namespace xrsim
