#pragma once
// A throwaway TLS identity for tests: a fresh P-256 key and a self-signed certificate for "localhost" and
// 127.0.0.1, written as PEM files. Tests trust exactly this certificate, so a passing test proves the server
// really served it (no verification is switched off).
#include <filesystem>

namespace huddle::test {

struct SelfSignedCertificate {
  std::filesystem::path certificate;  // PEM
  std::filesystem::path key;          // PEM, unencrypted
};

// Writes cert.pem and key.pem into `folder` (which must exist). Throws std::runtime_error on failure.
SelfSignedCertificate make_self_signed_certificate(const std::filesystem::path& folder);

}  // namespace huddle::test
