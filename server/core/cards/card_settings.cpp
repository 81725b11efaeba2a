#include "core/cards/card_settings.hpp"

#include <algorithm>

namespace huddle::core {
namespace {

std::size_t whole_number(const nlohmann::json& activity, const char* field, std::size_t fallback, std::size_t lo,
                         std::size_t hi) {
  auto it = activity.find(field);
  if (it == activity.end() || !it->is_number_integer()) return fallback;
  const auto value = it->get<long long>();
  if (value < static_cast<long long>(lo)) return lo;
  return std::min(static_cast<std::size_t>(value), hi);
}

}  // namespace

CardSettings CardSettings::from_activity(const nlohmann::json& activity) {
  CardSettings s;
  if (!activity.is_object()) return s;
  if (auto it = activity.find("prompt"); it != activity.end() && it->is_string()) s.prompt = it->get<std::string>();
  s.release_threshold = whole_number(activity, "releaseThreshold", default_release_threshold, min_release_threshold,
                                     max_release_threshold);
  if (auto it = activity.find("moderation"); it != activity.end()) {
    s.moderation = (it->is_string() && it->get<std::string>() == "none") ? CardModeration::none : CardModeration::approve;
  }
  s.max_length = whole_number(activity, "maxLength", default_card_max_length, min_card_max_length, max_card_max_length);
  s.max_per_person =
      whole_number(activity, "maxPerPerson", default_cards_per_person, min_cards_per_person, max_cards_per_person);
  if (auto it = activity.find("votes"); it != activity.end() && it->is_boolean()) s.votes = it->get<bool>();
  return s;
}

}  // namespace huddle::core
