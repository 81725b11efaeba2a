#pragma once
// The answer to an ApiRequest: a status and a body of the given type (JSON unless said otherwise).
#include <string>

namespace huddle::hub {

struct ApiReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

}  // namespace huddle::hub
