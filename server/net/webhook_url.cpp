#include "net/webhook_url.hpp"

#include <algorithm>
#include <cctype>

#include "core/programme/programme_limits.hpp"

namespace huddle::net {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; }
bool is_ipv6_char(char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; }

// Splits "host[:port]"; nothing when either part is malformed. No percent-encoding, no user info, no
// trailing dot: the host must be written exactly as the operator's allowlist can name it.
std::optional<std::pair<std::string, unsigned short>> split_authority(std::string_view text) {
  std::string_view host = text, port;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(0, close + 1);
    const auto inside = host.substr(1, host.size() - 2);
    if (inside.empty() || !std::all_of(inside.begin(), inside.end(), is_ipv6_char)) return std::nullopt;
    const auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return std::nullopt;
      port = rest.substr(1);
      if (port.empty()) return std::nullopt;
    }
  } else {
    if (const auto colon = text.find(':'); colon != std::string_view::npos) {
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
      if (port.empty()) return std::nullopt;
    }
    if (host.empty() || host.size() > 253 || host.front() == '.' || host.back() == '.' || host.front() == '-' ||
        !std::all_of(host.begin(), host.end(), is_name_char)) {
      return std::nullopt;
    }
  }
  unsigned number = 80;
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    number = static_cast<unsigned>(std::stoul(std::string(port)));
    if (number == 0 || number > 65535) return std::nullopt;
  }
  std::string lowered(host);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), lower);
  return std::pair{std::move(lowered), static_cast<unsigned short>(number)};
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) { return lower(a) == lower(b); });
}

}  // namespace

std::string WebhookUrl::authority() const { return host + ":" + std::to_string(port); }

std::string WebhookUrl::resolve_name() const {
  return host.starts_with('[') ? host.substr(1, host.size() - 2) : host;
}

std::string WebhookUrl::host_header() const { return port == 80 ? host : authority(); }

std::optional<std::string> WebhookUrl::normalize_authority(std::string_view text) {
  auto split = split_authority(text);
  if (!split) return std::nullopt;
  return split->first + ":" + std::to_string(split->second);
}

std::variant<WebhookUrl, std::string> WebhookUrl::parse(std::string_view url, const std::vector<std::string>& allowed_hosts) {
  if (allowed_hosts.empty()) {
    return std::string("This server sends no webhooks: its operator has allowed no host (--webhook-allow).");
  }
  if (url.size() > core::max_webhook_url_bytes) {
    return "A webhook URL is at most " + std::to_string(core::max_webhook_url_bytes) + " bytes long.";
  }
  // Printable ASCII only: a space or line break could split the request line, and a look-alike character
  // could pass for an allowed host.
  if (!std::all_of(url.begin(), url.end(), [](char c) { return c > 0x20 && c < 0x7F; })) {
    return std::string("A webhook URL holds printable ASCII only (percent-encode anything else in its path).");
  }
  if (starts_with_ignoring_case(url, "https://")) {
    return std::string("Webhooks are sent over plain http:// in this release (no TLS): give the http:// address of "
                       "a receiver or relay on an allowed host.");
  }
  if (!starts_with_ignoring_case(url, "http://")) return std::string("A webhook URL begins with http://.");
  if (url.find('#') != std::string_view::npos) return std::string("A webhook URL has no #fragment.");
  const std::string_view rest = url.substr(7);
  const auto authority_end = std::min(rest.find('/'), rest.find('?'));
  const std::string_view authority = rest.substr(0, authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return std::string("A webhook URL carries no user name or password (the signature proves the call is Huddle's).");
  }
  auto split = split_authority(authority);
  if (!split) return std::string("The webhook URL's host is not a valid host name or address.");
  WebhookUrl parsed;
  parsed.host = std::move(split->first);
  parsed.port = split->second;
  parsed.target = authority_end == std::string_view::npos ? "/" : std::string(rest.substr(authority_end));
  if (parsed.target.starts_with('?')) parsed.target.insert(0, "/");
  const std::string wanted = parsed.authority();
  const bool allowed = std::any_of(allowed_hosts.begin(), allowed_hosts.end(), [&](const std::string& entry) {
    const auto normalized = normalize_authority(entry);
    return normalized && *normalized == wanted;
  });
  if (!allowed) {
    return "This server's operator does not allow webhooks to " + parsed.host_header() + " (--webhook-allow).";
  }
  return parsed;
}

}  // namespace huddle::net
