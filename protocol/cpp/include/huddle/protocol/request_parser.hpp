#pragma once
// Strict parsing at the edge: a text frame becomes a Request or a ParseError with a stable code.
#include <string_view>
#include <variant>

#include "huddle/protocol/parse_error.hpp"
#include "huddle/protocol/request.hpp"

namespace huddle::protocol {

// Longest string id a client may choose (PROTOCOL.md, "Limits").
inline constexpr std::size_t max_request_id_length = 64;
// Deepest JSON nesting accepted; no request needs more than 3, and deep nesting costs stack.
inline constexpr int max_json_depth = 16;

std::variant<Request, ParseError> parse_request(std::string_view text);

}  // namespace huddle::protocol
