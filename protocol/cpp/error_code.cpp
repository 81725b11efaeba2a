#include "huddle/protocol/error_code.hpp"

namespace huddle::protocol {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::bad_request: return "bad_request";
    case ErrorCode::unknown_type: return "unknown_type";
    case ErrorCode::invalid_field: return "invalid_field";
    case ErrorCode::hello_required: return "hello_required";
    case ErrorCode::unsupported_protocol: return "unsupported_protocol";
    case ErrorCode::session_not_found: return "session_not_found";
    case ErrorCode::scenario_not_found: return "scenario_not_found";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_in_session: return "not_in_session";
    case ErrorCode::already_in_session: return "already_in_session";
    case ErrorCode::name_invalid: return "name_invalid";
    case ErrorCode::token_invalid: return "token_invalid";
    case ErrorCode::session_full: return "session_full";
    case ErrorCode::session_locked: return "session_locked";
    case ErrorCode::session_ended: return "session_ended";
    case ErrorCode::phase_invalid: return "phase_invalid";
    case ErrorCode::participant_not_found: return "participant_not_found";
    case ErrorCode::poll_not_found: return "poll_not_found";
    case ErrorCode::poll_closed: return "poll_closed";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::quota_exceeded: return "quota_exceeded";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

}  // namespace huddle::protocol
