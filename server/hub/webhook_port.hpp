#pragma once
// How the programme desk reaches an organisation's webhook without depending on the network layer (the
// sender lives in net/webhook_sender.hpp; main wires the two). Empty functions: webhooks are off.
#include <functional>
#include <optional>
#include <string>

namespace huddle::hub {

struct WebhookPort {
  // Why a URL will not be called (not allowed by --webhook-allow, not http, ...), or nothing when it will.
  std::function<std::optional<std::string>(const std::string& url)> check;
  // Posts `body` (JSON) to `url`, signed with `secret`; retries on its own, reports nothing back.
  std::function<void(const std::string& url, const std::string& secret, const std::string& body)> send;
};

}  // namespace huddle::hub
