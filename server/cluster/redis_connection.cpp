#include "cluster/redis_connection.hpp"

#include <hiredis/hiredis.h>

#include <sys/socket.h>

#include <spdlog/spdlog.h>

namespace huddle::cluster {

namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

RedisReply copy(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.kind = RedisReply::Kind::integer;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      out.kind = RedisReply::Kind::string;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.kind = RedisReply::Kind::error;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = RedisReply::Kind::array;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(copy(r->element[i]));
      break;
    default:
      break;  // nil
  }
  return out;
}

}  // namespace

RedisConnection::RedisConnection(std::string host, int port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

RedisConnection::~RedisConnection() { disconnect(); }

void RedisConnection::disconnect() {
  fd_.store(-1);
  if (context_) redisFree(context_);
  context_ = nullptr;
}

void RedisConnection::set_timeout(std::chrono::milliseconds timeout) {
  timeout_ = timeout;
  if (context_) redisSetTimeout(context_, to_timeval(timeout_));
}

bool RedisConnection::ensure_connected() {
  if (context_) return true;
  context_ = redisConnectWithTimeout(host_.c_str(), port_, to_timeval(timeout_));
  if (!context_ || context_->err) {
    if (context_) redisFree(context_);
    context_ = nullptr;
    return false;
  }
  redisSetTimeout(context_, to_timeval(timeout_));
  fd_.store(context_->fd);
  return true;
}

std::optional<RedisReply> RedisConnection::command(const std::vector<std::string_view>& args) {
  auto replies = pipeline({args});
  if (!replies) return std::nullopt;
  return std::move(replies->front());
}

std::optional<std::vector<RedisReply>> RedisConnection::pipeline(const std::vector<std::vector<std::string_view>>& commands) {
  // A connection made before Redis restarted fails on first use: try once more on a fresh one, so the
  // first call after a restart is not lost. (A pipeline that failed while reading may have run: every
  // caller's commands are safe to run twice, or check what they find.)
  const bool was_connected = connected();
  if (auto replies = try_pipeline(commands)) return replies;
  if (!was_connected) return std::nullopt;
  return try_pipeline(commands);
}

std::optional<std::vector<RedisReply>> RedisConnection::try_pipeline(const std::vector<std::vector<std::string_view>>& commands) {
  if (!ensure_connected()) return std::nullopt;
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& args : commands) {
    argv.clear();
    lengths.clear();
    for (auto a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()) != REDIS_OK) {
      disconnect();
      return std::nullopt;
    }
  }
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || !raw) {
      disconnect();  // a half-read pipeline cannot be resumed
      return std::nullopt;
    }
    replies.push_back(copy(static_cast<redisReply*>(raw)));
    freeReplyObject(raw);
  }
  return replies;
}

std::optional<RedisReply> RedisConnection::next_push() {
  if (!context_) return std::nullopt;
  void* raw = nullptr;
  if (redisGetReply(context_, &raw) != REDIS_OK || !raw) {
    // A read timeout leaves hiredis's context unusable, like any other failure: its owner reconnects.
    disconnect();
    return std::nullopt;
  }
  RedisReply reply = copy(static_cast<redisReply*>(raw));
  freeReplyObject(raw);
  return reply;
}

void RedisConnection::interrupt() {
  // The fd, not context_: the owning thread may be freeing the context at this moment.
  if (const int fd = fd_.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace huddle::cluster
