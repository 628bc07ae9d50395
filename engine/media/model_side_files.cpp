// media::model_side_files (model.hpp): the files a glTF, OBJ or material library names, read from the text alone.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "core/file.hpp"
#include "media/model.hpp"
#include "media/model_detail.hpp"

namespace vrex::media {
namespace {

constexpr size_t k_max_names = 256, k_max_name = 1024;

void add(std::vector<std::string>& out, std::string_view name) {
    while (!name.empty() && (name.back() == '\r' || name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    if (name.empty() || name.size() > k_max_name || name.starts_with("data:") || out.size() >= k_max_names) return;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.emplace_back(name);
}

void gltf_names(std::string_view text, std::vector<std::string>& out) {
    const nlohmann::json gltf = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (gltf.is_discarded() || !gltf.is_object()) return;
    for (const char* key : {"buffers", "images"}) {
        const auto list = gltf.find(key);
        if (list == gltf.end() || !list->is_array()) continue;
        for (const auto& item : *list) {
            const auto uri = item.is_object() ? item.find("uri") : item.end();
            if (uri != item.end() && uri->is_string()) add(out, uri->get_ref<const std::string&>());
        }
    }
}

// `mtllib a.mtl b.mtl` in an OBJ; in a material library, a map statement's last word (options come first:
// `map_Kd -s 1 1 1 wood.png`).
void line_names(std::string_view text, bool mtl, std::vector<std::string>& out) {
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line) && out.size() < k_max_names) {
        std::istringstream words(line);
        std::string keyword, word, last;
        words >> keyword;
        std::transform(keyword.begin(), keyword.end(), keyword.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        const bool map = mtl && (keyword.starts_with("map_") || keyword == "bump" || keyword == "disp" ||
                                 keyword == "decal" || keyword == "refl" || keyword == "norm");
        if (!map && !(!mtl && keyword == "mtllib")) continue;
        while (words >> word) {
            if (!mtl) add(out, word);
            last = word;
        }
        if (map) add(out, last);
    }
}

} // namespace

std::vector<std::string> model_side_files(const std::filesystem::path& path, const ModelLimits& limits) {
    std::vector<std::string> out;
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (ec || size > limits.max_file_bytes) return out;
    try {
        if (ext == ".gltf" || ext == ".glb") {
            std::string json;
            const auto format = ext == ".glb" ? detail::ModelFormat::glb : detail::ModelFormat::gltf;
            if (detail::read_gltf_json(path, format, size, path.string(), json).empty()) gltf_names(json, out);
        } else if (ext == ".obj" || ext == ".mtl") {
            auto bytes = core::read_file(path, limits.max_file_bytes);
            if (bytes) line_names({reinterpret_cast<const char*>(bytes->data()), bytes->size()}, ext == ".mtl", out);
        }
    } catch (const std::exception&) {
        out.clear();
    }
    return out;
}

} // namespace vrex::media
