#pragma once
// The app's short names for what it uses of the viewer (the visitor's state) and scene (what is drawn) modules.
#include "scene/panorama_cache.hpp"
#include "scene/scene_drawer.hpp"
#include "scene/scene_media.hpp"
#include "viewer/viewer.hpp"

namespace vrex::app {

using viewer::Camera;
using viewer::EventType;
using viewer::HotspotState;
using viewer::PointerKind;
using viewer::Ray;
using viewer::Viewer;
using viewer::ViewerConfig;
using viewer::ViewerEvent;
using viewer::ViewerInput;

using scene::load_fonts;
using scene::load_panorama_file;
using scene::load_scene_panorama;
using scene::looks_like_tour;
using scene::PanoramaCache;
using scene::PointerVisual;
using scene::SceneDrawer;
using scene::ScenePanorama;
using scene::ScreenInfo;
using scene::tour_load_options;
using scene::upload_scene_panorama;
using scene::UploadedPanorama;

} // namespace vrex::app
