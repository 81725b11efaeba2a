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

}  // namespace huddle::protocol
