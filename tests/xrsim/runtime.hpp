#pragma once
// xrsim: a headless OpenXR 1.0 runtime for tests. One simulated HMD and one simulated controller, scripted per frame
// (script.hpp); Vulkan on the application's own device. Internal declarations shared by the runtime's .cpp files.

// Vulkan first: openxr_platform.h uses its types under XR_USE_GRAPHICS_API_VULKAN.
#include <vulkan/vulkan.h>

#define XR_USE_GRAPHICS_API_VULKAN
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include "log.hpp"
#include "script.hpp"

#include <glm/gtc/quaternion.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace xrsim {

constexpr XrTime k_frame_period_ns = 11'111'111; // 90 Hz
constexpr XrSystemId k_system_id = 1;
constexpr uint32_t k_view_count = 2;
constexpr uint32_t k_max_layers = 16;
constexpr float k_ipd_m = 0.064f;
// Events the queue holds; beyond, events other than session state changes are dropped and announced by one
// XrEventDataEventsLost (session state changes are never dropped).
constexpr size_t k_event_capacity = 128;
constexpr int k_flood_events = 200; // what the script's event_flood queues

// Settings read from the environment at xrCreateInstance (README.md lists them).
struct Config {
    uint32_t view_width{640};
    uint32_t view_height{640};
    uint32_t max_size{2048};
    bool cube_layer{false};
    bool equirect2_layer{false};
    bool depth_layer{true};   // XR_KHR_composition_layer_depth, unless VREX_XRSIM_DEPTH=0
    std::string gpu;          // VREX_GPU: substring of the physical device name
    std::string capture_dir;  // VREX_XRSIM_CAPTURE
    uint32_t asleep_calls{0}; // VREX_XRSIM_ASLEEP: xrGetSystem says FORM_FACTOR_UNAVAILABLE this many times first
};

struct Pose {
    glm::quat orientation{1.0f, 0.0f, 0.0f, 0.0f};
    glm::vec3 position{0.0f};
};
Pose to_pose(const XrPosef& pose);
XrPosef to_xr(const Pose& pose);
Pose operator*(const Pose& a, const Pose& b); // a ∘ b: b expressed in a's frame
Pose inverse(const Pose& pose);
bool is_unit(const XrQuaternionf& q);
// DESIGN §2: rotation about +Y by −yaw, then about +X by pitch (degrees).
glm::quat yaw_pitch(float yaw_deg, float pitch_deg);

enum class ObjectType { instance, session, swapchain, space, action_set, action };

struct Session;
struct ActionSet;
struct Action;

struct Binding {
    Action* action;
    XrPath path; // a component path, e.g. /user/hand/right/input/select/click
};

struct Event {
    XrEventDataBuffer data{XR_TYPE_EVENT_DATA_BUFFER};
    bool lost_marker{false}; // an XrEventDataEventsLost whose count is filled in when it is polled
};

struct Instance {
    std::set<std::string> extensions;
    Config config;
    Script script;
    Log log;
    std::deque<Event> events;
    bool vulkan_requirements_queried{false};
    VkInstance vk_instance{VK_NULL_HANDLE}; // from xrGetVulkanGraphicsDevice(2)KHR
    VkPhysicalDevice physical_device{VK_NULL_HANDLE};
    std::vector<std::string> paths{""}; // XrPath n is paths[n]; 0 is XR_NULL_PATH
    std::map<std::string, XrPath> path_ids;
    std::map<XrPath, std::vector<Binding>> suggested; // interaction profile → bindings
    std::set<Session*> sessions;
    std::set<ActionSet*> action_sets;
    XrTime epoch{0};
    uint64_t misuse_count{0};
    std::chrono::steady_clock::time_point created{std::chrono::steady_clock::now()};
    uint32_t get_system_calls{0};
    uint64_t events_delivered{0};
    uint64_t events_lost{0}; // dropped since the last XrEventDataEventsLost was queued
    bool lost_marker_queued{false};
    bool flood_pending{false}; // an event_flood's events are still queued (events_drained is logged when not)
    bool loss_pending{false};  // lose_instance: XrEventDataInstanceLossPending queued
    bool lost{false};          // ... and polled: calls return XR_ERROR_INSTANCE_LOST from then on
    int64_t next_frame{0};     // a new session's first frame: frames count on across sessions (and lost instances)
};

struct Session {
    Instance* instance;
    XrSessionState state{XR_SESSION_STATE_UNKNOWN};
    bool running{false};
    bool exit_requested{false};
    bool lost{false};
    bool focus_suppressed{false}; // a scripted focus_lost is in effect
    XrTime time_base{0};          // frame n is predicted for time_base + (n + 1) · 11.1 ms
    int64_t last_waited{-1};      // frame index of the last xrWaitFrame (frames count from session creation)
    bool frame_waited{false};     // xrWaitFrame returned, xrBeginFrame not yet called
    bool frame_begun{false};
    int64_t begun_frame{-1};
    std::set<XrTime> predicted_times; // of waited frames not yet ended
    uint64_t frames_submitted{0};
    // Vulkan, from XrGraphicsBindingVulkan2KHR
    VkInstance vk_instance{VK_NULL_HANDLE};
    VkPhysicalDevice physical_device{VK_NULL_HANDLE};
    VkDevice device{VK_NULL_HANDLE};
    uint32_t queue_family{0};
    VkQueue queue{VK_NULL_HANDLE};
    VkCommandPool command_pool{VK_NULL_HANDLE};
    // actions
    std::vector<ActionSet*> attached_sets;
    XrPath current_profile{XR_NULL_PATH};
    XrPath current_hand{XR_NULL_PATH};
    int64_t synced_frame{-1};
    std::set<struct Swapchain*> swapchains;
    std::set<struct Space*> spaces;
    std::string last_depth_info; // what the last depth_info log line said (one line per change, not per frame)
    // headset_off: the session stops (without exit) and stays IDLE until headset_on; meanwhile frames pass on the
    // wall clock (90 Hz from xrEndSession), counted when the application polls events.
    bool headset_off{false};
    std::chrono::steady_clock::time_point idle_since{};
    int64_t idle_from_frame{-1};
    uint64_t idle_polls{0};
    bool should_render_waited{true}; // what xrWaitFrame said for the frame waited last
    bool should_render_begun{true};  // ... for the frame begun last
};

struct SwapchainImage {
    VkImage image{VK_NULL_HANDLE};
    VkDeviceMemory memory{VK_NULL_HANDLE};
};

struct Swapchain {
    Session* session;
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    std::vector<SwapchainImage> images;
    std::deque<uint32_t> acquired; // acquired, oldest first (at most one outside static swapchains' rules)
    bool waited{false};            // acquired.front() has been waited on
    uint32_t next_index{0};
    bool released_any{false};
    int64_t last_released{-1};
    uint32_t acquire_count{0};
};

enum class SpaceKind { reference, action };

struct Space {
    Session* session;
    SpaceKind kind;
    XrReferenceSpaceType reference{XR_REFERENCE_SPACE_TYPE_LOCAL};
    Action* action{nullptr};
    XrPath subaction{XR_NULL_PATH};
    Pose offset;
};

struct ActionSet {
    Instance* instance;
    std::string name;
    std::string localized_name;
    uint32_t priority{0};
    std::vector<Action*> actions;
    bool attached{false};
};

struct ActionValue {
    bool active{false};
    bool boolean{false};
    float scalar{0.0f};
    glm::vec2 vector{0.0f};
};

struct Action {
    ActionSet* set;
    std::string name;
    std::string localized_name;
    XrActionType type;
    std::vector<XrPath> subaction_paths;
    std::map<XrPath, ActionValue> current;  // by subaction path; XR_NULL_PATH = all
    std::map<XrPath, ActionValue> previous; // at the sync before
    std::map<XrPath, XrTime> changed_at;
};

// Handles are pointers to these objects; every call checks the handle against this registry. A destroyed object's
// handle is remembered with how it died (by its own xrDestroy* call, or with its parent: a space or swapchain with
// its session, an action with its action set, a session or action set with its instance, OpenXR 1.0 §2.9), so that a
// later call with it returns XR_ERROR_HANDLE_INVALID *and* counts as misuse, even after the instance is gone.
std::mutex& api_mutex();
void register_object(void* object, ObjectType type);
// `how`: "xrDestroySpace", "with its session", ...
void unregister_object(void* object, const std::string& how);
bool is_object(const void* object, ObjectType type);
const char* object_type_name(ObjectType type);
// Where misuse is written once no instance is left (the last instance's log).
void remember_log_path(const std::string& path);

template <class T, class H> T* from_handle(H handle, ObjectType type) {
    void* object = reinterpret_cast<void*>(handle);
    return is_object(object, type) ? static_cast<T*>(object) : nullptr;
}
template <class H, class T> H to_handle(T* object) {
    return reinterpret_cast<H>(object);
}

// Logs an application error and returns `result` (README: "misuse").
XrResult misuse(Instance& instance, const char* call, XrResult result, const std::string& what);
const char* result_name(XrResult result);
const char* state_name(XrSessionState state);

// Paths
XrPath intern_path(Instance& instance, const std::string& text);
const std::string& path_string(const Instance& instance, XrPath path);
bool is_valid_path(const Instance& instance, XrPath path);

// Destruction of child objects with their parent (session.cpp, actions.cpp, swapchain.cpp, space.cpp)
// `how` says why, for the graveyard above.
void destroy_session_object(Session* session, const std::string& how);
void destroy_action_set_object(ActionSet* set, const std::string& how);
void destroy_swapchain_object(Swapchain* swapchain, const std::string& how);
void destroy_space_object(Space* space, const std::string& how);

// Events and the session state machine (session.cpp)
void push_event(Instance& instance, const void* event, size_t size);
void set_state(Session& session, XrSessionState state);
XrResult check_session(Session* session);
void run_frame_script(Session& session, int64_t frame);
XrTime predicted_time(const Session& session, int64_t frame);
int64_t frame_at(const Session& session, XrTime time);

// Faults (faults.cpp): the headset taken off and put back, instance loss, event queue overflow.
void take_headset_off(Session& session);
void put_headset_on(Session& session);
// At xrEndSession: with the headset off, the session goes to IDLE and stays there (returns true).
bool stop_without_exit(Session& session);
void flood_events(Session& session);
void lose_instance(Session& session, int64_t frame);
// xrPollEvent: the next event, XR_EVENT_UNAVAILABLE, or XR_ERROR_INSTANCE_LOST once the loss was announced.
XrResult next_event(Instance& instance, XrEventDataBuffer& buffer);
// At xrDestroyInstance of a lost instance: the next instance's frames go on from its last.
void remember_lost_instance(const Instance& instance);
int64_t take_resume_frame();

// Poses (space.cpp)
Pose head_pose(const Session& session, int64_t frame);
Pose eye_pose(const Session& session, int64_t frame, uint32_t eye);
bool locate_in_local(const Space& space, int64_t frame, Pose& pose);

// Actions (actions.cpp, profiles.cpp)
void update_interaction_profile(Session& session);
bool pose_action_tracked(const Session& session, const Action& action, XrPath subaction, int64_t frame, Pose& pose);
XrResult profile_path_check(Instance& instance, XrPath profile, XrPath binding, XrActionType type);
bool profile_known(const std::string& profile);
ActionValue component_value(const ScriptState& state, const std::string& profile, const std::string& path,
                            XrActionType type);
std::string profile_for(Profile profile);
std::string hand_path(Hand hand);

// Swapchain images and capture (swapchain.cpp, capture.cpp)
const std::vector<int64_t>& supported_formats();
void capture_frame(Session& session, const XrFrameEndInfo& info, int64_t frame);
void wait_queue_idle(Session& session);
// Records one command buffer on the session's queue, submits it and waits for the queue to go idle.
bool submit_and_wait(Session& session, const std::function<void(VkCommandBuffer)>& record);

// Every OpenXR entry point the runtime implements, resolved by name (entry.cpp).
PFN_xrVoidFunction find_function(const char* name, const Instance* instance, XrResult& result);

} // namespace xrsim
