#pragma once
// Randomness and hashing for codes, keys and tokens (OpenSSL's CSPRNG, SHA-256 and HMAC-SHA256).
#include <cstdint>
#include <string>
#include <string_view>

namespace huddle::hub {

// `bytes` random bytes as unpadded base64url (32 bytes -> 43 characters).
std::string random_token(std::size_t bytes);
std::uint64_t random_u64();
// `prefix` and 12 random hex digits: ids of cards and observations, drawn here so decide() stays deterministic.
std::string random_id(std::string_view prefix);
// Lower-case hex SHA-256: how keys and tokens are kept, so a leaked state or journal reveals no secret.
std::string sha256_hex(std::string_view data);
// Lower-case hex HMAC-SHA256 of `data` under `key`: a webhook's signature, which its receiver recomputes with
// the cohort's webhook secret to know the call came from this server and was not altered.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Equal-length comparison whose time does not depend on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace huddle::hub
