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
  return make_state_text(topic, version, epoch, serialize(data));
}

std::string to_json_text(const json& value) { return serialize(value); }

std::string make_patch(std::string_view topic, std::uint64_t version, std::uint64_t base, std::string_view epoch, const json& ops) {
  return serialize(json{{"type", "patch"}, {"topic", topic}, {"version", version}, {"base", base}, {"epoch", epoch}, {"ops", ops}});
}

std::string make_state_text(std::string_view topic, std::uint64_t version, std::string_view epoch, std::string_view data_text) {
  // Written out by hand in the order json::dump() writes an object's keys (sorted), so a push reads the same
  // byte for byte as when it was one json object, without copying its data into one.
  const std::string epoch_text = serialize(epoch);
  const std::string topic_text = serialize(topic);
  const std::string version_text = std::to_string(version);
  std::string out;
  out.reserve(state_data_offset + data_text.size() + epoch_text.size() + topic_text.size() + version_text.size() + 40);
  out.append("{\"data\":");
  out.append(data_text);
  out.append(",\"epoch\":").append(epoch_text);
  out.append(",\"topic\":").append(topic_text);
  out.append(",\"type\":\"state\",\"version\":").append(version_text);
  out.push_back('}');
  return out;
}

}  // namespace huddle::protocol
