#pragma once
// Models of the open exhibits, read by Assimp on worker threads (the frame loop never waits on a parse or a texture
// decode; the worker also builds the model's pick hierarchy, scene/model_pick.hpp) and uploaded on the frame loop's
// thread when ready, k_upload_bytes of vertices and indices per poll, so that a big model (2 million triangles: 72
// MB) is uploaded over several frames instead of stalling one. A model that fails to load keeps its error message,
// shown as a placeholder, and counts as ready.
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "media/model.hpp"
#include "render/renderer.hpp"
#include "scene/model_pick.hpp"
#include "tour/tour.hpp"
#include "viewer/viewer.hpp"

namespace vrex::scene {

class ModelCache {
public:
    // `retire` keeps a dropped model alive until the GPU is done with it (the presenter's deferred deletion).
    using Retire = std::function<void(render::GpuModel&&)>;
    ModelCache(render::Renderer& renderer, Retire retire, media::ModelLimits limits = {});
    ~ModelCache(); // waits for loads in flight
    ModelCache(const ModelCache&) = delete;
    ModelCache& operator=(const ModelCache&) = delete;

    // Starts loading the models of the exhibits in `wanted` (ids) that are not loaded or loading; drops the others
    // but the k_keep most recently wanted, so that opening the same exhibit again is instant.
    void want(const tour::Tour& tour, const std::vector<std::string>& wanted);
    // Opened again (wanted after a want() that did not want it), an exhibit whose files changed on disk since they were
    // read (the model, its buffers, material libraries or textures; changed, removed or come) is read again, with a
    // warning: a model gone shows the placeholder with the reason. reload_changed does that for the models wanted now
    // (vrex view --edit: a model open while the curator saves it); true when one is read again.
    bool reload_changed(const tour::Tour& tour);
    // Goes on uploading finished loads (k_upload_bytes per call). Returns the exhibits that became ready (loaded or
    // failed) in this call.
    std::vector<std::string> poll();
    // Forgets everything (the tour was reloaded).
    void clear();

    const render::GpuModel* model(const std::string& exhibit) const;
    // The triangles of a loaded model, for picking (nullptr while it loads, or when it failed).
    const PickMesh* pick_mesh(const std::string& exhibit) const;
    // The reason an exhibit has no model ("" when it has one or is still loading).
    std::string error(const std::string& exhibit) const;
    bool ready(const std::string& exhibit) const;
    bool busy() const; // loads or uploads in flight

    static constexpr VkDeviceSize k_upload_bytes = render::ModelLoader::k_slice_bytes;

private:
    struct Stamp {
        std::filesystem::path path;
        std::optional<std::filesystem::file_time_type> time; // nullopt: no such file
        uintmax_t size = 0;
        bool operator==(const Stamp&) const = default;
    };
    static std::vector<Stamp> stamps(const std::vector<std::filesystem::path>& files);
    struct Loaded {
        media::Model model;
        PickMesh pick;
    };
    struct Result {
        core::Expected<Loaded, std::string> loaded;
        std::vector<Stamp> files; // as read
    };
    struct Entry {
        std::future<Result> loading;
        std::vector<Stamp> files;     // as the load read them
        std::optional<Loaded> source; // while it uploads
        std::optional<render::ModelUpload> upload;
        std::optional<render::GpuModel> model;
        PickMesh pick;
        std::string error;
        bool ready = false;
        uint64_t last_wanted = 0;
    };
    void drop(Entry& e);
    bool changed(const std::string& id, const Entry& e) const;
    void start_load(const tour::Tour& tour, const std::string& id, Entry& e);
    void take_loaded(const std::string& id, Entry& e, std::vector<std::string>& became_ready);
    void fail_upload(const std::string& id, Entry& e, const std::string& why);

    render::Renderer& m_renderer;
    Retire m_retire;
    media::ModelLimits m_limits;
    std::map<std::string, Entry> m_entries;
    uint64_t m_tick = 0;
    static constexpr size_t k_keep = 2; // models kept beyond the wanted ones
};

// The exhibits whose models the viewer shows now (the open model exhibit, if any).
std::vector<std::string> wanted_models(const viewer::Viewer& viewer);

// For Viewer::set_model_hit_test: the open model's triangles where the scene draws them (pick_model); while the model
// loads, or when it failed, its bounding sphere (where the loading line or the error card stands). `models` must
// outlive the viewer's use of it.
viewer::ModelHitTest model_hit_test(const ModelCache& models);

} // namespace vrex::scene
