#pragma once
// Which web pages may open a WebSocket to us: the server's own origin plus --allowed-origin entries.
// Stops another site from using a visitor's browser to talk to Huddle (cross-site WebSocket hijacking).
#include <string>
#include <string_view>
#include <vector>

namespace huddle::net {

class OriginPolicy {
 public:
  explicit OriginPolicy(std::vector<std::string> allowed);

  // `origin` and `host` are the request's Origin and Host headers. A request without Origin does not come
  // from a browser page (browsers always send it on WebSocket upgrades), so it is allowed.
  bool allows(std::string_view origin, std::string_view host) const;

 private:
  std::vector<std::string> allowed_;  // lower-cased, without trailing slash
};

}  // namespace huddle::net
