// Action sets, actions, suggested bindings, attachment, xrSyncActions and the current interaction profile.

#include "entry_points.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

namespace xrsim {

namespace {

constexpr const char* k_top_level_paths[] = {"/user/hand/left", "/user/hand/right", "/user/head", "/user/gamepad"};

bool valid_name(const char* name) {
    if (!name || !*name) return false;
    for (const char* c = name; *c; ++c)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.'))
            return false;
    return true;
}

bool is_top_level(const Instance& instance, XrPath path) {
    const std::string& text = path_string(instance, path);
    for (const char* top : k_top_level_paths)
        if (text == top) return true;
    return false;
}

bool starts_with_path(const std::string& path, const std::string& prefix) {
    return path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 && path[prefix.size()] == '/';
}

// Forgets an action everywhere it may still be referenced.
void forget_action(Instance& instance, Action* action, const std::string& how) {
    for (auto& [profile, bindings] : instance.suggested)
        std::erase_if(bindings, [&](const Binding& binding) { return binding.action == action; });
    for (Session* session : instance.sessions)
        for (Space* space : session->spaces)
            if (space->action == action) space->action = nullptr;
    unregister_object(action, how);
    delete action;
}

XrResult check_action_names(ActionSet& set, const XrActionCreateInfo& info) {
    Instance& instance = *set.instance;
    const char* call = "xrCreateAction";
    if (!valid_name(info.actionName))
        return misuse(instance, call, XR_ERROR_PATH_FORMAT_INVALID, std::string("bad name '") + info.actionName + "'");
    if (!info.localizedActionName[0]) return misuse(instance, call, XR_ERROR_LOCALIZED_NAME_INVALID, "empty");
    for (Action* other : set.actions) {
        if (other->name == info.actionName) return misuse(instance, call, XR_ERROR_NAME_DUPLICATED, other->name);
        if (other->localized_name == info.localizedActionName)
            return misuse(instance, call, XR_ERROR_LOCALIZED_NAME_DUPLICATED, other->localized_name);
    }
    return XR_SUCCESS;
}

XrResult check_subaction_paths(Instance& instance, const XrActionCreateInfo& info) {
    for (uint32_t i = 0; i < info.countSubactionPaths; ++i) {
        XrPath path = info.subactionPaths[i];
        if (!is_valid_path(instance, path))
            return misuse(instance, "xrCreateAction", XR_ERROR_PATH_INVALID, "subaction path is not an XrPath");
        if (!is_top_level(instance, path) || std::count(info.subactionPaths, info.subactionPaths + i, path))
            return misuse(instance, "xrCreateAction", XR_ERROR_PATH_UNSUPPORTED,
                          path_string(instance, path) + " is not a (distinct) top-level user path");
    }
    return XR_SUCCESS;
}

ActionValue combine(ActionValue a, const ActionValue& b) {
    if (!b.active) return a;
    if (!a.active) return b;
    a.boolean = a.boolean || b.boolean;
    if (std::fabs(b.scalar) > std::fabs(a.scalar)) a.scalar = b.scalar;
    if (glm::length(b.vector) > glm::length(a.vector)) a.vector = b.vector;
    return a;
}

// The value of `action` for `subaction` (XR_NULL_PATH: any) from the current profile's bindings.
ActionValue evaluate(const Session& session, const Action& action, XrPath subaction, const ScriptState& state) {
    const Instance& instance = *session.instance;
    ActionValue value;
    auto it = instance.suggested.find(session.current_profile);
    if (it == instance.suggested.end()) return value;
    const std::string& hand = path_string(instance, session.current_hand);
    if (subaction != XR_NULL_PATH && subaction != session.current_hand) return value;
    const std::string& profile = path_string(instance, session.current_profile);
    for (const Binding& binding : it->second) {
        if (binding.action != &action) continue;
        const std::string& path = path_string(instance, binding.path);
        if (!starts_with_path(path, hand)) continue;
        value = combine(value, component_value(state, profile, path, action.type));
    }
    return value;
}

bool same_value(const ActionValue& a, const ActionValue& b) {
    return a.boolean == b.boolean && a.scalar == b.scalar && a.vector == b.vector;
}

void sync_action(Session& session, Action& action, bool active, const ScriptState& state) {
    action.previous = action.current;
    std::vector<XrPath> keys = action.subaction_paths;
    keys.push_back(XR_NULL_PATH);
    for (XrPath key : keys) {
        ActionValue value = active ? evaluate(session, action, key, state) : ActionValue{};
        const ActionValue& before = action.previous[key];
        if (value.active && !same_value(value, before))
            action.changed_at[key] = predicted_time(session, session.synced_frame);
        action.current[key] = value;
    }
}

} // namespace

void update_interaction_profile(Session& session) {
    if (session.attached_sets.empty()) return;
    Instance& instance = *session.instance;
    ScriptState state = instance.script.state_at(std::max<int64_t>(session.last_waited, 0));
    XrPath profile = XR_NULL_PATH;
    XrPath wanted = intern_path(instance, profile_for(state.profile));
    if (state.controller_active && instance.suggested.count(wanted)) profile = wanted;
    XrPath hand = intern_path(instance, hand_path(state.hand));
    if (profile == session.current_profile && hand == session.current_hand) return;
    session.current_profile = profile;
    session.current_hand = hand;
    XrEventDataInteractionProfileChanged event{XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED};
    event.session = to_handle<XrSession>(&session);
    push_event(instance, &event, sizeof event);
    instance.log.write(JsonLine("interaction_profile")
                           .add("frame", session.last_waited)
                           .add("hand", path_string(instance, hand))
                           .add("profile", path_string(instance, profile)));
}

void destroy_action_set_object(ActionSet* set, const std::string& how) {
    Instance& instance = *set->instance;
    for (Action* action : set->actions) forget_action(instance, action, "with its action set (" + how + ")");
    for (Session* session : instance.sessions) std::erase(session->attached_sets, set);
    instance.action_sets.erase(set);
    unregister_object(set, how);
    delete set;
}

} // namespace xrsim

namespace xrsim::api {

XrResult XRAPI_CALL create_action_set(XrInstance handle, const XrActionSetCreateInfo* info, XrActionSet* out) {
    std::lock_guard lock(api_mutex());
    Instance* instance = from_handle<Instance>(handle, ObjectType::instance);
    if (!instance) return XR_ERROR_HANDLE_INVALID;
    if (!info || !out || info->type != XR_TYPE_ACTION_SET_CREATE_INFO) return XR_ERROR_VALIDATION_FAILURE;
    const char* call = "xrCreateActionSet";
    if (!valid_name(info->actionSetName))
        return misuse(*instance, call, XR_ERROR_PATH_FORMAT_INVALID, std::string("bad name ") + info->actionSetName);
    if (!info->localizedActionSetName[0]) return misuse(*instance, call, XR_ERROR_LOCALIZED_NAME_INVALID, "empty");
    for (ActionSet* other : instance->action_sets) {
        if (other->name == info->actionSetName) return misuse(*instance, call, XR_ERROR_NAME_DUPLICATED, other->name);
        if (other->localized_name == info->localizedActionSetName)
            return misuse(*instance, call, XR_ERROR_LOCALIZED_NAME_DUPLICATED, other->localized_name);
    }
    auto* set = new ActionSet{instance, info->actionSetName, info->localizedActionSetName, info->priority};
    register_object(set, ObjectType::action_set);
    instance->action_sets.insert(set);
    *out = to_handle<XrActionSet>(set);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroy_action_set(XrActionSet handle) {
    std::lock_guard lock(api_mutex());
    ActionSet* set = from_handle<ActionSet>(handle, ObjectType::action_set);
    if (!set) return XR_ERROR_HANDLE_INVALID;
    destroy_action_set_object(set, "xrDestroyActionSet");
    return XR_SUCCESS;
}

XrResult XRAPI_CALL create_action(XrActionSet handle, const XrActionCreateInfo* info, XrAction* out) {
    std::lock_guard lock(api_mutex());
    ActionSet* set = from_handle<ActionSet>(handle, ObjectType::action_set);
    if (!set) return XR_ERROR_HANDLE_INVALID;
    if (!info || !out || info->type != XR_TYPE_ACTION_CREATE_INFO) return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *set->instance;
    if (set->attached)
        return misuse(instance, "xrCreateAction", XR_ERROR_ACTIONSETS_ALREADY_ATTACHED, set->name + " is attached");
    if (XrResult r = check_action_names(*set, *info); XR_FAILED(r)) return r;
    if (XrResult r = check_subaction_paths(instance, *info); XR_FAILED(r)) return r;
    auto* action = new Action{set, info->actionName, info->localizedActionName, info->actionType};
    action->subaction_paths.assign(info->subactionPaths, info->subactionPaths + info->countSubactionPaths);
    register_object(action, ObjectType::action);
    set->actions.push_back(action);
    *out = to_handle<XrAction>(action);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroy_action(XrAction handle) {
    std::lock_guard lock(api_mutex());
    Action* action = from_handle<Action>(handle, ObjectType::action);
    if (!action) return XR_ERROR_HANDLE_INVALID;
    std::erase(action->set->actions, action);
    forget_action(*action->set->instance, action, "xrDestroyAction");
    return XR_SUCCESS;
}

XrResult XRAPI_CALL suggest_interaction_profile_bindings(XrInstance handle,
                                                         const XrInteractionProfileSuggestedBinding* info) {
    std::lock_guard lock(api_mutex());
    Instance* instance = from_handle<Instance>(handle, ObjectType::instance);
    if (!instance) return XR_ERROR_HANDLE_INVALID;
    if (!info || info->type != XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING || info->countSuggestedBindings == 0)
        return XR_ERROR_VALIDATION_FAILURE;
    const char* call = "xrSuggestInteractionProfileBindings";
    if (!is_valid_path(*instance, info->interactionProfile))
        return misuse(*instance, call, XR_ERROR_PATH_INVALID, "interactionProfile is not an XrPath");
    std::vector<Binding> bindings;
    for (uint32_t i = 0; i < info->countSuggestedBindings; ++i) {
        const XrActionSuggestedBinding& suggested = info->suggestedBindings[i];
        Action* action = from_handle<Action>(suggested.action, ObjectType::action);
        if (!action) return XR_ERROR_HANDLE_INVALID;
        if (action->set->attached)
            return misuse(*instance, call, XR_ERROR_ACTIONSETS_ALREADY_ATTACHED, action->set->name + " is attached");
        if (!is_valid_path(*instance, suggested.binding))
            return misuse(*instance, call, XR_ERROR_PATH_INVALID, "binding is not an XrPath");
        XrResult r = profile_path_check(*instance, info->interactionProfile, suggested.binding, action->type);
        if (XR_FAILED(r)) return r;
        bindings.push_back({action, suggested.binding});
    }
    instance->suggested[info->interactionProfile] = std::move(bindings);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL attach_session_action_sets(XrSession handle, const XrSessionActionSetsAttachInfo* info) {
    std::lock_guard lock(api_mutex());
    Session* session = from_handle<Session>(handle, ObjectType::session);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!info || info->type != XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO || info->countActionSets == 0)
        return XR_ERROR_VALIDATION_FAILURE;
    if (!session->attached_sets.empty())
        return misuse(*session->instance, "xrAttachSessionActionSets", XR_ERROR_ACTIONSETS_ALREADY_ATTACHED,
                      "attached before");
    std::vector<ActionSet*> sets;
    for (uint32_t i = 0; i < info->countActionSets; ++i) {
        ActionSet* set = from_handle<ActionSet>(info->actionSets[i], ObjectType::action_set);
        if (!set) return XR_ERROR_HANDLE_INVALID;
        sets.push_back(set);
    }
    for (ActionSet* set : sets) set->attached = true;
    session->attached_sets = sets;
    update_interaction_profile(*session);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL get_current_interaction_profile(XrSession handle, XrPath top_level,
                                                    XrInteractionProfileState* state) {
    std::lock_guard lock(api_mutex());
    Session* session = from_handle<Session>(handle, ObjectType::session);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!state || state->type != XR_TYPE_INTERACTION_PROFILE_STATE) return XR_ERROR_VALIDATION_FAILURE;
    Instance& instance = *session->instance;
    const char* call = "xrGetCurrentInteractionProfile";
    if (session->attached_sets.empty())
        return misuse(instance, call, XR_ERROR_ACTIONSET_NOT_ATTACHED, "no action sets attached yet");
    if (!is_valid_path(instance, top_level)) return misuse(instance, call, XR_ERROR_PATH_INVALID, "not an XrPath");
    if (!is_top_level(instance, top_level))
        return misuse(instance, call, XR_ERROR_PATH_UNSUPPORTED, path_string(instance, top_level));
    state->interactionProfile = top_level == session->current_hand ? session->current_profile : XR_NULL_PATH;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL sync_actions(XrSession handle, const XrActionsSyncInfo* info) {
    std::lock_guard lock(api_mutex());
    Session* session = from_handle<Session>(handle, ObjectType::session);
    if (XrResult r = check_session(session); XR_FAILED(r)) return r;
    if (!info || info->type != XR_TYPE_ACTIONS_SYNC_INFO) return XR_ERROR_VALIDATION_FAILURE;
    std::set<ActionSet*> active;
    for (uint32_t i = 0; i < info->countActiveActionSets; ++i) {
        ActionSet* set = from_handle<ActionSet>(info->activeActionSets[i].actionSet, ObjectType::action_set);
        if (!set) return XR_ERROR_HANDLE_INVALID;
        if (std::find(session->attached_sets.begin(), session->attached_sets.end(), set) ==
            session->attached_sets.end())
            return misuse(*session->instance, "xrSyncActions", XR_ERROR_ACTIONSET_NOT_ATTACHED, set->name);
        active.insert(set);
    }
    bool focused = session->state == XR_SESSION_STATE_FOCUSED;
    session->synced_frame = std::max<int64_t>(session->last_waited, 0);
    ScriptState state = session->instance->script.state_at(session->synced_frame);
    for (ActionSet* set : session->attached_sets)
        for (Action* action : set->actions) sync_action(*session, *action, focused && active.count(set), state);
    return focused ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED;
}

} // namespace xrsim::api
