// libFuzzer target: protocol::parse_request on any bytes, the way net/ws_session.cpp hands it a text frame,
// then the reply the server would send for it (make_ack / make_error), so the id and the error message of
// a hostile frame are serialised too.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "huddle/protocol/request_parser.hpp"
#include "huddle/protocol/server_message.hpp"

using namespace huddle::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_request(text);
  if (auto* request = std::get_if<Request>(&parsed)) {
    const char* type = type_name(request->body);
    if (!type || !*type) __builtin_trap();
    if (auto* id = std::get_if<std::int64_t>(&request->id); id && *id < 0) __builtin_trap();
    if (auto* id = std::get_if<std::string>(&request->id); id && (id->empty() || id->size() > max_request_id_length)) {
      __builtin_trap();
    }
    nlohmann::json result = {{"type", type}};
    if (auto* vote = std::get_if<PollVote>(&request->body)) {
      if (!vote->vote.is_object()) __builtin_trap();
      result["vote"] = vote->vote;
    }
    if (auto* quick = std::get_if<PollQuick>(&request->body)) {
      if (!quick->poll.is_object()) __builtin_trap();
      result["poll"] = quick->poll;
    }
    (void)make_ack(request->id, result);
  } else {
    const auto& error = std::get<ParseError>(parsed);
    if (error.message.empty()) __builtin_trap();
    (void)make_error(error.id, error.code, error.message);
  }
  return 0;
}
