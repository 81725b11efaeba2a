#pragma once
// A theme: board cards that share at least one keyword (see theme_groups.hpp for the method).
#include <string>
#include <vector>

namespace huddle::core {

struct CardGroup {
  std::string id;       // "g-" + keyword: the same id comes back whenever that keyword leads a group
  std::string keyword;  // the keyword the most cards of the group contain
  std::string name;     // the keyword, or the facilitator's name for the group
  bool renamed = false;
  std::vector<std::string> card_ids;  // in the board's release order
};

}  // namespace huddle::core
