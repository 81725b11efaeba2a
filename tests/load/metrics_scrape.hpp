#pragma once
// Huddle's own /metrics counters (Prometheus text), read over HTTP at the edges of a window. They say what
// the client-side numbers cannot: frames the server coalesced (a client got a newer snapshot instead), frames
// dropped and clients closed for not reading, and how many frames and bytes it wrote.
#include <map>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "server_url.hpp"

namespace huddle::load {

class MetricsScrape {
 public:
  using Values = std::map<std::string, double>;

  MetricsScrape(boost::asio::any_io_executor executor, ServerUrl url) : executor_(std::move(executor)), url_(std::move(url)) {}

  // Empty when the server has no /metrics or does not answer within 5 s.
  boost::asio::awaitable<Values> read();
  // later - earlier for every counter in both, with the "huddle_" prefix dropped.
  static nlohmann::json delta(const Values& earlier, const Values& later);

 private:
  boost::asio::any_io_executor executor_;
  ServerUrl url_;
};

}  // namespace huddle::load
