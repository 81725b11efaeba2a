#pragma once
// Why a frame could not become a Request; carries the id when it could be read so the error pairs up.
#include <optional>
#include <string>

#include "huddle/protocol/error_code.hpp"
#include "huddle/protocol/request_id.hpp"

namespace huddle::protocol {

struct ParseError {
  std::optional<RequestId> id;
  ErrorCode code = ErrorCode::bad_request;
  std::string message;
};

}  // namespace huddle::protocol
