#include "server_url.hpp"

#include <stdexcept>

namespace huddle::load {

ServerUrl ServerUrl::parse(const std::string& url) {
  const std::string scheme = "ws://";
  if (url.rfind(scheme, 0) != 0) throw std::invalid_argument("--url must start with ws:// (got '" + url + "')");
  const auto rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  ServerUrl out;
  out.host = rest.substr(0, slash);
  out.path = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto colon = out.host.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--url needs a port: ws://127.0.0.1:PORT/PATH");
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address_v4(out.host.substr(0, colon), ec);
  if (ec) throw std::invalid_argument("--url needs a numeric IPv4 host, e.g. 127.0.0.1");
  const auto port = std::stoul(out.host.substr(colon + 1));
  if (port == 0 || port > 65535) throw std::invalid_argument("--url has no valid port");
  out.server = boost::asio::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
  return out;
}

}  // namespace huddle::load
