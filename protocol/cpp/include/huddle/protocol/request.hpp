#pragma once
// One parsed client request: its id and its body.
#include "huddle/protocol/request_id.hpp"
#include "huddle/protocol/requests.hpp"

namespace huddle::protocol {

struct Request {
  RequestId id;
  RequestBody body;
};

}  // namespace huddle::protocol
