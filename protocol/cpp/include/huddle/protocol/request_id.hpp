#pragma once
// The client-chosen id that pairs a request with its one reply: a short string or a non-negative integer.
#include <cstdint>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

namespace huddle::protocol {

using RequestId = std::variant<std::int64_t, std::string>;

// A free function, not to_json: RequestId is a std::variant alias, so ADL would never find a to_json here.
inline nlohmann::json id_to_json(const RequestId& id) {
  return std::visit([](const auto& v) { return nlohmann::json(v); }, id);
}

}  // namespace huddle::protocol
