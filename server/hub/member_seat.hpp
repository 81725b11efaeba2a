#pragma once
// Who a cohort member is in one of the cohort's sessions: what the programme desk tells the hub when a
// `join` carries a member token (protocol/PROGRAMMES.md).
#include <string>

namespace huddle::hub {

struct MemberSeat {
  std::string cohort_id;
  std::string member_id;
  int session = 0;  // the programme's session number (1-based)
  std::string name;          // the name they enrolled with
  std::string resume_token;  // derived from their token and the join code: the same on every device
};

}  // namespace huddle::hub
