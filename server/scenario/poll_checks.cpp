// poll: one question; pollKind decides which other fields apply.
#include <algorithm>
#include <array>
#include <initializer_list>

#include "scenario/activity_checks.hpp"

namespace huddle::scenario {
namespace {

using nlohmann::json;

// A rating scale: max - min from 1 to 10 (2 to 11 points).
void check_scale(FieldChecker& c, const json& poll, const std::string& at, Need need) {
  static constexpr std::array<std::string_view, 4> fields{"min", "max", "minLabel", "maxLabel"};
  static constexpr std::string_view expected = "an object with max, minLabel and maxLabel (and min, 1 if left out)";
  const json* scale = c.field(poll, at, "scale", need, expected);
  if (!scale) return;
  const std::string here = pointer_to(at, "scale");
  if (!c.is_object(*scale, here, expected)) return;
  c.allow_only(*scale, here, "a scale", fields);
  auto min = c.whole_number(*scale, here, "min", Need::optional, -10, 10);
  auto max = c.whole_number(*scale, here, "max", Need::required, -9, 20);
  c.text(*scale, here, "minLabel", Need::required, {1, 40});
  c.text(*scale, here, "maxLabel", Need::required, {1, 40});
  if (!max || (scale->contains("min") && !min)) return;
  const int low = min.value_or(1);
  const int span = *max - low;
  if (span < 1 || span > 10) {
    c.fail(pointer_to(here, "max"), "a scale has 2 to 11 points, so max - min must be 1 to 10; here it is " +
                                        std::to_string(*max) + " - " + std::to_string(low) + " = " +
                                        std::to_string(span) + (min ? "" : " (min is 1 when left out)"));
  }
}

}  // namespace

void check_poll(FieldChecker& c, const json& activity, const std::string& at, const ActivityContext&) {
  static constexpr std::array<std::string_view, 11> fields{
      "kind",       "pollKind",  "question",  "options",   "maxChoices",  "scale",
      "maxEntries", "maxLength", "anonymous", "results",   "timerSeconds"};
  static constexpr std::array<std::string_view, 5> poll_kinds{"single", "multi", "scale", "wordcloud", "open"};
  static constexpr std::array<std::string_view, 2> result_modes{"hidden", "live"};

  c.allow_only(activity, at, "a poll", fields);
  const auto kind = c.choice(activity, at, "pollKind", Need::required, poll_kinds);
  c.text(activity, at, "question", Need::required, {1, 300});

  // Without a valid pollKind, fields are checked on their own: which ones apply can't be known.
  const auto is = [&](std::initializer_list<std::string_view> kinds) {
    return !kind || std::find(kinds.begin(), kinds.end(), *kind) != kinds.end();
  };
  const Need needed = kind ? Need::required : Need::optional;
  const std::string this_poll = kind ? " (this poll is \"" + *kind + "\")" : "";

  if (is({"single", "multi"})) {
    c.text_list(activity, at, "options", needed, {2, 12, "a poll", "option", "options"}, {1, 120}, true);
  } else {
    c.forbid(activity, at, "options", "options are only for single and multi polls" + this_poll);
  }

  if (is({"multi"})) {
    auto max_choices = c.whole_number(activity, at, "maxChoices", Need::optional, 1, 12);
    auto options = activity.find("options");
    if (max_choices && options != activity.end() && options->is_array() &&
        static_cast<std::size_t>(*max_choices) > options->size()) {
      c.fail(pointer_to(at, "maxChoices"), "maxChoices is " + std::to_string(*max_choices) + " but the poll has only " +
                                               std::to_string(options->size()) +
                                               " options; it must be at most the number of options");
    }
  } else {
    c.forbid(activity, at, "maxChoices", "maxChoices is only for multi polls" + this_poll);
  }

  if (is({"scale"})) {
    check_scale(c, activity, at, needed);
  } else {
    c.forbid(activity, at, "scale", "scale is only for scale polls" + this_poll);
  }

  if (is({"wordcloud", "open"})) {
    c.whole_number(activity, at, "maxEntries", Need::optional, 1, 10);
    auto max_length = c.whole_number(activity, at, "maxLength", Need::optional, 1, 1000);
    if (kind == "wordcloud" && max_length && *max_length > 40) {
      c.fail(pointer_to(at, "maxLength"),
             "a wordcloud answer is a few words: maxLength must be at most 40, got " + std::to_string(*max_length));
    }
  } else {
    c.forbid(activity, at, "maxEntries", "maxEntries is only for wordcloud and open polls" + this_poll);
    c.forbid(activity, at, "maxLength", "maxLength is only for wordcloud and open polls" + this_poll);
  }

  c.flag(activity, at, "anonymous", Need::optional);
  c.choice(activity, at, "results", Need::optional, result_modes);
  c.whole_number(activity, at, "timerSeconds", Need::optional, 10, 3600);
}

}  // namespace huddle::scenario
