#include "core/polls/ballot_input.hpp"

#include <algorithm>
#include <string>

#include "core/overloaded.hpp"
#include "core/polls/answer_text.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;
using protocol::ErrorCode;

Rejection invalid(std::string message) { return Rejection{ErrorCode::invalid_field, std::move(message)}; }

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// What a vote on each kind looks like; said when a client sends the wrong shape.
std::string expected_shape(PollKind kind) {
  switch (kind) {
    case PollKind::single: return "{\"choice\": n}, the number of one option";
    case PollKind::multi: return "{\"choices\": [n, ...]}, the numbers of the options picked";
    case PollKind::scale: return "{\"value\": n}, a point on the scale";
    case PollKind::wordcloud: return "{\"words\": [\"...\"]}";
    case PollKind::open: return "{\"text\": \"...\"} or {\"texts\": [\"...\"]}";
  }
  return "";
}

// The vote must be an object holding only the field(s) of this kind, so a client mixing up kinds is told so
// instead of having a stray field ignored.
std::optional<Rejection> check_shape(PollKind kind, const json& vote) {
  const std::string message = "A vote on this " + std::string(to_string(kind)) + " poll is " + expected_shape(kind) + ".";
  if (!vote.is_object()) return invalid(message);
  std::size_t known = 0;
  for (const auto& [key, value] : vote.items()) {
    const bool fits = (kind == PollKind::single && key == "choice") || (kind == PollKind::multi && key == "choices") ||
                      (kind == PollKind::scale && key == "value") || (kind == PollKind::wordcloud && key == "words") ||
                      (kind == PollKind::open && (key == "text" || key == "texts"));
    if (!fits) return invalid(message);
    ++known;
  }
  if (known != 1) return invalid(message);
  return std::nullopt;
}

std::optional<long long> whole_number(const json& value) {
  if (!value.is_number_integer()) return std::nullopt;  // 2.0 and true are not option numbers
  // Non-negative JSON integers arrive unsigned; a huge one is out of every range, so cap it before it wraps.
  if (value.is_number_unsigned() && value.get<unsigned long long>() > 1'000'000'000ULL) return 1'000'000'000LL;
  return value.get<long long>();
}

std::variant<int, Rejection> option_index(const PollSettings& s, const json& value) {
  auto n = whole_number(value);
  if (!n) return invalid("An option is given by its number (0 for the first one).");
  if (*n < 0 || *n >= static_cast<long long>(s.options.size())) {
    return invalid("That option is not on this poll; it has " + plural(s.options.size(), "option", "options") + ".");
  }
  return static_cast<int>(*n);
}

std::string pick_at_most(int max_choices) {
  return max_choices == 1 ? "Pick only one option." : "Pick at most " + std::to_string(max_choices) + " options.";
}

std::variant<Ballot, Rejection> parse_multi(const PollSettings& s, const json& choices) {
  if (!choices.is_array()) return invalid("A vote on this multi poll is " + expected_shape(PollKind::multi) + ".");
  if (choices.empty()) return invalid("Pick at least one option.");
  if (choices.size() > static_cast<std::size_t>(s.max_choices)) return invalid(pick_at_most(s.max_choices));
  MultiChoice ballot;
  for (const auto& value : choices) {
    auto index = option_index(s, value);
    if (auto* rejection = std::get_if<Rejection>(&index)) return *rejection;
    ballot.indices.push_back(std::get<int>(index));
  }
  std::sort(ballot.indices.begin(), ballot.indices.end());
  if (std::adjacent_find(ballot.indices.begin(), ballot.indices.end()) != ballot.indices.end()) {
    return invalid("Each option can be picked only once.");
  }
  return ballot;
}

std::variant<Ballot, Rejection> parse_scale(const PollSettings& s, const json& value) {
  const std::string range = "Pick a value from " + std::to_string(s.scale.min) + " to " + std::to_string(s.scale.max) + ".";
  auto n = whole_number(value);
  if (!n || *n < s.scale.min || *n > s.scale.max) return invalid(range);
  return ScaleRating{static_cast<int>(*n)};
}

// Cleans each entry with `clean` and drops repeats, keeping the first occurrence in place.
template <class Clean>
std::variant<std::vector<std::string>, Rejection> entries(const json& list, int max_entries, const char* one,
                                                          const char* many, Clean clean) {
  if (list.empty()) return invalid(std::string("Give at least one ") + one + ".");
  if (list.size() > static_cast<std::size_t>(max_entries)) {
    return invalid(std::string("Give at most ") + plural(static_cast<std::size_t>(max_entries), one, many) + ".");
  }
  std::vector<std::string> out;
  for (const auto& value : list) {
    if (!value.is_string()) return invalid(std::string("Each ") + one + " must be text.");
    auto cleaned = clean(value.get_ref<const std::string&>());
    if (auto* rejection = std::get_if<Rejection>(&cleaned)) return *rejection;
    auto& text = std::get<std::string>(cleaned);
    if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(std::move(text));
  }
  return out;
}

std::variant<Ballot, Rejection> parse_words(const PollSettings& s, const json& words) {
  if (!words.is_array()) return invalid("A vote on this wordcloud poll is " + expected_shape(PollKind::wordcloud) + ".");
  auto cleaned = entries(words, s.max_entries, "word", "words", [&](const std::string& raw) {
    return normalise_word(raw, static_cast<std::size_t>(s.max_length));
  });
  if (auto* rejection = std::get_if<Rejection>(&cleaned)) return *rejection;
  return WordEntries{std::get<std::vector<std::string>>(std::move(cleaned))};
}

std::variant<Ballot, Rejection> parse_open(const PollSettings& s, const json& vote) {
  json list = json::array();
  if (auto text = vote.find("text"); text != vote.end()) list.push_back(*text);
  else list = vote.at("texts");
  if (!list.is_array()) return invalid("A vote on this open poll is " + expected_shape(PollKind::open) + ".");
  auto cleaned = entries(list, s.max_entries, "answer", "answers", [&](const std::string& raw) {
    return clean_open_text(raw, static_cast<std::size_t>(s.max_length));
  });
  if (auto* rejection = std::get_if<Rejection>(&cleaned)) return *rejection;
  return OpenAnswer{std::get<std::vector<std::string>>(std::move(cleaned))};
}

// Entries that are already clean: the right count, each within the length, none empty, no repeats.
std::optional<Rejection> check_entries(const std::vector<std::string>& list, int max_entries, int max_length) {
  if (list.empty() || list.size() > static_cast<std::size_t>(max_entries)) {
    return invalid("This ballot has " + std::to_string(list.size()) + " answers; the poll takes 1 to " +
                   std::to_string(max_entries) + ".");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::size_t length = count_code_points(list[i]);
    if (length == 0 || length > static_cast<std::size_t>(max_length)) {
      return invalid("An answer must have 1 to " + std::to_string(max_length) + " characters.");
    }
    if (std::find(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(i), list[i]) !=
        list.begin() + static_cast<std::ptrdiff_t>(i)) {
      return invalid("A ballot cannot hold the same answer twice.");
    }
  }
  return std::nullopt;
}

}  // namespace

std::variant<Ballot, Rejection> parse_ballot(const PollSettings& s, const json& vote) {
  if (auto rejection = check_shape(s.kind, vote)) return *rejection;
  switch (s.kind) {
    case PollKind::single: {
      auto index = option_index(s, vote.at("choice"));
      if (auto* rejection = std::get_if<Rejection>(&index)) return *rejection;
      return SingleChoice{std::get<int>(index)};
    }
    case PollKind::multi: return parse_multi(s, vote.at("choices"));
    case PollKind::scale: return parse_scale(s, vote.at("value"));
    case PollKind::wordcloud: return parse_words(s, vote.at("words"));
    case PollKind::open: return parse_open(s, vote);
  }
  return invalid("Unknown poll kind.");
}

std::optional<Rejection> check_ballot(const PollSettings& s, const Ballot& ballot) {
  if (ballot.index() != static_cast<std::size_t>(s.kind)) {
    return invalid("This ballot does not answer a " + std::string(to_string(s.kind)) + " poll.");
  }
  const auto option_count = static_cast<int>(s.options.size());
  return std::visit(
      overloaded{
          [&](const SingleChoice& b) -> std::optional<Rejection> {
            if (b.index < 0 || b.index >= option_count) return invalid("That option is not on this poll.");
            return std::nullopt;
          },
          [&](const MultiChoice& b) -> std::optional<Rejection> {
            if (b.indices.empty()) return invalid("Pick at least one option.");
            if (b.indices.size() > static_cast<std::size_t>(s.max_choices)) return invalid(pick_at_most(s.max_choices));
            for (std::size_t i = 0; i < b.indices.size(); ++i) {
              if (b.indices[i] < 0 || b.indices[i] >= option_count) return invalid("That option is not on this poll.");
              if (i > 0 && b.indices[i] <= b.indices[i - 1]) return invalid("Each option can be picked only once.");
            }
            return std::nullopt;
          },
          [&](const ScaleRating& b) -> std::optional<Rejection> {
            if (b.value < s.scale.min || b.value > s.scale.max) {
              return invalid("Pick a value from " + std::to_string(s.scale.min) + " to " + std::to_string(s.scale.max) + ".");
            }
            return std::nullopt;
          },
          [&](const WordEntries& b) { return check_entries(b.words, s.max_entries, s.max_length); },
          [&](const OpenAnswer& b) { return check_entries(b.texts, s.max_entries, s.max_length); },
      },
      ballot);
}

}  // namespace huddle::core
