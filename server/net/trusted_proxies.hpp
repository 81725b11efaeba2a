#pragma once
// Reverse proxies whose X-Forwarded-For is believed (--trusted-proxy; issue 17: a cluster behind HAProxy).
// A connection from one of them is not counted against the per-address caps when it is accepted (the proxy
// holds every client's connections, and enforces its own per-source limits); each of its requests names its
// client instead, and from then on that address is the one every per-address limit and log sees
// (HttpSession). Anyone else's X-Forwarded-For is ignored: a client could write any address there.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huddle::net {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Each an IPv4 or IPv6 address ("127.0.0.1", "::1") or network ("10.0.0.0/8", "fd00::/8"; host bits are
  // ignored). Throws std::invalid_argument naming the first that is neither.
  explicit TrustedProxies(const std::vector<std::string>& specs);

  bool empty() const noexcept { return networks_.empty(); }
  // Whether a peer address (as the socket reports it; an IPv4-mapped IPv6 address counts as IPv4) is one.
  bool contains(const std::string& address) const;

 private:
  struct Network {
    bool v4 = true;
    std::array<unsigned char, 16> bytes{};  // the first 4 for IPv4
    unsigned prefix = 0;
  };
  std::vector<Network> networks_;
};

// The client a trusted proxy names in X-Forwarded-For, given the value of the request's LAST such header:
// its last comma-separated entry, which the proxy itself appended (earlier ones came from the client and
// prove nothing). The address in canonical text (IPv4-mapped IPv6 as IPv4), or nothing when that entry is
// not a plain IPv4 or IPv6 address (empty, a name, with a port or brackets, with an IPv6 zone).
std::optional<std::string> forwarded_client(std::string_view last_x_forwarded_for);

}  // namespace huddle::net
