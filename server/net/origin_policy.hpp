#pragma once
// Which web pages may open a WebSocket to us: the server's public origins (--public-origin, or its own
// addresses by default) plus --allowed-origin entries, each compared whole: scheme, host and port. Stops
// another site from using a visitor's browser to talk to Huddle (cross-site WebSocket hijacking). The Host
// header plays no part: a page on another site reached through DNS rebinding makes the browser send that
// site's own name as Host and as Origin, and they would match.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huddle::net {

class OriginPolicy {
 public:
  explicit OriginPolicy(std::vector<std::string> allowed);

  // The origins the web client is served at. Called before the server takes connections.
  void set_public(const std::vector<std::string>& origins);
  // `origin` is the request's Origin header. A request without Origin does not come from a browser page
  // (browsers always send it on WebSocket upgrades), so it is allowed.
  bool allows(std::string_view origin) const;
  // "scheme://host:port", lower-cased, with the scheme's default port written out; nothing if `origin` is
  // not an http(s) origin (a path, user info, "null", another scheme).
  static std::optional<std::string> normalize(std::string_view origin);
  // The default public origins of a server bound to `bind`:`port`: that address, and on a loopback or
  // wildcard bind also localhost, 127.0.0.1 and [::1].
  static std::vector<std::string> defaults_for(const std::string& bind, unsigned short port, bool tls);

 private:
  std::vector<std::string> allowed_;  // normalized: public origins and --allowed-origin entries
  std::vector<std::string> extra_;    // --allowed-origin entries, normalized
};

}  // namespace huddle::net
