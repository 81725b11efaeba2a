#include "core/polls/quick_poll.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "core/polls/answer_text.hpp"
#include "core/polls/poll_limits.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;
using protocol::ErrorCode;

Rejection invalid(std::string message) { return Rejection{ErrorCode::invalid_field, std::move(message)}; }

constexpr std::array<std::string_view, 11> poll_fields{"kind",       "pollKind",  "question",  "options",
                                                       "maxChoices", "scale",     "maxEntries", "maxLength",
                                                       "anonymous",  "results",   "timerSeconds"};
constexpr std::array<std::string_view, 4> scale_fields{"min", "max", "minLabel", "maxLabel"};

template <std::size_t N>
std::optional<Rejection> only_known_fields(const json& object, const std::array<std::string_view, N>& known,
                                           std::string_view what) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string list;
      for (auto field : known) list += (list.empty() ? "" : ", ") + std::string(field);
      return invalid("Unknown field \"" + key + "\" in " + std::string(what) + "; it takes " + list + ".");
    }
  }
  return std::nullopt;
}

// A whole number within [min, max] (a JSON 3.0 is not one). `what` names it for the message.
std::variant<int, Rejection> whole_number(const json& value, int min, int max, std::string_view what) {
  const std::string message =
      std::string(what) + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ".";
  if (!value.is_number_integer()) return invalid(message);
  // Non-negative JSON integers arrive unsigned; anything past max is refused before it could wrap.
  if (value.is_number_unsigned() && value.get<unsigned long long>() > static_cast<unsigned long long>(max)) {
    return invalid(message);
  }
  const auto n = value.get<long long>();
  if (n < min || n > max) return invalid(message);
  return static_cast<int>(n);
}

// Checks an optional whole-number field and copies it into `out`; refuses it on a kind it does not apply to.
std::optional<Rejection> optional_number(const json& in, json& out, const char* key, bool applies,
                                         std::string_view not_here, int min, int max) {
  auto it = in.find(key);
  if (it == in.end()) return std::nullopt;
  if (!applies) return invalid(std::string(key) + " " + std::string(not_here));
  auto n = whole_number(*it, min, max, key);
  if (auto* rejection = std::get_if<Rejection>(&n)) return *rejection;
  out[key] = std::get<int>(n);
  return std::nullopt;
}

std::variant<std::string, Rejection> text_field(const json& value, std::size_t max_chars, bool allow_newlines,
                                                std::string_view what) {
  if (!value.is_string()) return invalid(std::string(what) + " must be text.");
  return clean_setting_text(value.get_ref<const std::string&>(), max_chars, allow_newlines, what);
}

std::optional<Rejection> check_options(const json& in, json& out, PollKind kind) {
  const std::string kind_name(to_string(kind));
  auto it = in.find("options");
  const std::string needed = "A " + kind_name + " poll needs " + std::to_string(min_poll_options) + " to " +
                             std::to_string(max_poll_options) + " options.";
  if (it == in.end() || !it->is_array()) return invalid(needed);
  if (it->size() < min_poll_options) return invalid(needed + " Add at least " + std::to_string(min_poll_options) + ".");
  if (it->size() > max_poll_options) return invalid(needed + " This one has " + std::to_string(it->size()) + ".");
  json options = json::array();
  std::vector<std::string> folded;
  for (const auto& option : *it) {
    auto cleaned = text_field(option, max_poll_option_chars, false, "An option");
    if (auto* rejection = std::get_if<Rejection>(&cleaned)) return *rejection;
    const auto& text = std::get<std::string>(cleaned);
    // "Yes" and "yes " would look like the same option to voters.
    std::string key = text;
    for (char& c : key) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (std::find(folded.begin(), folded.end(), key) != folded.end()) {
      return invalid("The option \"" + text + "\" appears twice; each option must be different.");
    }
    folded.push_back(std::move(key));
    options.push_back(text);
  }
  out["options"] = std::move(options);
  return std::nullopt;
}

std::optional<Rejection> check_scale(const json& in, json& out) {
  auto it = in.find("scale");
  const char* expected = "A scale poll needs a scale: max, minLabel and maxLabel (and min, 1 if left out).";
  if (it == in.end() || !it->is_object()) return invalid(expected);
  if (auto rejection = only_known_fields(*it, scale_fields, "the scale")) return rejection;
  json scale = json::object();
  int min = default_scale_min;
  if (auto m = it->find("min"); m != it->end()) {
    auto n = whole_number(*m, min_scale_point, max_scale_point, "The scale's min");
    if (auto* rejection = std::get_if<Rejection>(&n)) return *rejection;
    min = std::get<int>(n);
  }
  auto max_field = it->find("max");
  if (max_field == it->end()) return invalid(expected);
  auto max = whole_number(*max_field, min_scale_point + min_scale_span, max_scale_point + max_scale_span, "The scale's max");
  if (auto* rejection = std::get_if<Rejection>(&max)) return *rejection;
  const int span = std::get<int>(max) - min;
  if (span < min_scale_span || span > max_scale_span) {
    return invalid("A scale has 2 to 11 points, so max - min must be 1 to 10; " + std::to_string(min) + " to " +
                   std::to_string(std::get<int>(max)) + " does not fit.");
  }
  scale["min"] = min;
  scale["max"] = std::get<int>(max);
  for (const char* label : {"minLabel", "maxLabel"}) {
    auto l = it->find(label);
    const std::string what = std::string("The scale's ") + (label[1] == 'i' ? "lowest" : "highest") + " label";
    if (l == it->end()) return invalid(what + " is missing: say what the end of the scale means.");
    auto cleaned = text_field(*l, max_scale_label_chars, false, what);
    if (auto* rejection = std::get_if<Rejection>(&cleaned)) return *rejection;
    scale[label] = std::get<std::string>(cleaned);
  }
  out["scale"] = std::move(scale);
  return std::nullopt;
}

}  // namespace

std::variant<PollSettings, Rejection> validate_quick_poll(const json& in) {
  if (!in.is_object()) return invalid("A quick poll needs at least a pollKind and a question.");
  if (auto rejection = only_known_fields(in, poll_fields, "a poll")) return *rejection;
  if (auto kind = in.find("kind"); kind != in.end() && *kind != "poll") {
    return invalid("A quick poll's kind is \"poll\" (or leave it out).");
  }

  const auto kind_field = in.find("pollKind");
  const auto kind = kind_field != in.end() && kind_field->is_string()
                        ? parse_poll_kind(kind_field->get_ref<const std::string&>())
                        : std::nullopt;
  if (!kind) return invalid("Choose the kind of poll: single, multi, scale, wordcloud or open.");
  const std::string this_poll = " (this poll is \"" + std::string(to_string(*kind)) + "\").";

  json out = {{"kind", "poll"}, {"pollKind", to_string(*kind)}};
  auto question = in.find("question");
  if (question == in.end()) return invalid("Write the question people should answer.");
  auto cleaned_question = text_field(*question, max_poll_question_chars, true, "The question");
  if (auto* rejection = std::get_if<Rejection>(&cleaned_question)) return *rejection;
  out["question"] = std::get<std::string>(cleaned_question);

  const bool choices = *kind == PollKind::single || *kind == PollKind::multi;
  const bool texts = *kind == PollKind::wordcloud || *kind == PollKind::open;
  if (choices) {
    if (auto rejection = check_options(in, out, *kind)) return *rejection;
  } else if (in.contains("options")) {
    return invalid("Options are only for single and multi polls" + this_poll);
  }
  if (auto rejection = optional_number(in, out, "maxChoices", *kind == PollKind::multi,
                                       "is only for multi polls" + this_poll, 1,
                                       static_cast<int>(std::min(max_poll_options, out.value("options", json::array()).size())))) {
    return *rejection;
  }
  if (*kind == PollKind::scale) {
    if (auto rejection = check_scale(in, out)) return *rejection;
  } else if (in.contains("scale")) {
    return invalid("A scale is only for scale polls" + this_poll);
  }
  if (auto rejection = optional_number(in, out, "maxEntries", texts, "is only for wordcloud and open polls" + this_poll,
                                       1, max_poll_entries)) {
    return *rejection;
  }
  const int longest = *kind == PollKind::wordcloud ? max_wordcloud_length : max_poll_answer_length;
  if (auto rejection = optional_number(in, out, "maxLength", texts, "is only for wordcloud and open polls" + this_poll,
                                       1, longest)) {
    return *rejection;
  }

  if (auto a = in.find("anonymous"); a != in.end()) {
    if (!a->is_boolean()) return invalid("anonymous must be true or false.");
    out["anonymous"] = a->get<bool>();
  }
  if (auto r = in.find("results"); r != in.end()) {
    if (*r != "hidden" && *r != "live") return invalid("results must be \"hidden\" or \"live\".");
    out["results"] = *r;
  }
  if (auto rejection = optional_number(in, out, "timerSeconds", true, "", min_poll_timer_seconds, max_poll_timer_seconds)) {
    return *rejection;
  }
  return PollSettings::from_activity(out);
}

nlohmann::json quick_poll_request(const PollSettings& s) {
  json r = {{"pollKind", to_string(s.kind)}, {"question", s.question}, {"anonymous", s.anonymous},
            {"results", s.results_live ? "live" : "hidden"}};
  if (s.kind == PollKind::single || s.kind == PollKind::multi) r["options"] = s.options;
  if (s.kind == PollKind::multi) r["maxChoices"] = s.max_choices;
  if (s.kind == PollKind::scale) {
    r["scale"] = {{"min", s.scale.min}, {"max", s.scale.max}, {"minLabel", s.scale.min_label}, {"maxLabel", s.scale.max_label}};
  }
  if (s.kind == PollKind::wordcloud || s.kind == PollKind::open) {
    r["maxEntries"] = s.max_entries;
    r["maxLength"] = s.max_length;
  }
  if (s.timer_seconds) r["timerSeconds"] = *s.timer_seconds;
  return r;
}

}  // namespace huddle::core
