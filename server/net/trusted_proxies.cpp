#include "net/trusted_proxies.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include <boost/asio/ip/address.hpp>

namespace huddle::net {

namespace {

namespace ip = boost::asio::ip;

// A plain IPv4 or IPv6 address (no zone), IPv4-mapped IPv6 turned into IPv4.
std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto parsed = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (parsed.is_v6()) {
    if (parsed.to_v6().scope_id() != 0) return std::nullopt;
    if (parsed.to_v6().is_v4_mapped()) parsed = ip::make_address_v4(ip::v4_mapped, parsed.to_v6());
  }
  return parsed;
}

bool same_prefix(const unsigned char* a, const unsigned char* b, unsigned prefix) {
  for (unsigned bit = 0; bit < prefix; bit += 8) {
    const unsigned bits = std::min(8U, prefix - bit);
    const auto mask = static_cast<unsigned char>(0xFFU << (8 - bits));
    if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

TrustedProxies::TrustedProxies(const std::vector<std::string>& specs) {
  for (const auto& spec : specs) {
    const auto slash = spec.find('/');
    const std::string_view text = std::string_view(spec).substr(0, slash);
    boost::system::error_code ec;
    const auto raw = ip::make_address(std::string(text), ec);
    const auto address = parse_address(text);
    // A mapped address would never match: peers are compared as IPv4. Write the IPv4 network instead.
    if (ec || !address) throw std::invalid_argument("--trusted-proxy " + spec + ": not an IPv4 or IPv6 address or network");
    if (raw.is_v6() && raw.to_v6().is_v4_mapped()) {
      throw std::invalid_argument("--trusted-proxy " + spec + ": write an IPv4-mapped address as plain IPv4");
    }
    Network network;
    network.v4 = address->is_v4();
    const unsigned max_prefix = network.v4 ? 32 : 128;
    network.prefix = max_prefix;
    if (slash != std::string::npos) {
      const std::string_view digits = std::string_view(spec).substr(slash + 1);
      unsigned prefix = 0;
      const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || prefix > max_prefix) {
        throw std::invalid_argument("--trusted-proxy " + spec + ": the prefix length must be 0 to " + std::to_string(max_prefix));
      }
      network.prefix = prefix;
    }
    if (network.v4) {
      const auto bytes = address->to_v4().to_bytes();
      std::copy(bytes.begin(), bytes.end(), network.bytes.begin());
    } else {
      network.bytes = address->to_v6().to_bytes();
    }
    networks_.push_back(network);
  }
}

bool TrustedProxies::contains(const std::string& address) const {
  if (networks_.empty()) return false;
  const auto parsed = parse_address(address);
  if (!parsed) return false;
  std::array<unsigned char, 16> bytes{};
  if (parsed->is_v4()) {
    const auto v4 = parsed->to_v4().to_bytes();
    std::copy(v4.begin(), v4.end(), bytes.begin());
  } else {
    bytes = parsed->to_v6().to_bytes();
  }
  for (const auto& network : networks_) {
    if (network.v4 == parsed->is_v4() && same_prefix(network.bytes.data(), bytes.data(), network.prefix)) return true;
  }
  return false;
}

std::optional<std::string> forwarded_client(std::string_view last_x_forwarded_for) {
  std::string_view entry = last_x_forwarded_for;
  if (const auto comma = entry.rfind(','); comma != std::string_view::npos) entry.remove_prefix(comma + 1);
  while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t')) entry.remove_prefix(1);
  while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
  if (entry.empty() || entry.size() > 45) return std::nullopt;  // INET6_ADDRSTRLEN - 1
  const auto address = parse_address(entry);
  if (!address) return std::nullopt;
  return address->to_string();
}

}  // namespace huddle::net
