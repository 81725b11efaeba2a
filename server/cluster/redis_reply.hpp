#pragma once
// A Redis reply, copied out of hiredis's tree so it outlives the connection's buffers: nil, an integer, a
// string (bulk or status), an error, or an array of replies.
#include <cstdint>
#include <string>
#include <vector>

namespace huddle::cluster {

struct RedisReply {
  enum class Kind { nil, integer, string, error, array };
  Kind kind = Kind::nil;
  long long integer = 0;
  std::string text;                 // string, status or error text
  std::vector<RedisReply> elements;  // array

  bool is_nil() const noexcept { return kind == Kind::nil; }
  bool is_error() const noexcept { return kind == Kind::error; }
};

}  // namespace huddle::cluster
