// A model's textures. Embedded ones come from Assimp's scene (glTF "*N", FBX by file name); external ones are
// files inside the model's folder, on the same rule as a tour's paths (DESIGN.md §5). Every texture goes through
// media's own decoders (probe_image_memory, decode_image_memory), never Assimp's or stb directly.
#include <algorithm>
#include <assimp/scene.h>
#include <cctype>
#include <cstring>

#include "core/file.hpp"
#include "media/model_detail.hpp"

namespace vrex::media::detail {
namespace {

namespace fs = std::filesystem;

// "scheme:" as RFC 3986 writes it, two letters at least so that "C:" stays a Windows drive.
bool is_url(std::string_view s) {
    const size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon < 2 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.begin() + colon, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    });
}

// glTF URIs are percent-encoded ("my%20wood.png"); nullopt when there is nothing to decode.
std::optional<std::string> percent_decoded(std::string_view s) {
    if (s.find('%') == std::string_view::npos) return std::nullopt;
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += char(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// The embedded texture a reference names: "*N", or (FBX) a texture whose file name matches the reference's.
std::pair<const aiTexture*, int> embedded(const aiScene& scene, const std::string& written) {
    if (!written.empty() && written[0] == '*') {
        const std::string digits = written.substr(1);
        if (digits.empty() || digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return {};
        const unsigned i = unsigned(std::stoul(digits));
        if (i >= scene.mNumTextures || !scene.mTextures[i]) return {};
        return {scene.mTextures[i], int(i)};
    }
    const char* short_name = aiScene::GetShortFilename(written.c_str());
    if (!*short_name) return {};
    for (unsigned i = 0; i < scene.mNumTextures; ++i)
        if (scene.mTextures[i] &&
            std::strcmp(aiScene::GetShortFilename(scene.mTextures[i]->mFilename.C_Str()), short_name) == 0)
            return {scene.mTextures[i], int(i)};
    return {};
}

// Adds a warning; returns no error, for the callers that go on without the texture.
std::string warn(Model& model, std::string warning) {
    model.warnings.push_back(std::move(warning));
    return {};
}

Image from_texels(const aiTexture& t) {
    Image img{t.mWidth, t.mHeight, std::vector<uint8_t>(size_t(t.mWidth) * t.mHeight * 4)};
    for (size_t i = 0; i < size_t(t.mWidth) * t.mHeight; ++i) {
        const aiTexel& p = t.pcData[i];
        img.rgba[i * 4 + 0] = p.r;
        img.rgba[i * 4 + 1] = p.g;
        img.rgba[i * 4 + 2] = p.b;
        img.rgba[i * 4 + 3] = p.a;
    }
    return img;
}

} // namespace

core::Expected<fs::path, std::string> resolve_model_path(const fs::path& folder, std::string_view reference) {
    if (reference.empty()) return core::unexpected(std::string("is empty"));
    if (is_url(reference)) return core::unexpected(std::string("is a URL"));
    std::string s(reference);
    std::replace(s.begin(), s.end(), '\\', '/');
    if (s[0] == '/' || (s.size() >= 2 && std::isalpha(static_cast<unsigned char>(s[0])) && s[1] == ':'))
        return core::unexpected(std::string("is an absolute path"));
    const fs::path rel = fs::path(s).lexically_normal();
    if (rel.empty() || rel == "." || *rel.begin() == "..")
        return core::unexpected(std::string("leaves the model's folder"));
    return folder / rel;
}

TextureLoader::TextureLoader(const aiScene& scene, ModelFormat format, const fs::path& folder,
                             const ModelLimits& limits, const std::string& name)
    : m_scene(scene), m_format(format), m_folder(folder), m_limits(limits), m_name(name) {}

int TextureLoader::request(const std::string& written, bool srgb, const std::string& material) {
    for (size_t i = 0; i < m_slots.size(); ++i)
        if (m_slots[i].written == written && m_slots[i].srgb == srgb) return int(i);
    m_slots.push_back(Slot{written, srgb, material});
    return int(m_slots.size() - 1);
}

int TextureLoader::texture_index(int slot) const {
    return slot >= 0 && size_t(slot) < m_slots.size() ? m_slots[size_t(slot)].index : -1;
}

std::string TextureLoader::warning(const Slot& slot, const std::string& what) const {
    return m_name + ": material \"" + slot.material + "\": texture " + slot.written + " " + what +
           "; the material keeps its colour";
}

// Finds and reads a texture file into slot.bytes (slot.source set). A file that may not or cannot be read gives a
// warning (slot.source stays empty); a file over the size limit, the returned error.
std::string TextureLoader::find_file(Slot& slot, Model& model) {
    auto path = resolve_model_path(m_folder, slot.written);
    if (!path) return warn(model, warning(slot, path.error() + ", not read"));
    std::error_code ec;
    if (!fs::exists(*path, ec) && (m_format == ModelFormat::gltf || m_format == ModelFormat::glb))
        if (auto decoded = percent_decoded(slot.written))
            if (auto p = resolve_model_path(m_folder, *decoded); p && fs::exists(*p, ec)) path = p;
    model.files.push_back(*path); // also when not found: it may come
    if (!fs::is_regular_file(*path, ec)) return warn(model, warning(slot, "not found"));
    const fs::path real = fs::weakly_canonical(*path, ec);
    if (ec || std::mismatch(m_folder.begin(), m_folder.end(), real.begin(), real.end()).first != m_folder.end())
        return warn(model, warning(slot, "is a link to a file outside the model's folder, not read"));
    const uintmax_t size = fs::file_size(real, ec);
    if (!ec && size > m_limits.max_file_bytes)
        return m_name + ": texture " + slot.written + " is " + std::to_string(size) +
               " bytes, more than the limit of " + std::to_string(m_limits.max_file_bytes);
    auto bytes = core::read_file(real);
    if (!bytes) return warn(model, warning(slot, "cannot be read (" + bytes.error() + ")"));
    slot.source = path->string();
    slot.bytes = std::move(*bytes);
    return {};
}

std::string TextureLoader::read_header(Slot& slot, Model& model) {
    const auto [tex, index] = embedded(m_scene, slot.written);
    if (tex) {
        slot.source = "embedded #" + std::to_string(index);
        if (tex->mHeight != 0) {
            slot.raw = tex;
            slot.width = tex->mWidth;
            slot.height = tex->mHeight;
            slot.readable = true;
            return {};
        }
        const auto* data = reinterpret_cast<const uint8_t*>(tex->pcData);
        slot.bytes.assign(data, data + tex->mWidth);
    } else if (!slot.written.empty() && slot.written[0] == '*') {
        return warn(model, warning(slot, "is not in the file"));
    } else if (std::string error = find_file(slot, model); !error.empty() || slot.source.empty()) {
        return error;
    }
    auto info = probe_image_memory(slot.bytes, slot.source);
    if (!info) return warn(model, warning(slot, "cannot be read (" + info.error() + ")"));
    slot.width = info->width;
    slot.height = info->height;
    slot.readable = true;
    return {};
}

void TextureLoader::decode(Slot& slot, Model& model) {
    Image image;
    if (slot.raw) {
        image = from_texels(*slot.raw);
    } else {
        auto decoded = decode_image_memory(slot.bytes, slot.source);
        slot.bytes = {};
        if (!decoded) {
            warn(model, warning(slot, "cannot be read (" + decoded.error() + ")"));
            return;
        }
        image = std::move(*decoded);
    }
    slot.index = int(model.textures.size());
    model.textures.push_back(ModelTexture{std::move(image), slot.srgb, slot.source});
}

std::string TextureLoader::load(Model& model) {
    uint64_t total = 0;
    for (Slot& slot : m_slots) {
        if (std::string error = read_header(slot, model); !error.empty()) return error;
        if (!slot.readable) continue;
        if (slot.width > m_limits.max_texture_side || slot.height > m_limits.max_texture_side)
            return m_name + ": texture " + slot.written + " is " + std::to_string(slot.width) + "x" +
                   std::to_string(slot.height) + ", more than the limit of " +
                   std::to_string(m_limits.max_texture_side) + " px on a side";
        total += uint64_t(slot.width) * slot.height * 4;
        if (total > m_limits.max_texture_bytes)
            return m_name + ": textures need " + std::to_string(total) + " bytes decoded, more than the limit of " +
                   std::to_string(m_limits.max_texture_bytes);
    }
    for (Slot& slot : m_slots)
        if (slot.readable) decode(slot, model);
    return {};
}

} // namespace vrex::media::detail
