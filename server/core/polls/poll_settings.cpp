#include "core/polls/poll_settings.hpp"

#include <stdexcept>

#include "core/polls/poll_limits.hpp"

namespace huddle::core {

PollSettings PollSettings::from_activity(const nlohmann::json& activity) {
  const std::string kind_text = activity.at("pollKind").get<std::string>();
  const auto kind = parse_poll_kind(kind_text);
  if (!kind) throw std::invalid_argument("poll activity with unknown pollKind \"" + kind_text + "\"");

  PollSettings s;
  s.kind = *kind;
  s.question = activity.at("question").get<std::string>();
  s.anonymous = activity.value("anonymous", true);
  s.results_live = activity.value("results", std::string("hidden")) == "live";
  if (auto timer = activity.find("timerSeconds"); timer != activity.end()) s.timer_seconds = timer->get<int>();

  switch (s.kind) {
    case PollKind::single:
      s.options = activity.at("options").get<std::vector<std::string>>();
      s.max_choices = 1;
      break;
    case PollKind::multi:
      s.options = activity.at("options").get<std::vector<std::string>>();
      s.max_choices = activity.value("maxChoices", static_cast<int>(s.options.size()));
      break;
    case PollKind::scale: {
      const auto& scale = activity.at("scale");
      s.scale.min = scale.value("min", default_scale_min);
      s.scale.max = scale.at("max").get<int>();
      s.scale.min_label = scale.at("minLabel").get<std::string>();
      s.scale.max_label = scale.at("maxLabel").get<std::string>();
      break;
    }
    case PollKind::wordcloud:
      s.max_entries = activity.value("maxEntries", default_wordcloud_entries);
      s.max_length = activity.value("maxLength", default_wordcloud_length);
      break;
    case PollKind::open:
      s.max_entries = activity.value("maxEntries", default_open_entries);
      s.max_length = activity.value("maxLength", default_open_length);
      break;
  }
  return s;
}

}  // namespace huddle::core
