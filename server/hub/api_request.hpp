#pragma once
// One request to the programme API (protocol/PROGRAMMES.md) as the HTTP edge hands it over: already read
// whole and within the body limit, the secrets taken from their headers.
#include <string>

namespace huddle::hub {

struct ApiRequest {
  std::string method;  // "GET", "POST", "PUT", "DELETE"
  std::string path;    // without the query
  std::string query;   // after '?', or ""
  std::string body;
  std::string address;          // the client's address, for the allowances
  std::string facilitator_key;  // X-Facilitator-Key
  std::string member_token;     // X-Member-Token
  std::string manager_token;    // X-Manager-Token
};

}  // namespace huddle::hub
