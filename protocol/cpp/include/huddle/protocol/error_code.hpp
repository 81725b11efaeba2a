#pragma once
// Stable error codes of the wire protocol (PROTOCOL.md, "Error codes"). Clients switch on these strings,
// so a code is never renamed or reused.
#include <string_view>

namespace huddle::protocol {

enum class ErrorCode {
  bad_request,
  unknown_type,
  invalid_field,
  hello_required,
  unsupported_protocol,
  session_not_found,
  scenario_not_found,
  forbidden,
  not_in_session,
  already_in_session,
  name_invalid,
  token_invalid,
  session_full,
  session_ended,
  session_locked,
  phase_invalid,
  participant_not_found,
  poll_not_found,
  poll_closed,
  rate_limited,
  quota_exceeded,
  unavailable,
  internal,
};

// Every code, in declaration order; tests iterate it to keep PROTOCOL.md and the schema in step.
inline constexpr ErrorCode all_error_codes[] = {
    ErrorCode::bad_request,       ErrorCode::unknown_type,         ErrorCode::invalid_field,
    ErrorCode::hello_required,    ErrorCode::unsupported_protocol, ErrorCode::session_not_found,
    ErrorCode::scenario_not_found, ErrorCode::forbidden,           ErrorCode::not_in_session,
    ErrorCode::already_in_session, ErrorCode::name_invalid,        ErrorCode::token_invalid,
    ErrorCode::session_full,      ErrorCode::session_ended,        ErrorCode::session_locked,
    ErrorCode::phase_invalid,
    ErrorCode::participant_not_found, ErrorCode::poll_not_found, ErrorCode::poll_closed,
    ErrorCode::rate_limited,     ErrorCode::quota_exceeded, ErrorCode::unavailable,
    ErrorCode::internal,
};

std::string_view to_string(ErrorCode code) noexcept;

}  // namespace huddle::protocol
