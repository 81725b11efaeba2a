#pragma once
// One plain HTTP GET to the server under test, on the run's own thread: /metrics for its counters, /healthz
// for whether it still answers (and how fast) while it is under attack.
#include <chrono>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "micros.hpp"
#include "server_url.hpp"

namespace huddle::load {

struct HttpGetResult {
  int status = 0;     // 0: no answer (connect, write or read failed, or the timeout passed)
  std::string body;
  Micros took = 0;    // from connecting until the whole response was read
  std::string error;  // why status is 0
};

boost::asio::awaitable<HttpGetResult> http_get(boost::asio::any_io_executor executor, const ServerUrl& url,
                                               const std::string& path, std::chrono::milliseconds timeout);

}  // namespace huddle::load
