#pragma once
// The two ways a request ends: ack or error, each sent to the client exactly once.
#include <string_view>

#include <nlohmann/json.hpp>

#include "hub/client.hpp"
#include "hub/metrics.hpp"
#include "huddle/protocol/error_code.hpp"
#include "huddle/protocol/request_id.hpp"
#include "huddle/protocol/server_message.hpp"

namespace huddle::hub {

inline void reply_ack(Client& client, const protocol::RequestId& id, const nlohmann::json& result = nlohmann::json::object()) {
  client.send_reply(protocol::make_ack(id, result));
}

inline void reply_error(Client& client, Metrics& metrics, const protocol::RequestId& id, protocol::ErrorCode code,
                        std::string_view message) {
  metrics.request_errors.fetch_add(1, std::memory_order_relaxed);
  client.send_reply(protocol::make_error(id, code, message));
}

}  // namespace huddle::hub
