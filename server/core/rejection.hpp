#pragma once
// A command the rules refuse: a stable code for clients and a message for people. Never an exception.
#include <string>

#include "huddle/protocol/error_code.hpp"

namespace huddle::core {

struct Rejection {
  protocol::ErrorCode code;
  std::string message;
};

}  // namespace huddle::core
