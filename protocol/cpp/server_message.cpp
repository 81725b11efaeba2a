#include "huddle/protocol/server_message.hpp"

namespace huddle::protocol {

using nlohmann::json;

// dump() with replace: a string that somehow holds invalid UTF-8 must never make serialization throw.
static std::string serialize(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string make_ack(const RequestId& id, const json& result) {
  return serialize(json{{"type", "ack"}, {"id", id_to_json(id)}, {"result", result.is_null() ? json::object() : result}});
}

std::string make_error(const std::optional<RequestId>& id, ErrorCode code, std::string_view message) {
  json j{{"type", "error"}, {"id", nullptr}, {"code", to_string(code)}, {"message", message}};
  if (id) j["id"] = id_to_json(*id);
  return serialize(j);
}

std::string make_state(std::string_view topic, std::uint64_t version, std::string_view epoch, const json& data) {
  return serialize(json{{"type", "state"}, {"topic", topic}, {"version", version}, {"epoch", epoch}, {"data", data}});
}

}  // namespace huddle::protocol
