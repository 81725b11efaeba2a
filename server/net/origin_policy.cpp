#include "net/origin_policy.hpp"

#include <algorithm>
#include <charconv>

#include <boost/asio/ip/address.hpp>

namespace huddle::net {

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

OriginPolicy::OriginPolicy(std::vector<std::string> allowed) {
  for (const auto& a : allowed) {
    if (auto n = normalize(a)) extra_.push_back(*n);
  }
  allowed_ = extra_;
}

void OriginPolicy::set_public(const std::vector<std::string>& origins) {
  allowed_ = extra_;
  for (const auto& o : origins) {
    if (auto n = normalize(o)) allowed_.push_back(*n);
  }
}

std::optional<std::string> OriginPolicy::normalize(std::string_view origin) {
  std::string o = lower(origin);
  while (!o.empty() && o.back() == '/') o.pop_back();
  std::string scheme;
  if (o.starts_with("http://")) scheme = "http";
  else if (o.starts_with("https://")) scheme = "https";
  else return std::nullopt;
  std::string_view rest = std::string_view(o).substr(scheme.size() + 3);
  if (rest.empty() || rest.find_first_of("/?#@\\ ") != std::string_view::npos) return std::nullopt;
  std::string_view host = rest;
  std::string_view port;
  if (rest.front() == '[') {  // [v6]:port
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = rest.substr(0, close + 1);
    const auto after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
    }
  } else if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty()) return std::nullopt;
  unsigned value = scheme == "https" ? 443 : 80;
  if (!port.empty()) {
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) return std::nullopt;
  }
  return scheme + "://" + std::string(host) + ":" + std::to_string(value);
}

std::vector<std::string> OriginPolicy::defaults_for(const std::string& bind, unsigned short port, bool tls) {
  const std::string scheme = tls ? "https://" : "http://";
  std::string suffix(1, ':');
  suffix.append(std::to_string(port));
  std::vector<std::string> origins;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(bind, ec);
  const bool local = !ec && (address.is_loopback() || address.is_unspecified());
  // Built by append rather than operator+ chains, which GCC 12 at -O3 flags with a false -Wstringop-overflow.
  auto origin = [&](std::string_view host) {
    std::string whole = scheme;
    whole.append(host).append(suffix);
    return whole;
  };
  if (!ec && !address.is_unspecified()) {
    std::string host = address.to_string();
    if (address.is_v6()) host = std::string(1, '[').append(host).append("]");
    origins.push_back(origin(host));
  }
  if (local) {
    for (const char* host : {"localhost", "127.0.0.1", "[::1]"}) origins.push_back(origin(host));
  }
  return origins;
}

bool OriginPolicy::allows(std::string_view origin) const {
  if (origin.empty()) return true;
  const auto o = normalize(origin);
  return o && std::find(allowed_.begin(), allowed_.end(), *o) != allowed_.end();
}

}  // namespace huddle::net
