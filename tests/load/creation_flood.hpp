#pragma once
// Attack item 2 of issue 15: one address creates sessions as fast as it can. Every attempt is a fresh
// connection (SoloRequest: hello, session.create), `slots` of them in flight at once and at most `rate`
// started a second: unbounded, one address would run out of loopback ports (each closed connection holds
// one in TIME_WAIT for a minute, ~28k per address) long before the server ran out of anything. Created
// sessions' connections are closed at once; the server is expected to answer rate_limited after its burst.
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <nlohmann/json.hpp>

#include "condition.hpp"
#include "latency_stats.hpp"
#include "server_url.hpp"
#include "solo_request.hpp"

namespace huddle::load {

class CreationFlood {
 public:
  CreationFlood(boost::asio::io_context& ioc, ServerUrl url, boost::asio::ip::address source, std::string scenario,
                std::size_t slots, double rate);

  // Floods until the monotonic time `until` (now_us()), then waits for the attempts in flight.
  boost::asio::awaitable<void> run(Micros until);
  std::size_t acked() const { return acked_; }
  std::size_t refused(const std::string& code) const;
  nlohmann::json report();

 private:
  void launch(SoloRequest& attempt);

  ServerUrl url_;
  boost::asio::ip::address source_;
  std::string scenario_;
  double rate_;
  Condition changed_;
  std::vector<std::unique_ptr<SoloRequest>> slots_;
  std::size_t started_ = 0, in_flight_ = 0, acked_ = 0;
  std::map<std::string, std::size_t> refused_;  // by error code, or why there was no reply
  Micros first_refused_at_ = 0, began_ = 0;
  std::size_t acked_before_first_refusal_ = 0;
  LatencyStats reply_;
};

}  // namespace huddle::load
