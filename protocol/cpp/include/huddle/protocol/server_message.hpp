#pragma once
// Builders for every server-to-client frame: ack, error and state push. Each returns the serialized text,
// so a push is serialized once and shared by every connection of its audience.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "huddle/protocol/error_code.hpp"
#include "huddle/protocol/request_id.hpp"

namespace huddle::protocol {

inline constexpr int protocol_version = 1;

std::string make_ack(const RequestId& id, const nlohmann::json& result);
std::string make_error(const std::optional<RequestId>& id, ErrorCode code, std::string_view message);
std::string make_state(std::string_view topic, std::uint64_t version, std::string_view epoch,
                       const nlohmann::json& data);

// JSON text as frames carry it: compact, and a string holding invalid UTF-8 has it replaced instead of throwing.
std::string to_json_text(const nlohmann::json& value);
// The same state push around data already serialized with to_json_text. The hub serializes a view once,
// compares that text with the frame its audience holds, and frames it only when it differs, so a cached push
// needs no parsed copy of its data beside it (issue 19: memory per participant). The data is the first member
// (keys in the order nlohmann::json writes them), starting `state_data_offset` bytes into the frame.
std::string make_state_text(std::string_view topic, std::uint64_t version, std::string_view epoch, std::string_view data_text);
inline constexpr std::size_t state_data_offset = 8;  // {"data":
// A patch push: the RFC 6902 operations `ops` (add, remove, replace) that turn `base` of the topic into `version`.
std::string make_patch(std::string_view topic, std::uint64_t version, std::uint64_t base, std::string_view epoch,
                       const nlohmann::json& ops);

}  // namespace huddle::protocol
