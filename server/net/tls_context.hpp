#pragma once
// The server side of TLS (--tls-cert/--tls-key): facilitators put Huddle on the internet, where join codes,
// resume tokens and facilitator keys must not cross the network in clear text.
#include <filesystem>
#include <memory>

#include <boost/asio/ssl/context.hpp>

namespace huddle::net {

// A context serving `certificate_chain` (PEM, the server's certificate first, then any intermediates) with
// `private_key` (PEM). TLS 1.2 and 1.3 only. Throws std::runtime_error naming the file that cannot be used.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const std::filesystem::path& certificate_chain,
                                                            const std::filesystem::path& private_key);

}  // namespace huddle::net
