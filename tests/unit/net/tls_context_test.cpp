// make_tls_context refuses, at start and with the file named, what would otherwise fail every handshake.
#include <fstream>

#include <gtest/gtest.h>

#include "integration/data_folder.hpp"
#include "integration/self_signed_certificate.hpp"
#include "net/tls_context.hpp"

namespace huddle::net {
namespace {

TEST(TlsContext, AMatchingCertificateAndKeyAreAccepted) {
  const test::DataFolder folder;
  const auto identity = test::make_self_signed_certificate(folder.path);
  EXPECT_NE(make_tls_context(identity.certificate, identity.key), nullptr);
}

TEST(TlsContext, AKeyOfAnotherCertificateIsRefusedByName) {
  const test::DataFolder folder;
  std::filesystem::create_directories(folder.path / "a");
  std::filesystem::create_directories(folder.path / "b");
  const auto a = test::make_self_signed_certificate(folder.path / "a");
  const auto b = test::make_self_signed_certificate(folder.path / "b");
  try {
    make_tls_context(a.certificate, b.key);
    FAIL() << "a key of another certificate was accepted";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(b.key.string()), std::string::npos) << message;
    EXPECT_NE(message.find("mismatch"), std::string::npos) << message;
  }
}

TEST(TlsContext, AMissingOrUnreadableFileIsNamed) {
  const test::DataFolder folder;
  const auto identity = test::make_self_signed_certificate(folder.path);
  std::ofstream(folder.path / "junk.pem") << "not a certificate";
  for (auto [cert, key, named] : {std::tuple{folder.path / "none.pem", identity.key, folder.path / "none.pem"},
                                  std::tuple{folder.path / "junk.pem", identity.key, folder.path / "junk.pem"},
                                  std::tuple{identity.certificate, folder.path / "junk.pem", folder.path / "junk.pem"}}) {
    try {
      make_tls_context(cert, key);
      ADD_FAILURE() << "accepted " << cert << " with " << key;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(named.string()), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace huddle::net
