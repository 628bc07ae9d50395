#pragma once
// The Viewer: everything a visitor does in a tour, as pure state (no Vulkan, no OpenXR, no GLFW), shared by the
// desktop window, the headset and tests. Presenters turn devices into a ViewerInput; the app turns the Viewer's
// state into a RenderScene. Time is passed in, never read from a clock, so tests drive it exactly.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "tour/tour.hpp"

namespace vrex::viewer {

// A pointer ray in world space (DESIGN §2: +Y up, yaw 0 looks along -Z). The panorama is at infinity, so only the
// direction matters for hotspots; panels are at a finite distance from the origin, so the origin matters for them.
// World space is the panorama's frame: hotspot directions, panels and rays all use it. In XR, where the camera yaw is
// the body's turn, the app rotates head and controller poses by that yaw before making a ray from them.
struct Ray {
    glm::dvec3 origin{0.0};
    glm::dvec3 direction{0.0, 0.0, -1.0};
};

enum class PointerKind { Mouse, Controller, Gaze };

// Desktop camera, degrees. In XR the head pose gives the view and `yaw` is the body's turn (snap turns, arrival).
struct Camera {
    double yaw = 0;
    double pitch = 0;
    double hfov = 100;
};

struct ViewerConfig {
    double marker_radius_deg = 3.0;   // angular radius of a hotspot marker, for drawing and picking
    double fade_seconds = 0.3;        // fade out, and again fade in, on a scene change
    double dwell_seconds = 1.0;       // gaze: how long to look at a target to activate it
    double dwell_delay_seconds = 0.3; // gaze: looking this long before the progress ring starts
    double panel_distance_m = 1.4;    // panels open this far away, in the hotspot's direction...
    double panel_max_pitch_deg = 30;  // ...but never further than this above or below the horizon
    double panel_width_m = 0.9;
    double panel_height_m = 0.6;
    double min_hfov = 30, max_hfov = 120;
    double zoom_step = 1.15;           // one wheel notch / key press multiplies or divides hfov by this
    double key_turn_deg_per_s = 60;    // arrow keys
    double inertia_half_life_s = 0.12; // drag inertia: velocity halves this often after release
    double focus_turn_seconds = 0.4;   // Tab: the view turns to the focused hotspot over this long
    double kiosk_idle_seconds = 0;     // 0 = no autorotate; else start autorotating after this much idle time
                                       // (input = any button, key, drag, zoom or turn; pointer motion is not)
    double autorotate_deg_per_s = 4;
    // Kiosk: when the idle time runs out, also restart() the tour for the next visitor (once per idle spell; not at
    // all before the first input), then autorotate.
    bool kiosk_restart = false;
    // The station's language: the tour starts in it and restart() returns to it. "" = the tour's default (the first
    // of its languages). The Viewer throws core::Error when the tour has languages and this is not one of them.
    std::string language;
    // Where restart() goes: "" = the scene the Viewer started in (an app that rebuilds its Viewer mid-visit, in the
    // scene the visitor was in, names the station's start here).
    std::string restart_scene;
    double model_distance_m = 1.5;     // a model exhibit's distance unless the tour says...
    double model_min_distance_m = 0.5; // ...but never closer than this
    double model_size_deg = 30;        // its bounding sphere's angular diameter unless the tour says
    double turntable_deg_per_s = 20;   // while nobody holds it (and the tour leaves `turntable` on)
    // A gallery's arrows: this share of the panel's width at each side, the picture between them.
    double gallery_arrow_fraction = 0.12;
};

// One tick of input, already in the viewer's terms.
struct ViewerInput {
    std::optional<Ray> pointer; // mouse ray, controller aim or gaze; nullopt = no pointer (mouse outside)
    PointerKind pointer_kind = PointerKind::Mouse;
    bool select = false;         // click / trigger pressed this tick: activates what the pointer hovers, or, on
                                 // empty space, closes the panel. Ignored for Gaze, which activates by dwelling.
    bool activate_focus = false; // Enter: activates the focused hotspot
    int focus_step = 0;          // +1 Tab, -1 Shift-Tab
    bool back = false;           // Backspace / controller B: closes an open model, else the previous scene
    bool close = false;          // Esc: closes the panel or the model
    bool cycle_language = false; // L
    // Camera moves (desktop): drag this tick in degrees of view rotation (positive yaw = turn right),
    // `dragging` while the button is held (inertia starts at release), zoom in notches (+ = zoom in),
    // arrow keys as rates in -1..1. A drag whose first `dragging` tick has the pointer on an open model turns the
    // model instead (by drag_yaw_deg), not the camera.
    double drag_yaw_deg = 0, drag_pitch_deg = 0;
    bool dragging = false;
    double zoom_steps = 0;
    double key_yaw = 0, key_pitch = 0;
    double turn_deg = 0; // XR snap turn: added to the camera yaw at once
    // Left/right arrow key presses (-1/+1), thumbstick flicks: steps an open gallery to the previous/next image.
    // While a gallery is open it takes the arrow keys and the thumbstick: key_yaw and turn_deg are ignored then (an
    // app may fill both from the same key or flick). Ignored while no gallery is open.
    int gallery_step = 0;
    // Headset grab (squeeze, or the trigger held): `grab` while held. A grab whose first tick has the pointer on the
    // open model holds the model until released; meanwhile it turns by grab_turn_deg each tick (a yaw, as
    // ModelState::turn_deg: positive turns it right, clockwise seen from above) and the turntable waits.
    bool grab = false;
    double grab_turn_deg = 0;
};

enum class EventType {
    SceneEntered,
    HotspotHovered,
    HotspotActivated,
    PanelOpened,
    PanelClosed,
    GalleryOpened, // a panel with the exhibit's images (a media hotspot whose exhibit has images), not PanelOpened
    GalleryStep,   // the gallery shows another image
    GalleryClosed,
    LanguageChanged,
    ModelOpened,
    ModelClosed,
    ModelGrabbed,  // a drag (desktop) or a grab (headset) that started on the open model holds it
    ModelReleased, // ...and let it go; turn_deg says how far the visitor turned it meanwhile
    TourRestarted  // restart(): back to the start for the next visitor (`scene`: the scene left)
};

struct ViewerEvent {
    EventType type;
    double time = 0;
    std::string scene;    // the current scene (for SceneEntered: the one entered)
    std::string hotspot;  // HotspotHovered/Activated, Panel/ModelOpened/Closed: the hotspot id (or "#index")
    std::string exhibit;  // PanelOpened/Closed, ModelOpened/Closed
    std::string language; // LanguageChanged
    int index = 0;        // GalleryOpened/Step: the image shown, 0-based
    int count = 0;        // GalleryOpened/Step: the gallery's images
    double turn_deg = 0;  // ModelReleased: degrees the hold turned the model (a yaw, as ModelState::turn_deg)
    // One line of JSON: {"event":"scene_entered","time":1.25,"scene":"hall"} (only the fields that apply).
    std::string to_json() const;
};

// A hotspot as the renderer should draw it now.
struct HotspotState {
    const tour::Hotspot* hotspot = nullptr;
    int index = 0;             // in the scene's hotspot list
    glm::dvec3 direction{0.0}; // unit vector
    bool hovered = false;
    bool focused = false;
    double dwell_progress = 0; // gaze: 0..1 while the ring fills
};

// An open gallery: which image it shows, and the pointer on its arrows.
struct GalleryState {
    int index = 0;             // exhibit->images[index], 0-based
    int count = 1;             // exhibit->images.size()
    int hovered_arrow = 0;     // the pointer is on the previous (-1) or next (+1) arrow, or on neither (0)
    double dwell_progress = 0; // gaze on an arrow: 0..1 while the ring fills; at 1 it steps
};

// An open info panel, or a gallery (a panel whose `gallery` is set).
struct PanelState {
    const tour::Exhibit* exhibit = nullptr;
    int hotspot_index = 0;
    glm::dvec3 centre{0.0}; // world position, metres; the panel faces the origin
    double width_m = 0, height_m = 0;
    bool hovered = false; // the pointer is on the panel
    // Unit vectors in the panel's plane: `right` is horizontal, `up` is world +Y tilted to face the origin.
    glm::dvec3 right{1.0, 0.0, 0.0};
    glm::dvec3 up{0.0, 1.0, 0.0};
    // A media hotspot whose exhibit has images opens a gallery: one image at a time, arrows at the sides, stepping
    // round from the last image to the first and back. Otherwise (info hotspots, exhibits without images) nullopt.
    std::optional<GalleryState> gallery;
};

// Which arrow of a gallery a point of its panel (PanelHit::local) is on: -1 the previous (the left
// `arrow_fraction` of the panel's width), +1 the next (the right one), 0 neither.
int gallery_arrow_at(const PanelState& panel, const glm::dvec2& local, double arrow_fraction);

// An open model exhibit (a `model` hotspot whose exhibit has a model), as the scene should draw it.
struct ModelState {
    const tour::Exhibit* exhibit = nullptr; // exhibit->model is set
    int hotspot_index = 0;
    glm::dvec3 direction{0.0, 0.0, -1.0}; // unit: the hotspot's direction
    double distance_m = 1.5;              // of the bounding sphere's centre from the origin
    double size_deg = 30;                 // the bounding sphere's angular diameter
    double facing_yaw = 0;                // the hotspot's yaw: the model's front (+Z as authored) faces the origin
    double turn_deg = 0;                  // turntable + the visitor's drags, a yaw (positive turns right)
    bool held = false;                    // a drag or a grab holds it; the turntable waits
    bool hovered = false;                 // the pointer is on it
    glm::dvec3 centre() const { return direction * distance_m; }
    double radius_m() const; // the drawn bounding sphere: distance_m · sin(size_deg / 2)
};

// world_from_model for a mesh whose bounding sphere is (bounds_centre, bounds_radius) as authored: the sphere is
// scaled to the state's angular size, turned by the tour's `rotate` (yaw, then pitch, then roll, as a camera
// turns), by turn_deg and facing_yaw about world +Y, and moved to centre(). A radius <= 0 counts as 1.
glm::dmat4 model_transform(const ModelState& model, const glm::dvec3& bounds_centre, double bounds_radius);

// The distance along `ray` (in units of its direction's length) to where it enters the sphere, or nullopt.
std::optional<double> intersect_sphere(const glm::dvec3& centre, double radius, const Ray& ray);

// Where a world ray meets the open model's surface: the distance along it (in units of its direction's length), or
// nullopt where it passes through the bounding sphere without touching the object. Called only for rays that meet
// the model's bounding sphere. The scene supplies it (scene::model_hit_test: the model's triangles), so that the
// Viewer knows no meshes.
using ModelHitTest = std::function<std::optional<double>(const ModelState& model, const Ray& ray)>;

// Where a ray meets a panel's front (the side facing the origin).
struct PanelHit {
    glm::dvec3 point{0.0}; // world position
    glm::dvec2 local{0.0}; // metres from the centre along `right` and `up`
    double distance = 0;   // along the ray, in units of its direction's length
};
// nullopt when the ray misses the rectangle, runs parallel to it, meets it from behind or points away from it.
std::optional<PanelHit> intersect_panel(const PanelState& panel, const Ray& ray);

class Viewer {
public:
    // `tour` must outlive the viewer or be replaced with replace_tour. Starts in `start_scene` (or the tour's
    // start) with its view; the first scene_entered event is emitted by the first update.
    // Throws core::Error when `start_scene` names no scene of the tour (or the tour has no scenes).
    Viewer(const tour::Tour& tour, ViewerConfig config = {}, std::string start_scene = {});

    // Advances to `now` (seconds, monotonic) and applies `input`.
    void update(double now, const ViewerInput& input);

    // Events since the last call, oldest first.
    std::vector<ViewerEvent> take_events();

    // --- state for rendering ---
    const tour::Scene& scene() const;
    const Camera& camera() const { return m_camera; }
    const ViewerConfig& config() const { return m_config; }
    std::vector<HotspotState> hotspots() const;
    std::optional<PanelState> panel() const;
    std::optional<ModelState> model() const; // nullopt while no model exhibit is open
    double fade() const;                     // 0 = clear, 1 = black
    // Something moves by itself: a fade, a scene change waiting for its panorama, the Tab turn, drag inertia,
    // kiosk autorotation, a gaze dwell ring; also a drag still moving, whose release would glide. False means the
    // picture stays as it is until the next input, so an app may stop drawing.
    bool animating() const;
    std::string_view language() const;

    // --- loading: the app loads panoramas, the viewer waits for them while black ---
    // Scenes whose panorama should be loaded now: the current one and, during a transition, the target.
    std::vector<std::string> wanted_scenes() const;
    // The app says a scene's panorama can be shown (or has failed and shows a placeholder: also "ready").
    // A scene stays ready until set false; the app sets the start scene too, or `back` to it waits in black.
    void set_scene_ready(const std::string& scene_id, bool ready);

    // Turns the camera to look at a yaw/pitch at once, e.g. for tests and scripted kiosks.
    void look_at(double yaw, double pitch);
    // The renderer says how tall the open panel is drawn (it grows with its text), so that pointing at any part
    // of it counts as pointing at the panel.
    void set_panel_height(double height_m) { m_config.panel_height_m = height_m; }
    // The scene says how large the open model is drawn (its bounding sphere, metres) for picking and grabbing it;
    // until then (and after a model opens) the sphere of model().radius_m() counts.
    void set_model_radius(double radius_m) { m_model_radius = radius_m; }
    // The scene's test of a ray against the open model's surface. Without one (or until it is set), the bounding
    // sphere is the model: a ray through an empty part of it still hides the markers behind.
    void set_model_hit_test(ModelHitTest hit_test) { m_model_hit_test = std::move(hit_test); }
    // Where `ray` meets the open model (its sphere, then the hit test), or nullopt: no model, or a miss.
    std::optional<double> model_hit(const Ray& ray) const;
    // Turns the open model by `deg` about the vertical, as a visitor's drag by that much does (ModelState::turn_deg);
    // nothing without an open model. For `vrex shot --turn-model` and scripted kiosks.
    void turn_model(double deg);
    // Kiosk: back to the start of the tour for the next visitor. Emits TourRestarted, closes the panel and the model
    // (their events), forgets the history and the focus, returns to the station's language (LanguageChanged if it
    // differs) and goes to the start scene (ViewerConfig::restart_scene, else the scene the Viewer started in), in
    // its view, through a fade. With `from_black` the fade starts at black: the old scene is never seen again (a
    // headset put back on).
    void restart(bool from_black = false);
    // Like look_at, smoothly over focus_turn_seconds (the desktop turns to a panel that opens off-centre).
    void turn_to(double yaw, double pitch);
    // Curator mode: a new version of the tour. Keeps the current scene (if it still exists) and the camera;
    // otherwise goes to the new start. Closes the panel if its exhibit is gone. The old tour is not read, so it may
    // already be destroyed or overwritten by the new one.
    void replace_tour(const tour::Tour& tour);
    // For the window's camera: the ray through the screen centre etc. are computed by the app; this is the
    // hotspot (index) a ray picks, if any: the nearest marker centre within marker_radius_deg.
    std::optional<int> pick_hotspot(const Ray& ray) const;

    // --- for tests and tools ---
    // Hotspot indices in Tab order: left to right by yaw, starting with the one nearest the view centre.
    std::vector<int> focus_order() const;
    std::optional<int> focused() const { return m_focused ? std::optional<int>(m_focused->index) : std::nullopt; }
    std::optional<int> hovered() const { return m_hovered ? std::optional<int>(m_hovered->index) : std::nullopt; }
    // The scenes `back` returns to, oldest first.
    std::vector<std::string> history() const;

private:
    // A hotspot of the current scene, remembered by index and id, so replace_tour can find it again without
    // touching the old tour (which may already be gone).
    struct HotspotRef {
        int index = 0;
        std::string id;
    };
    struct OpenPanel {
        HotspotRef hotspot;
        std::string exhibit;
        double yaw = 0, pitch = 0; // the hotspot's direction when the panel opened
        bool gallery = false;      // shows the exhibit's images, one at a time
        int image = 0;
    };
    // The pointer on a gallery's arrow (gaze dwells on it to step).
    struct ArrowHover {
        int arrow = 0; // -1, +1; 0 none
        double since = 0;
        bool fired = false;
    };
    struct OpenModel {
        HotspotRef hotspot;
        std::string exhibit;
        double yaw = 0, pitch = 0; // the hotspot's direction when it opened
        double turntable_deg = 0, visitor_deg = 0;
        enum class Hold { none, drag, grab } held = Hold::none; // what holds it: a desktop drag, a headset grab
        double held_turn_deg = 0;                               // turned by the visitor since it was taken
    };
    struct HistoryEntry {
        std::string scene;
        Camera camera; // as the visitor left it
    };
    // A scene change from its activation until the swap; the fade in afterwards is m_fade_in_start.
    struct Transition {
        std::string target;
        double start = 0;
        std::optional<tour::Hotspot> link; // following a link: its arrival rules
        std::optional<Camera> back_view;   // going back: the view to restore
    };
    struct FocusTurn {
        double start_time = 0;
        double from_yaw = 0, from_pitch = 0;
        double to_yaw = 0, to_pitch = 0;
    };

    // viewer.cpp: scenes and transitions
    void enter_scene(std::size_t index, const Camera& camera);
    void start_transition(Transition transition);
    void advance_transition();
    bool fading() const { return m_transition.has_value() || m_fade_in_start.has_value(); }
    void emit(EventType type, std::string hotspot = {}, std::string exhibit = {});
    const tour::Hotspot* hotspot_at(int index) const;
    HotspotRef make_ref(int index) const;
    // viewer_actions.cpp: what the visitor asks for
    void apply_actions(const ViewerInput& input);
    void activate(int index);
    void open_panel(int index);
    void close_panel();
    // viewer_gallery.cpp: galleries
    void step_gallery(int step);
    ViewerInput gallery_input(const ViewerInput& input) const; // without the keys and flicks a gallery takes
    void update_arrow_hover(const std::optional<PanelState>& panel, const std::optional<PanelHit>& hit);
    void update_arrow_dwell();
    double arrow_dwell_progress() const;
    void emit_gallery(EventType type);
    // viewer_model.cpp: model exhibits
    void open_model(int index);
    void close_model();
    ViewerInput update_model(double dt, const ViewerInput& input); // returns the input left for the camera
    void update_hold(const ViewerInput& input);
    void release_model();
    void keep_model();
    void step_focus(int step);
    void go_back();
    void cycle_language();
    // viewer_pointer.cpp: hover and gaze dwell
    void update_hover(const ViewerInput& input);
    void update_dwell();
    double dwell_progress() const;
    // viewer_camera.cpp: camera motion
    void update_camera(double dt, double previous_now, const ViewerInput& input);
    void apply_inertia(double dt);
    void apply_focus_turn();
    void apply_autorotate(double previous_now);
    void clamp_camera();
    bool is_input(const ViewerInput& input) const;
    // viewer_kiosk.cpp
    void restart_if_idle();
    // viewer_reload.cpp
    std::optional<HotspotRef> find_again(const HotspotRef& ref) const;
    void keep_panel();

    const tour::Tour* m_tour;
    ViewerConfig m_config;
    Camera m_camera;

    std::size_t m_scene_index = 0;
    std::string m_scene_id;
    std::string m_language;
    double m_now = 0;
    bool m_started = false; // the first update has run
    std::vector<ViewerEvent> m_events;
    std::set<std::string, std::less<>> m_ready;

    std::optional<HotspotRef> m_hovered;
    bool m_panel_hovered = false;
    bool m_gaze = false;      // the pointer is a gaze: hovering fills the dwell ring
    double m_hover_since = 0; // when the hovered hotspot became hovered
    bool m_dwell_fired = false;

    std::optional<HotspotRef> m_focused;
    std::optional<FocusTurn> m_focus_turn;
    std::optional<OpenPanel> m_panel;
    ArrowHover m_arrow;
    std::optional<OpenModel> m_model;
    bool m_model_hovered = false;
    double m_model_radius = 0; // 0: model().radius_m()
    ModelHitTest m_model_hit_test;
    bool m_was_grabbing = false;
    std::optional<Transition> m_transition;
    std::optional<double> m_fade_in_start;
    std::vector<HistoryEntry> m_history;

    double m_velocity_yaw = 0, m_velocity_pitch = 0; // degrees per second: drag, then inertia after release
    bool m_was_dragging = false;
    double m_last_drag_motion = 0; // when a drag last moved the camera
    double m_last_input_time = 0;
    std::string m_start_scene;      // restart() goes here
    std::string m_station_language; // ...in this language
    bool m_restarted = true;        // no input since the start or the last restart (nothing to restart)
};

} // namespace vrex::viewer
