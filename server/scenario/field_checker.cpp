#include "scenario/field_checker.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "scenario/language_tag.hpp"

namespace huddle::scenario {
namespace {

using nlohmann::json;

std::string in_quotes(std::string_view text) {
  constexpr std::size_t longest = 40;
  std::string out = "\"";
  if (count_characters(text) <= longest) {
    out += text;
  } else {
    std::size_t chars = 0, cut = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
      if (chars == longest) {
        cut = i;  // where character number `longest + 1` starts
        break;
      }
      ++chars;
    }
    out += text.substr(0, cut);
    out += "...";
  }
  return out + "\"";
}

std::string describe_text_rule(TextRule rule) {
  if (rule.min == 0) return "a string of up to " + std::to_string(rule.max) + " characters";
  return "a string of " + std::to_string(rule.min) + " to " + std::to_string(rule.max) + " characters";
}

std::string describe_range(int min, int max) {
  return "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
}

std::string count_of(std::size_t n, std::string_view singular, std::string_view plural) {
  if (n == 1) return "one " + std::string(singular);
  return std::to_string(n) + " " + std::string(plural);
}

// The number's value when it is a whole number (JSON Schema counts 3.0 as an integer).
std::optional<double> whole_number_of(const json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) return value.get<double>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && d == std::floor(d)) return d;
  }
  return std::nullopt;
}

// Edit distance with transpositions ("quesiton" is one edit from "question"), ignoring case.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

// The allowed name a misspelt field most likely meant: a few edits away ("quesiton"), or the start of it
// ("duration" for durationSeconds).
std::optional<std::string_view> closest(std::string_view key, std::span<const std::string_view> names) {
  if (key.size() > 64) return std::nullopt;
  const std::size_t tolerance = key.size() >= 6 ? 2 : 1;
  std::optional<std::string_view> best;
  std::size_t best_distance = tolerance + 1;
  for (auto name : names) {
    if (key.size() >= 4 && starts_with_ignoring_case(name, key) && !best) best = name;
  }
  if (best) return best;
  for (auto name : names) {
    const std::size_t distance = edit_distance(key, name);
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace

std::string pointer_to(std::string_view at, std::string_view key) {
  std::string out(at);
  out += '/';
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string pointer_to(std::string_view at, std::size_t index) { return std::string(at) + "/" + std::to_string(index); }

std::size_t count_characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string describe_value(const json& value) {
  switch (value.type()) {
    case json::value_t::string: return in_quotes(value.get_ref<const std::string&>());
    case json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "the number " + value.dump();
    default: return "a value of another kind";
  }
}

std::string join_names(std::span<const std::string_view> names) {
  std::string out;
  for (auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

FieldChecker::FieldChecker(std::string file, const JsonLocator& locator)
    : file_(std::move(file)), locator_(locator) {}

void FieldChecker::fail(const std::string& pointer, std::string message) {
  fail_at(pointer, locator_.locate(pointer), std::move(message));
}

void FieldChecker::fail_at(const std::string& pointer, TextPosition where, std::string message) {
  errors_.push_back(ScenarioError{file_, where.line, where.column, pointer, std::move(message)});
}

std::vector<ScenarioError> FieldChecker::take() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const ScenarioError& a, const ScenarioError& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return std::move(errors_);
}

bool FieldChecker::is_object(const json& value, const std::string& at, std::string_view expected) {
  if (value.is_object()) return true;
  fail(at, "expected " + std::string(expected) + ", got " + describe_value(value));
  return false;
}

void FieldChecker::allow_only(const json& object, const std::string& at, std::string_view owner,
                              std::span<const std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = "unknown field " + in_quotes(key);
    if (auto suggestion = closest(key, allowed)) message += " (did you mean \"" + std::string(*suggestion) + "\"?)";
    message += "; " + std::string(owner) + " allows " + join_names(allowed);
    fail(pointer_to(at, key), std::move(message));
  }
}

void FieldChecker::forbid(const json& object, const std::string& at, std::string_view key, std::string_view why) {
  if (object.contains(key)) fail(pointer_to(at, key), std::string(why));
}

const json* FieldChecker::field(const json& object, const std::string& at, std::string_view key, Need need,
                                std::string_view expected) {
  auto it = object.find(key);
  if (it != object.end()) return &*it;
  if (need == Need::required) fail(pointer_to(at, key), "missing: expected " + std::string(expected));
  return nullptr;
}

std::optional<std::string> FieldChecker::text(const json& object, const std::string& at, std::string_view key,
                                              Need need, TextRule rule) {
  const json* value = field(object, at, key, need, describe_text_rule(rule));
  if (!value) return std::nullopt;
  return text_value(*value, pointer_to(at, key), rule);
}

std::optional<std::string> FieldChecker::text_value(const json& value, const std::string& at, TextRule rule) {
  if (!value.is_string()) {
    fail(at, "expected " + describe_text_rule(rule) + ", got " + describe_value(value));
    return std::nullopt;
  }
  const auto& text = value.get_ref<const std::string&>();
  const std::size_t length = count_characters(text);
  if (length < rule.min) {
    fail(at, rule.min == 1 ? "must not be empty: expected " + describe_text_rule(rule)
                           : "too short: expected " + describe_text_rule(rule) + ", got " + std::to_string(length));
    return std::nullopt;
  }
  if (length > rule.max) {
    fail(at, "too long: " + std::to_string(length) + " characters, at most " + std::to_string(rule.max) + " allowed");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> FieldChecker::language(const json& object, const std::string& at, std::string_view key,
                                                  Need need) {
  const json* value = field(object, at, key, need, "a language tag such as \"en\" or \"de\"");
  if (!value) return std::nullopt;
  if (!value->is_string() || !is_language_tag(value->get_ref<const std::string&>())) {
    fail(pointer_to(at, key), "expected a BCP 47 language tag of up to " + std::to_string(max_language_tag_chars) +
                                  " characters, such as \"en\", \"de\" or \"pt-BR\", got " + describe_value(*value));
    return std::nullopt;
  }
  return value->get<std::string>();
}

void FieldChecker::report_duplicate_keys() {
  for (const auto& repeat : locator_.duplicate_keys()) {
    fail_at(repeat.pointer, repeat.position,
            "\"" + repeat.key + "\" is written earlier in this object too; only the last one counts, so remove "
            "or rename one of them");
  }
}

std::optional<int> FieldChecker::whole_number(const json& object, const std::string& at, std::string_view key,
                                              Need need, int min, int max) {
  const json* value = field(object, at, key, need, describe_range(min, max));
  if (!value) return std::nullopt;
  return whole_number_value(*value, pointer_to(at, key), min, max);
}

std::optional<int> FieldChecker::whole_number_value(const json& value, const std::string& at, int min, int max) {
  auto number = whole_number_of(value);
  if (!number || *number < min || *number > max) {
    fail(at, "expected " + describe_range(min, max) + ", got " + describe_value(value));
    return std::nullopt;
  }
  return static_cast<int>(*number);
}

std::optional<bool> FieldChecker::flag(const json& object, const std::string& at, std::string_view key, Need need) {
  const json* value = field(object, at, key, need, "true or false");
  if (!value) return std::nullopt;
  if (!value->is_boolean()) {
    fail(pointer_to(at, key), "expected true or false, got " + describe_value(*value));
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::string> FieldChecker::choice(const json& object, const std::string& at, std::string_view key,
                                                Need need, std::span<const std::string_view> choices) {
  const std::string expected = "one of " + join_names(choices);
  const json* value = field(object, at, key, need, expected);
  if (!value) return std::nullopt;
  if (value->is_string()) {
    const auto& text = value->get_ref<const std::string&>();
    if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  }
  fail(pointer_to(at, key), "expected " + expected + ", got " + describe_value(*value));
  return std::nullopt;
}

const json* FieldChecker::list(const json& object, const std::string& at, std::string_view key, Need need,
                               const ListRule& rule) {
  const std::string expected = "an array of " + std::string(rule.plural);
  const json* value = field(object, at, key, need, expected);
  if (!value) return nullptr;
  const std::string here = pointer_to(at, key);
  if (!value->is_array()) {
    fail(here, "expected " + expected + ", got " + describe_value(*value));
    return nullptr;
  }
  if (value->size() < rule.min) {
    fail(here, std::string(rule.owner) + " needs at least " + count_of(rule.min, rule.singular, rule.plural) +
                   " (found " + std::to_string(value->size()) + ")");
  } else if (value->size() > rule.max) {
    fail(here, std::string(rule.owner) + " can have at most " + count_of(rule.max, rule.singular, rule.plural) +
                   " (found " + std::to_string(value->size()) + ")");
  }
  return value;
}

std::optional<std::vector<std::string>> FieldChecker::text_list(const json& object, const std::string& at,
                                                                std::string_view key, Need need, const ListRule& rule,
                                                                TextRule item, bool distinct) {
  const std::size_t before = errors_.size();
  const json* value = list(object, at, key, need, rule);
  if (!value) return std::nullopt;
  const std::string here = pointer_to(at, key);
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < value->size(); ++i) {
    auto text = text_value((*value)[i], pointer_to(here, i), item);
    if (!text) continue;
    if (distinct && !seen.insert(*text).second) {
      fail(pointer_to(here, i), in_quotes(*text) + " is listed twice; each " + std::string(rule.singular) +
                                    " must be different");
    }
    out.push_back(std::move(*text));
  }
  if (errors_.size() != before) return std::nullopt;
  return out;
}

}  // namespace huddle::scenario
