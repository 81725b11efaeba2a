#include "huddle/protocol/request_parser.hpp"

#include <array>
#include <functional>
#include <limits>
#include <utility>

namespace huddle::protocol {
namespace {

using nlohmann::json;

// A field problem found while reading a body; becomes ErrorCode::invalid_field with the request's id.
struct FieldError {
  std::string message;
};

std::string field_string(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) throw FieldError{std::string("missing field '") + name + "'"};
  if (!it->is_string()) throw FieldError{std::string("field '") + name + "' must be a string"};
  return it->get<std::string>();
}

std::int64_t field_integer(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) throw FieldError{std::string("missing field '") + name + "'"};
  if (!it->is_number_integer()) throw FieldError{std::string("field '") + name + "' must be an integer"};
  return it->get<std::int64_t>();
}

std::string optional_string(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) throw FieldError{std::string("field '") + name + "' must be a string"};
  return it->get<std::string>();
}

bool field_bool(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) throw FieldError{std::string("missing field '") + name + "'"};
  if (!it->is_boolean()) throw FieldError{std::string("field '") + name + "' must be true or false"};
  return it->get<bool>();
}

bool optional_bool(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return false;
  if (!it->is_boolean()) throw FieldError{std::string("field '") + name + "' must be true or false"};
  return it->get<bool>();
}

std::int64_t optional_integer(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return 0;
  if (!it->is_number_integer()) throw FieldError{std::string("field '") + name + "' must be an integer"};
  return it->get<std::int64_t>();
}

// A list of at most `max` integers.
std::vector<std::int64_t> integer_list(const json& j, const char* name, std::size_t max) {
  auto it = j.find(name);
  if (it == j.end()) throw FieldError{std::string("missing field '") + name + "'"};
  if (!it->is_array() || it->size() > max) {
    throw FieldError{std::string("field '") + name + "' must be a list of at most " + std::to_string(max) + " integers"};
  }
  std::vector<std::int64_t> out;
  for (const auto& v : *it) {
    if (!v.is_number_integer()) throw FieldError{std::string("field '") + name + "' must hold integers only"};
    out.push_back(v.get<std::int64_t>());
  }
  return out;
}

json field_object(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) throw FieldError{std::string("missing field '") + name + "'"};
  if (!it->is_object()) throw FieldError{std::string("field '") + name + "' must be an object"};
  return *it;
}

using BodyReader = RequestBody (*)(const json&);

struct Entry {
  std::string_view type;
  BodyReader read;
};

// The one table of request types: adding a request means adding a row here and a struct in requests.hpp.
const std::array<Entry, std::variant_size_v<RequestBody>> request_table{{
    {"hello", [](const json& j) -> RequestBody { return Hello{field_integer(j, "protocol"), optional_string(j, "client")}; }},
    {"session.create", [](const json& j) -> RequestBody { return SessionCreate{field_string(j, "scenario")}; }},
    {"facilitator.attach",
     [](const json& j) -> RequestBody { return FacilitatorAttach{field_string(j, "code"), field_string(j, "facilitatorKey")}; }},
    {"join",
     [](const json& j) -> RequestBody {
       // A cohort member's token stands in for the name (they joined the cohort once, with their name).
       if (j.contains("member")) return Join{field_string(j, "code"), optional_string(j, "name"), field_string(j, "member")};
       return Join{field_string(j, "code"), field_string(j, "name"), {}};
     }},
    {"resume", [](const json& j) -> RequestBody { return Resume{field_string(j, "code"), field_string(j, "resumeToken")}; }},
    {"leave", [](const json&) -> RequestBody { return Leave{}; }},
    {"resync", [](const json&) -> RequestBody { return Resync{}; }},
    {"phase.next", [](const json&) -> RequestBody { return PhaseNext{}; }},
    {"phase.back", [](const json&) -> RequestBody { return PhaseBack{}; }},
    {"phase.goto", [](const json& j) -> RequestBody { return PhaseGoto{field_integer(j, "index")}; }},
    {"participant.remove",
     [](const json& j) -> RequestBody { return ParticipantRemove{field_string(j, "participantId")}; }},
    {"session.lock", [](const json& j) -> RequestBody { return SessionLock{field_bool(j, "locked")}; }},
    {"participant.remove.since",
     [](const json& j) -> RequestBody { return ParticipantRemoveSince{field_integer(j, "since")}; }},
    {"session.end", [](const json&) -> RequestBody { return SessionEnd{}; }},
    {"phase.pause", [](const json&) -> RequestBody { return PhasePause{}; }},
    {"phase.resume", [](const json&) -> RequestBody { return PhaseResume{}; }},
    {"phase.extend", [](const json& j) -> RequestBody { return PhaseExtend{field_integer(j, "seconds")}; }},
    {"poll.vote",
     [](const json& j) -> RequestBody { return PollVote{field_string(j, "pollId"), field_object(j, "vote")}; }},
    {"poll.withdraw", [](const json& j) -> RequestBody { return PollWithdraw{field_string(j, "pollId")}; }},
    {"poll.control",
     [](const json& j) -> RequestBody { return PollControl{field_string(j, "pollId"), field_string(j, "action")}; }},
    {"poll.quick", [](const json& j) -> RequestBody { return PollQuick{field_object(j, "poll")}; }},
    {"card.submit", [](const json& j) -> RequestBody { return CardSubmit{field_string(j, "text")}; }},
    {"card.vote",
     [](const json& j) -> RequestBody { return CardVote{field_string(j, "cardId"), field_bool(j, "vote")}; }},
    {"card.moderate",
     [](const json& j) -> RequestBody { return CardModerate{field_string(j, "cardId"), field_string(j, "action")}; }},
    {"card.merge",
     [](const json& j) -> RequestBody { return CardMerge{field_string(j, "cardId"), field_string(j, "intoId")}; }},
    {"card.release", [](const json& j) -> RequestBody { return CardRelease{optional_bool(j, "force")}; }},
    {"card.group.rename",
     [](const json& j) -> RequestBody { return CardGroupRename{field_string(j, "groupId"), field_string(j, "name")}; }},
    {"session.delete", [](const json&) -> RequestBody { return SessionDelete{}; }},
    {"breakout.form", [](const json& j) -> RequestBody { return BreakoutForm{optional_string(j, "forming"), optional_bool(j, "includeAway")}; }},
    {"breakout.move",
     [](const json& j) -> RequestBody { return BreakoutMove{field_string(j, "participantId"), field_integer(j, "room")}; }},
    {"breakout.choose", [](const json& j) -> RequestBody { return BreakoutChoose{field_integer(j, "room")}; }},
    {"breakout.start", [](const json& j) -> RequestBody { return BreakoutStart{optional_bool(j, "restart")}; }},
    {"breakout.time",
     [](const json& j) -> RequestBody { return BreakoutTime{field_integer(j, "seconds"), optional_integer(j, "room")}; }},
    {"breakout.callback", [](const json& j) -> RequestBody { return BreakoutCallback{field_integer(j, "seconds")}; }},
    {"breakout.help", [](const json&) -> RequestBody { return BreakoutHelp{}; }},
    {"breakout.help.clear", [](const json& j) -> RequestBody { return BreakoutHelpClear{field_integer(j, "room")}; }},
    {"breakout.checklist",
     [](const json& j) -> RequestBody {
       return BreakoutChecklist{field_integer(j, "round"), integer_list(j, "ticked", 64), optional_string(j, "note")};
     }},
    {"session.announce", [](const json& j) -> RequestBody { return SessionAnnounce{field_string(j, "text")}; }},
    {"pod.create",
     [](const json& j) -> RequestBody { return PodCreate{field_string(j, "scenario"), field_string(j, "name")}; }},
    {"fishbowl.tapin",
     [](const json& j) -> RequestBody {
       const std::string seat = optional_string(j, "seat");
       if (!seat.empty() && seat != "inner" && seat != "empty") throw FieldError{"field 'seat' must be \"inner\" or \"empty\""};
       return FishbowlTapIn{seat == "empty"};
     }},
    {"fishbowl.tapout", [](const json&) -> RequestBody { return FishbowlTapOut{}; }},
    {"fishbowl.seat",
     [](const json& j) -> RequestBody { return FishbowlSeat{field_string(j, "participantId"), optional_integer(j, "seat")}; }},
    {"fishbowl.unseat", [](const json& j) -> RequestBody { return FishbowlUnseat{field_string(j, "participantId")}; }},
    {"fishbowl.observe", [](const json& j) -> RequestBody { return FishbowlObserve{field_string(j, "text")}; }},
    {"fishbowl.surface",
     [](const json& j) -> RequestBody {
       return FishbowlSurface{field_string(j, "observationId"), j.contains("surfaced") ? field_bool(j, "surfaced") : true};
     }},
    {"poll.results",
     [](const json& j) -> RequestBody {
       return PollResults{field_string(j, "pollId"), optional_integer(j, "offset"), optional_integer(j, "limit")};
     }},
    {"projector.link", [](const json&) -> RequestBody { return ProjectorLink{}; }},
    {"projector.attach",
     [](const json& j) -> RequestBody { return ProjectorAttach{field_string(j, "code"), field_string(j, "projectorCode")}; }},
}};

// Nesting depth of a JSON text, counted without parsing so a hostile document costs O(n) and no stack.
int nesting_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') deepest = std::max(deepest, ++depth);
    else if (c == '}' || c == ']') --depth;
  }
  return deepest;
}

std::optional<RequestId> read_id(const json& j) {
  auto it = j.find("id");
  if (it == j.end()) return std::nullopt;
  // Read at the width the JSON holds: an unsigned 2^64-1 read as signed would wrap to -1 and be echoed as a
  // different id. Above 2^53 a JavaScript client has already rounded its own id, so those are refused too.
  constexpr std::uint64_t max_integer_id = std::uint64_t{1} << 53;
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    if (v <= max_integer_id) return RequestId{static_cast<std::int64_t>(v)};
    return std::nullopt;
  }
  if (it->is_number_integer()) return std::nullopt;  // negative
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    if (!s.empty() && s.size() <= max_request_id_length) return RequestId{s};
  }
  return std::nullopt;
}

}  // namespace

const char* type_name(const RequestBody& body) noexcept { return request_table[body.index()].type.data(); }

std::variant<Request, ParseError> parse_request(std::string_view text) {
  if (nesting_depth(text) > max_json_depth) {
    return ParseError{std::nullopt, ErrorCode::bad_request, "the message nests deeper than the server accepts"};
  }
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return ParseError{std::nullopt, ErrorCode::bad_request, "the message is not valid JSON"};
  if (!j.is_object()) return ParseError{std::nullopt, ErrorCode::bad_request, "the message must be a JSON object"};

  auto id = read_id(j);
  if (!id) {
    return ParseError{std::nullopt, ErrorCode::bad_request,
                      "'id' must be a string of 1 to 64 characters or a non-negative integer"};
  }
  auto type_it = j.find("type");
  if (type_it == j.end() || !type_it->is_string()) {
    return ParseError{id, ErrorCode::bad_request, "'type' must be a string"};
  }
  const auto& type = type_it->get_ref<const std::string&>();
  for (const auto& entry : request_table) {
    if (entry.type != type) continue;
    try {
      RequestBody body = entry.read(j);  // read first: the id must survive a FieldError for the reply
      return Request{std::move(*id), std::move(body)};
    } catch (const FieldError& e) {
      return ParseError{std::move(id), ErrorCode::invalid_field, e.message};
    }
  }
  std::string shown = type.size() > 40 ? type.substr(0, 40) + "..." : type;
  return ParseError{id, ErrorCode::unknown_type, "unknown request type '" + shown + "'"};
}

}  // namespace huddle::protocol
