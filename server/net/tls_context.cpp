#include "net/tls_context.hpp"

#include <stdexcept>

namespace huddle::net {

namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> make_tls_context(const std::filesystem::path& certificate_chain,
                                               const std::filesystem::path& private_key) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  boost::system::error_code ec;
  context->use_certificate_chain_file(certificate_chain.string(), ec);
  if (ec) throw std::runtime_error("cannot use the TLS certificate " + certificate_chain.string() + ": " + ec.message());
  context->use_private_key_file(private_key.string(), ssl::context::pem, ec);
  if (ec) {
    // OpenSSL checks here that the key belongs to the certificate ("key values mismatch").
    throw std::runtime_error("cannot use the TLS key " + private_key.string() + " with the certificate " +
                             certificate_chain.string() + ": " + ec.message());
  }
  // Belt and braces: a key of another certificate would fail every handshake; say so at start instead.
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    throw std::runtime_error("the TLS key " + private_key.string() + " does not belong to the certificate " +
                             certificate_chain.string());
  }
  return context;
}

}  // namespace huddle::net
