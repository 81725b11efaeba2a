#pragma once
// How patiently the webhook sender calls an organisation's URL (net/webhook_sender.hpp). The defaults are
// the product's; tests shorten them.
#include <chrono>
#include <cstddef>
#include <vector>

namespace huddle::net {

struct WebhookOptions {
  // One attempt, from resolving the host to the end of the response: a receiver that takes longer is
  // treated as down (an organisation's mail or chat bridge answers in well under a second).
  std::chrono::milliseconds timeout{5000};
  // The waits before each retry after a failed attempt (no connection, a timeout, a status other than
  // 2xx); their number is the number of retries. 1 + 5 + 25 s: a receiver restarting within half a minute
  // still gets the notice (PROGRAMMES.md "Webhooks").
  std::vector<std::chrono::milliseconds> retry_delays{std::chrono::seconds{1}, std::chrono::seconds{5},
                                                      std::chrono::seconds{25}};
  // The most of a response that is read (its headers and body together); the body is ignored.
  std::size_t max_response_bytes = 8 * 1024;
};

}  // namespace huddle::net
