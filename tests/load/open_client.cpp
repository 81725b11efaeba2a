#include "open_client.hpp"

#include <memory>
#include <optional>

namespace huddle::load {

boost::asio::awaitable<std::string> open_client(WsClient& client, const ServerUrl& url,
                                                const boost::asio::ip::address& source, Condition& changed,
                                                std::chrono::milliseconds timeout) {
  // Shared with the callback: after a timeout the open may still complete, once this frame is gone.
  auto opened = std::make_shared<std::optional<boost::system::error_code>>();
  client.open(url.server, source, url.host, url.path, 0, [opened, &changed](boost::system::error_code ec) {
    *opened = ec;
    changed.notify();
  });
  co_await changed.wait([&] { return opened->has_value(); }, timeout);
  if (!opened->has_value()) co_return "timed out";
  co_return **opened ? (*opened)->message() : std::string();
}

}  // namespace huddle::load
