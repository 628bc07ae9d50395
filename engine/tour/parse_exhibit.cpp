// `exhibits`: what info, media and model hotspots show.
#include <algorithm>
#include <cctype>

#include "tour/parse.hpp"

namespace vrex::tour::detail {
namespace {

constexpr std::string_view k_model_extensions[] = {".gltf", ".glb", ".obj", ".fbx", ".dae"};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// `images: [a.jpg, {file: b.jpg, caption: {zh: …, en: …}}]`
ExhibitImage parse_image(Context& ctx, const YAML::Node& node, const std::string& path,
                         const std::filesystem::path& folder) {
    ExhibitImage image;
    if (!node.IsMap()) {
        if (std::optional<FileRef> f = parse_file_ref(ctx, node, path, folder)) static_cast<FileRef&>(image) = *f;
        return image; // an empty one (already reported) keeps the indices of later images
    }
    MapReader r(ctx, node, path, {"file", "caption"});
    if (const Entry* file = r.find("file")) {
        if (std::optional<FileRef> f = parse_file_ref(ctx, *file, folder)) static_cast<FileRef&>(image) = *f;
    } else {
        r.missing("file");
    }
    if (const Entry* caption = r.find("caption")) image.caption = parse_text(ctx, *caption);
    return image;
}

std::optional<bool> read_bool(Context& ctx, const Entry& e) {
    bool value = false;
    if (e.value.IsScalar() && YAML::convert<bool>::decode(e.value, value)) return value;
    const std::string found = e.value.IsScalar() ? quote(e.value.Scalar()) : std::string(describe(e.value));
    ctx.error(value_pos(ctx, e), e.path, "expected true or false, found " + found);
    return std::nullopt;
}

// `rotate: 90` (yaw) or `rotate: {yaw: 90, pitch: 0, roll: 0}`
void parse_rotate(Context& ctx, const Entry& e, ModelView& view) {
    if (e.value.IsScalar()) {
        view.yaw = read_number(ctx, e).value_or(0);
        return;
    }
    if (!expect_map(ctx, e)) return;
    MapReader r(ctx, e.value, e.path, {"yaw", "pitch", "roll"});
    view.yaw = ranged(r, "yaw", false, -360, 360, "from -360 to 360 degrees").value_or(0);
    view.pitch = ranged(r, "pitch", false, -180, 180, "from -180 to 180 degrees").value_or(0);
    view.roll = ranged(r, "roll", false, -180, 180, "from -180 to 180 degrees").value_or(0);
}

void check_model_extension(Context& ctx, const FileRef& file, const std::string& path) {
    const std::string ext = lower(file.path.extension().string());
    if (std::find(std::begin(k_model_extensions), std::end(k_model_extensions), ext) != std::end(k_model_extensions))
        return;
    ctx.error(file.pos, path,
              "not a model format vrex reads: " + quote(file.written) + " (glTF, GLB, OBJ, FBX or COLLADA .dae)");
}

// `model: m.glb` or `model: {file: m.glb, distance: 1.5, size: 30, rotate: 90, turntable: false}`
std::optional<ExhibitModel> parse_model(Context& ctx, const Entry& e, const std::filesystem::path& folder) {
    ExhibitModel model;
    model.view.pos = value_pos(ctx, e);
    std::optional<FileRef> file;
    std::string file_path = e.path;
    if (!e.value.IsMap()) {
        file = parse_file_ref(ctx, e, folder);
    } else {
        MapReader r(ctx, e.value, e.path, {"file", "distance", "size", "rotate", "turntable"});
        if (const Entry* f = r.find("file")) {
            file = parse_file_ref(ctx, *f, folder);
            file_path = f->path;
        } else {
            r.missing("file");
        }
        model.view.distance = ranged(r, "distance", false, 0.5, 20, "from 0.5 to 20 metres");
        model.view.size = ranged(r, "size", false, 2, 120, "from 2 to 120 degrees of the view");
        if (const Entry* rotate = r.find("rotate")) parse_rotate(ctx, *rotate, model.view);
        if (const Entry* t = r.find("turntable")) model.view.turntable = read_bool(ctx, *t).value_or(true);
    }
    if (!file) return std::nullopt;
    check_model_extension(ctx, *file, file_path);
    static_cast<FileRef&>(model) = *file;
    return model;
}

} // namespace

Exhibit parse_exhibit(Context& ctx, const YAML::Node& node, const std::string& path,
                      const std::filesystem::path& folder) {
    Exhibit x;
    x.pos = ctx.pos(node);
    if (!node.IsMap()) {
        ctx.error(x.pos, path,
                  "expected an exhibit (a map with `id` and `title`), found " + std::string(describe(node)));
        return x;
    }
    MapReader r(ctx, node, path, {"id", "title", "text", "images", "model"});
    if (const Entry* id = r.find("id")) x.id_pos = ctx.pos(id->value);
    x.id = r.id("id", true).value_or("");
    if (const Entry* title = r.find("title"))
        x.title = parse_text(ctx, *title);
    else
        r.missing("title");
    if (const Entry* text = r.find("text")) x.text = parse_text(ctx, *text);
    if (const Entry* images = r.find("images"); images && expect_list(ctx, *images)) {
        for (std::size_t i = 0; i < images->value.size(); ++i)
            x.images.push_back(
                parse_image(ctx, images->value[i], images->path + "[" + std::to_string(i) + "]", folder));
    }
    if (const Entry* model = r.find("model")) x.model = parse_model(ctx, *model, folder);
    return x;
}

} // namespace vrex::tour::detail
