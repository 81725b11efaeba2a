#pragma once
// One blocking connection to Redis (hiredis), for one thread at a time. It connects lazily and again after
// any failure, so a Redis restart costs the calls made while it was away, not the node. Every call is
// bounded by the timeout: a Redis that hangs can never stall the caller for longer.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/redis_reply.hpp"

struct redisContext;

namespace huddle::cluster {

class RedisConnection {
 public:
  RedisConnection(std::string host, int port, std::chrono::milliseconds timeout);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Runs one command. Nothing when Redis cannot be reached or the connection broke (an error reply from
  // Redis is a reply, with kind error).
  std::optional<RedisReply> command(const std::vector<std::string_view>& args);
  // Sends every command, then reads every reply (one round trip for all). Nothing if any part failed; the
  // commands may or may not have run.
  std::optional<std::vector<RedisReply>> pipeline(const std::vector<std::vector<std::string_view>>& commands);
  // For a subscriber: waits up to the timeout for the next message pushed on this connection. Nothing on a
  // timeout or a broken connection, either of which closes it (hiredis cannot go on after a timeout).
  std::optional<RedisReply> next_push();
  // From another thread: makes a blocked next_push() return now (shutting the socket down), for stopping.
  void interrupt();
  // Sets the timeout of later calls (a subscriber blocks longer than a command should).
  void set_timeout(std::chrono::milliseconds timeout);

  bool connected() const noexcept { return context_ != nullptr; }
  void disconnect();

 private:
  bool ensure_connected();
  std::optional<std::vector<RedisReply>> try_pipeline(const std::vector<std::vector<std::string_view>>& commands);

  std::string host_;
  int port_;
  std::chrono::milliseconds timeout_;
  redisContext* context_ = nullptr;
  std::atomic<int> fd_{-1};  // context_'s socket, for interrupt() from another thread
};

}  // namespace huddle::cluster
