#pragma once
// A webhook URL taken apart, once it passed every check the sender makes (net/webhook_sender.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace huddle::net {

struct WebhookUrl {
  std::string host;  // lower-case; an IPv6 address in brackets, as the Host header writes it
  unsigned short port = 80;
  std::string target;  // the path and query, "/" at least

  // "host:port": what an allowlist entry is compared with.
  std::string authority() const;
  // What to resolve: the host without an IPv6 address's brackets.
  std::string resolve_name() const;
  // The Host header: the port only when it is not 80.
  std::string host_header() const;

  // `url` taken apart when it is an http:// URL on an allowed host and port, or why it will not be called
  // (a message for the facilitator; it never repeats the allowlist).
  static std::variant<WebhookUrl, std::string> parse(std::string_view url, const std::vector<std::string>& allowed_hosts);
  // "host[:port]" as "host:port" (lower-case, port 80 when none is given), or nothing when it is not a
  // plain host name, IPv4 address or bracketed IPv6 address with an optional port 1-65535.
  static std::optional<std::string> normalize_authority(std::string_view text);
};

}  // namespace huddle::net
