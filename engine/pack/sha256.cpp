// SHA-256 through OpenSSL's libcrypto (Debian's libssl-dev).
#include <cstdio>
#include <fstream>

#include <openssl/evp.h>

#include "core/error.hpp"
#include "pack/pack_detail.hpp"

namespace vrex::pack {
namespace detail {

struct Sha256::State {
    EVP_MD_CTX* ctx = nullptr;
};

Sha256::Sha256() : m_state(std::make_unique<State>()) {
    m_state->ctx = EVP_MD_CTX_new();
    if (!m_state->ctx || EVP_DigestInit_ex(m_state->ctx, EVP_sha256(), nullptr) != 1)
        throw core::Error("OpenSSL: cannot start a SHA-256");
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(m_state->ctx);
}

void Sha256::update(std::span<const uint8_t> bytes) {
    if (!bytes.empty() && EVP_DigestUpdate(m_state->ctx, bytes.data(), bytes.size()) != 1)
        throw core::Error("OpenSSL: SHA-256 update failed");
}

std::string Sha256::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_state->ctx, digest, &length) != 1) throw core::Error("OpenSSL: SHA-256 final failed");
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += k_digits[digest[i] >> 4];
        out += k_digits[digest[i] & 15];
    }
    return out;
}

} // namespace detail

std::string sha256_hex(std::span<const uint8_t> bytes) {
    detail::Sha256 sha;
    sha.update(bytes);
    return sha.hex();
}

core::Expected<std::string, std::string> sha256_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::unexpected(path.string() + ": cannot be read");
    detail::Sha256 sha;
    std::vector<uint8_t> buffer(1 << 20);
    while (in) {
        in.read(reinterpret_cast<char*>(buffer.data()), std::streamsize(buffer.size()));
        sha.update(std::span<const uint8_t>(buffer.data(), std::size_t(in.gcount())));
    }
    if (in.bad()) return core::unexpected(path.string() + ": read error");
    return sha.hex();
}

} // namespace vrex::pack
