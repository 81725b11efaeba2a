#pragma once
// Posts a cohort's notices ("session.starting", "task.due") as signed JSON to the URL an organisation gave
// (issue 18: Huddle sends no mail; an organisation connects its own mail or chat). A receiver checks
// X-Huddle-Signature: sha256=<hex HMAC-SHA256(the cohort's webhook secret, the body)>.
//
// Plain http:// only: this release does not speak TLS outbound. An organisation that needs TLS on the way
// points the webhook at a relay on its own network (README, "Server flags": --webhook-allow).
//
// The allowlist is the defence against server-side request forgery. A facilitator on the open internet
// types the URL, so without it they could make the server call whatever it can reach (a cloud metadata
// address, an admin port on localhost, a database on the private network). The server calls only the hosts
// the operator listed (--webhook-allow host1,host2:port; a name without a port means port 80; empty:
// webhooks are off), compared by name as written, checked when the URL is set (check_url, so the API
// refuses it at once) and again at every send (a URL stored before the operator changed the list). The
// connection goes only to the addresses that allowed name resolves to, at send time; a redirect is never
// followed (3xx counts as a failure), so a receiver cannot send the server on to another host.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "net/webhook_options.hpp"

namespace huddle::net {

class WebhookSender {
 public:
  // `allowed_hosts`: "host" or "host:port" each (an IPv6 address in brackets); empty: every URL is refused.
  WebhookSender(boost::asio::any_io_executor executor, std::vector<std::string> allowed_hosts,
                WebhookOptions options = {});

  // Why `url` will not be called (a message for the facilitator), or nothing when it will: not http://,
  // https:// (no TLS in this release), longer than core::max_webhook_url_bytes, a user name or password in
  // it, a #fragment, characters outside printable ASCII, no valid host, or a host and port not allowed.
  static std::optional<std::string> check_url(std::string_view url, const std::vector<std::string>& allowed_hosts);
  std::optional<std::string> check_url(std::string_view url) const { return check_url(url, allowed_hosts_); }
  // Why an --webhook-allow entry is not a host or host:port, or nothing when it is.
  static std::optional<std::string> check_allowed_host(std::string_view entry);

  // POSTs `body` to `url` in the background (Content-Type: application/json, User-Agent: huddle, signed with
  // `secret`), retrying as the options say. `done` (optional) runs once, on the executor: true once a 2xx
  // answer came, false when the URL is refused or every attempt failed. A failure is logged with the host
  // only: a URL's path can hold the receiver's own secret and a body holds people's names.
  void send(std::string url, std::string secret, std::string body, std::function<void(bool delivered)> done = {});

 private:
  boost::asio::any_io_executor executor_;
  std::vector<std::string> allowed_hosts_;
  WebhookOptions options_;
};

}  // namespace huddle::net
