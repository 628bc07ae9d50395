#pragma once
// Deliberate breakages for the mutation check (tests/mutation/README.md): with VREX_MUTATION=NAME one of these is
// switched on in every vrex module, and the tests that tests/mutation/mutations.txt names for it must then fail.
// That is how we know the tests see what they claim to watch. Unset (always, outside that check) each hook costs one
// comparison. An unknown name throws core::Error, so a misspelt mutation can never "pass".
#include <string_view>

namespace vrex::core {

enum class Mutation {
    none,
    hide_marker,        // scene: the first hotspot's marker is not drawn (its label still is)
    no_hover,           // scene: hovered and focused markers are drawn like plain ones
    flip_yaw,           // math: direction_from_yaw_pitch turns left for positive yaw
    drop_glyph,         // text: the second glyph of the first line is not rasterised
    no_fonts,           // text: FontLibrary::create fails as if no font were installed
    skip_end_frame,     // xr: xrEndFrame is never called (images are still released)
    late_space_destroy, // xr: the controller spaces are destroyed after their session (the Monado bug)
    model_load_on_loop, // scene: ModelCache waits for a model's load on the frame loop's thread (frames stop)
    no_models,          // render: the scene's models are not drawn (the goldens and end-to-end checks of exhibits)
    tiles_no_coarse,    // render: a tiled panorama draws only its wanted resident tiles (no coarser level beneath)
    xr_timers_unpaused, // app: the headset's Viewer clock runs on while the session is not focused
    xr_no_restart,      // xr: a lost session ends the XR view (no new session)
    xr_stale_pose,      // xr: a frame whose views are not valid is drawn anyway (from the last valid views)
    bake_flip_yaw,      // bake: the cube faces are rendered turned the other way (the side faces' yaw negated)
    kiosk_no_restart,   // viewer, app: a kiosk never restarts the tour (not after the idle time, not for a visitor)
};

// The mutation named by VREX_MUTATION (read once); announces itself on stderr the first time it is asked for.
Mutation active_mutation();
inline bool mutated(Mutation m) {
    return active_mutation() == m;
}
std::string_view mutation_name(Mutation m);

} // namespace vrex::core
