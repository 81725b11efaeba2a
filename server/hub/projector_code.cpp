#include "hub/projector_code.hpp"

#include <cctype>
#include <cstdint>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/join_code.hpp"
#include "hub/secrets.hpp"

namespace huddle::hub {

std::string projector_code(std::string_view facilitator_key, std::string_view join_code) {
  // HMAC, not a plain hash of key and code: the code must tell nothing about the key it came from.
  const std::string message = "huddle projector code v1:" + std::string(join_code);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  HMAC(EVP_sha256(), facilitator_key.data(), static_cast<int>(facilitator_key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &digest_length);
  // 64 bits, read out in base 30: 30^12 is below 2^64 and the bias of the last digit is negligible.
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = (bits << 8) | digest[i];
  const auto& alphabet = core::join_code_alphabet;
  std::string code;
  for (std::size_t i = 0; i < projector_code_length; ++i) {
    if (i > 0 && i % projector_code_group == 0) code += '-';
    code += alphabet[bits % alphabet.size()];
    bits /= alphabet.size();
  }
  return code;
}

std::optional<std::string> normalize_projector_code(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (core::join_code_alphabet.find(upper) == std::string_view::npos) return std::nullopt;
    if (code.size() == projector_code_length) return std::nullopt;
    code += upper;
  }
  if (code.size() != projector_code_length) return std::nullopt;
  return code;
}

std::string projector_code_hash(std::string_view code) {
  auto canonical = normalize_projector_code(code);
  return sha256_hex(canonical ? *canonical : std::string(code));
}

}  // namespace huddle::hub
