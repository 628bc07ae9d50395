// Assimp's access to the disk during a load, and its log. Assimp opens the model, then whatever the model names (a
// glTF's .bin buffers, an OBJ's .mtl) by joining the model's folder and the name in the file; without a guard a
// model could make vrex read any file ("../../home/x/.ssh/id_rsa" as a buffer) or a 100 GB one.
#include <algorithm>
#include <assimp/DefaultIOSystem.h>
#include <assimp/DefaultLogger.hpp>
#include <assimp/Logger.hpp>
#include <mutex>
#include <spdlog/spdlog.h>

#include "media/model_detail.hpp"

namespace vrex::media::detail {
namespace {

namespace fs = std::filesystem;

bool inside(const fs::path& folder, const fs::path& real) {
    const auto [end, _] = std::mismatch(folder.begin(), folder.end(), real.begin(), real.end());
    return end == folder.end();
}

class FolderIOSystem final : public Assimp::DefaultIOSystem {
public:
    explicit FolderIOSystem(ModelFileAccess& access) : m_access(access) {}

    bool Exists(const char* file) const override {
        const fs::path real = real_path(file);
        return !real.empty() && inside(m_access.folder, real) && DefaultIOSystem::Exists(real.c_str());
    }

    Assimp::IOStream* Open(const char* file, const char* mode) override {
        if (std::string_view(mode).find_first_of("wa+") != std::string_view::npos) return nullptr;
        const fs::path real = real_path(file);
        if (real.empty()) return nullptr;
        if (!inside(m_access.folder, real)) {
            if (std::find(m_access.refused.begin(), m_access.refused.end(), real.string()) == m_access.refused.end())
                m_access.refused.push_back(real.string()); // Assimp's OBJ reader tries a material library thrice
            return nullptr;
        }
        // Only plain files: Assimp 5.2.5's OBJ reader leaks the stream when reading it fails (a folder named as a
        // material library opens but cannot be read).
        std::error_code ec;
        if (!fs::is_regular_file(real, ec)) return nullptr;
        if (!count(real)) return nullptr;
        return DefaultIOSystem::Open(real.c_str(), mode);
    }

private:
    // The file with links and ".." resolved; backslashes read as separators when the name has no such file.
    static fs::path real_path(const char* file) {
        std::error_code ec;
        fs::path p(file);
        if (!fs::exists(p, ec)) {
            std::string s(file);
            std::replace(s.begin(), s.end(), '\\', '/');
            p = s;
        }
        fs::path real = fs::weakly_canonical(p, ec);
        return ec ? fs::path{} : real;
    }

    // Adds the file's size to the load's total, once per file; false (and the error set) past the limit.
    bool count(const fs::path& real) {
        if (std::find(m_access.opened.begin(), m_access.opened.end(), real.string()) != m_access.opened.end())
            return true;
        std::error_code ec;
        const uintmax_t size = fs::file_size(real, ec);
        if (ec) return true; // gone since the check: fopen fails
        m_access.opened.push_back(real.string());
        m_access.bytes += size;
        if (m_access.bytes <= m_access.max_bytes) return true;
        m_access.error = m_access.name + ": with " + real.filename().string() + " the model's files are " +
                         std::to_string(m_access.bytes) + " bytes, more than the limit of " +
                         std::to_string(m_access.max_bytes);
        return false;
    }

    ModelFileAccess& m_access;
};

class SpdlogLogger final : public Assimp::Logger {
public:
    SpdlogLogger() : Logger(Logger::NORMAL) {}
    bool attachStream(Assimp::LogStream*, unsigned int) override { return false; }
    bool detachStream(Assimp::LogStream*, unsigned int) override { return false; }

private:
    void OnDebug(const char* m) override { spdlog::trace("assimp: {}", m); }
    void OnVerboseDebug(const char* m) override { spdlog::trace("assimp: {}", m); }
    void OnInfo(const char* m) override { spdlog::debug("assimp: {}", m); }
    void OnWarn(const char* m) override { spdlog::debug("assimp warning: {}", m); }
    void OnError(const char* m) override { spdlog::debug("assimp error: {}", m); }
};

} // namespace

Assimp::IOSystem* make_model_io(ModelFileAccess& access) {
    return new FolderIOSystem(access);
}

void route_assimp_logs() {
    static std::once_flag once;
    std::call_once(once, [] { Assimp::DefaultLogger::set(new SpdlogLogger); });
}

} // namespace vrex::media::detail
