#pragma once
// Opens one client and waits for the upgrade, for the run's coroutine: the facilitators, the sender, a
// newcomer. Many clients at once go through ConnectionPool instead.
#include <chrono>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>

#include "condition.hpp"
#include "server_url.hpp"
#include "ws_client.hpp"

namespace huddle::load {

// Empty once open, else why not ("timed out", or the connect or upgrade error). `changed` is notified
// when the open completes; the caller's condition, which nothing else may be waiting on meanwhile.
boost::asio::awaitable<std::string> open_client(WsClient& client, const ServerUrl& url,
                                                const boost::asio::ip::address& source, Condition& changed,
                                                std::chrono::milliseconds timeout);

}  // namespace huddle::load
