#pragma once
// Reads the fields of a scenario document and collects every problem on the way, each with its JSON
// pointer, its line and column in the file, and a message written for the facilitator who has to fix it.
// The readers return a value only when it is present and valid, so checks can go on after a problem.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/json_locator.hpp"
#include "scenario/scenario_error.hpp"

namespace huddle::scenario {

// The JSON pointer of a member or element of the value at `at` (keys are escaped: '~' as ~0, '/' as ~1).
std::string pointer_to(std::string_view at, std::string_view key);
std::string pointer_to(std::string_view at, std::size_t index);

enum class Need { required, optional };

// Length of a text field, in characters (not bytes, as JSON Schema counts).
struct TextRule {
  std::size_t min = 0;
  std::size_t max = 0;
};

// How many items an array may hold, and how to talk about it: "a role-play needs at least 2 roles".
struct ListRule {
  std::size_t min = 0;
  std::size_t max = 0;
  std::string_view owner;     // "a role-play"
  std::string_view singular;  // "role"
  std::string_view plural;    // "roles"
};

class FieldChecker {
 public:
  FieldChecker(std::string file, const JsonLocator& locator);

  // Reports a problem with the value at `pointer`; when nothing is there (a missing field), the place
  // reported is the enclosing object.
  void fail(const std::string& pointer, std::string message);
  // Reports a problem at a place given directly (for what a pointer can't tell apart, such as a repeated key).
  void fail_at(const std::string& pointer, TextPosition where, std::string message);
  bool ok() const { return errors_.empty(); }
  std::size_t error_count() const { return errors_.size(); }
  // Every problem, in the order they appear in the file.
  std::vector<ScenarioError> take();

  // True for an object; otherwise reports "expected <expected>".
  bool is_object(const nlohmann::json& value, const std::string& at, std::string_view expected);
  // Reports each field of `object` not among `allowed` ("a poll" is the `owner`), naming the allowed ones.
  void allow_only(const nlohmann::json& object, const std::string& at, std::string_view owner,
                  std::span<const std::string_view> allowed);
  // Reports `key` when present: it is not allowed here, `why` says so ("only for single and multi polls").
  void forbid(const nlohmann::json& object, const std::string& at, std::string_view key, std::string_view why);

  // The field's value, or null when absent (reported when required: "missing: expected <expected>").
  const nlohmann::json* field(const nlohmann::json& object, const std::string& at, std::string_view key, Need need,
                              std::string_view expected);

  std::optional<std::string> text(const nlohmann::json& object, const std::string& at, std::string_view key, Need need,
                                  TextRule rule);
  std::optional<int> whole_number(const nlohmann::json& object, const std::string& at, std::string_view key,
                                  Need need, int min, int max);
  std::optional<bool> flag(const nlohmann::json& object, const std::string& at, std::string_view key, Need need);
  std::optional<std::string> choice(const nlohmann::json& object, const std::string& at, std::string_view key,
                                    Need need, std::span<const std::string_view> choices);
  // An array with a number of items within `rule` (the items are the caller's to check).
  const nlohmann::json* list(const nlohmann::json& object, const std::string& at, std::string_view key, Need need,
                             const ListRule& rule);
  // An array of strings, each within `item`; with `distinct`, no string may appear twice.
  std::optional<std::vector<std::string>> text_list(const nlohmann::json& object, const std::string& at,
                                                    std::string_view key, Need need, const ListRule& rule,
                                                    TextRule item, bool distinct);

  // A BCP 47 language tag such as "en" or "pt-BR" (language_tag.hpp).
  std::optional<std::string> language(const nlohmann::json& object, const std::string& at, std::string_view key,
                                      Need need);
  // Reports every key written twice in one object of the document: a JSON reader silently keeps the last.
  void report_duplicate_keys();

  // The same checks on a value already in hand (`at` is its own pointer).
  std::optional<std::string> text_value(const nlohmann::json& value, const std::string& at, TextRule rule);
  std::optional<int> whole_number_value(const nlohmann::json& value, const std::string& at, int min, int max);

 private:
  std::string file_;
  const JsonLocator& locator_;
  std::vector<ScenarioError> errors_;
};

// How a value reads in a message: "the number 3", "\"quiz\"", "an array".
std::string describe_value(const nlohmann::json& value);
// Characters in a UTF-8 string.
std::size_t count_characters(std::string_view text);
// Names separated by commas: "single, multi, scale, wordcloud, open".
std::string join_names(std::span<const std::string_view> names);

}  // namespace huddle::scenario
