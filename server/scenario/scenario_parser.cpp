#include "scenario/scenario_parser.hpp"

#include <regex>
#include <string>

#include <nlohmann/json.hpp>

namespace huddle::scenario {
namespace {

using nlohmann::json;

const char* const activity_kinds[] = {"info", "poll", "cards", "roleplay", "fishbowl"};

// Collects errors against JSON pointers while walking the document.
class Checker {
 public:
  explicit Checker(std::string file) : file_(std::move(file)) {}

  void fail(const std::string& pointer, std::string message) {
    errors_.push_back(ScenarioError{file_, 0, 0, pointer, std::move(message)});
  }
  const json* require(const json& obj, const std::string& at, const char* key, json::value_t type,
                      const char* expected) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      fail(at + "/" + key, std::string("missing; expected ") + expected);
      return nullptr;
    }
    if (!same_kind(it->type(), type)) {
      fail(at + "/" + key, std::string("expected ") + expected);
      return nullptr;
    }
    return &*it;
  }
  const json* optional(const json& obj, const std::string& at, const char* key, json::value_t type,
                       const char* expected) {
    if (!obj.contains(key)) return nullptr;
    return require(obj, at, key, type, expected);
  }
  std::vector<ScenarioError> take() { return std::move(errors_); }
  bool ok() const { return errors_.empty(); }
  const std::string& file() const { return file_; }

 private:
  static bool same_kind(json::value_t actual, json::value_t wanted) {
    if (wanted == json::value_t::number_integer) {
      return actual == json::value_t::number_integer || actual == json::value_t::number_unsigned;
    }
    return actual == wanted;
  }
  std::string file_;
  std::vector<ScenarioError> errors_;
};

void position_of(std::string_view text, std::size_t byte, int& line, int& column) {
  line = 1;
  column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
}

void read_phase(Checker& c, const json& j, const std::string& at, core::Phase& phase) {
  if (!j.is_object()) {
    c.fail(at, "a phase must be an object with title, notes and activity");
    return;
  }
  if (auto* v = c.require(j, at, "title", json::value_t::string, "a string")) phase.title = v->get<std::string>();
  if (auto* v = c.optional(j, at, "notes", json::value_t::string, "a string")) phase.notes = v->get<std::string>();
  if (auto* v = c.optional(j, at, "durationSeconds", json::value_t::number_integer, "a whole number of seconds")) {
    auto seconds = v->get<long long>();
    if (seconds <= 0 || seconds > 24 * 3600) c.fail(at + "/durationSeconds", "expected 1 to 86400 seconds");
    else phase.duration_seconds = static_cast<int>(seconds);
  }
  if (auto* v = c.optional(j, at, "autoAdvance", json::value_t::boolean, "true or false")) phase.auto_advance = v->get<bool>();
  const json* activity = c.require(j, at, "activity", json::value_t::object, "an object with a 'kind'");
  if (!activity) return;
  const auto* kind = c.require(*activity, at + "/activity", "kind", json::value_t::string,
                               "one of info, poll, cards, roleplay, fishbowl");
  if (!kind) return;
  phase.activity_kind = kind->get<std::string>();
  bool known = false;
  for (const char* k : activity_kinds) known = known || phase.activity_kind == k;
  if (!known) {
    c.fail(at + "/activity/kind", "'" + phase.activity_kind + "' is not an activity; expected one of info, poll, cards, roleplay, fishbowl");
  }
  phase.activity = *activity;
}

}  // namespace

ParseResult parse_scenario(std::string_view text, std::string_view file_name) {
  Checker c{std::string(file_name.empty() ? "<scenario>" : file_name)};
  json doc;
  try {
    doc = json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    ScenarioError err{c.file(), 0, 0, "", "not valid JSON"};
    position_of(text, e.byte == 0 ? 0 : e.byte - 1, err.line, err.column);
    std::string what = e.what();
    auto detail = what.find("syntax error");
    if (detail != std::string::npos) err.message = "not valid JSON: " + what.substr(detail);
    return std::vector<ScenarioError>{err};
  }
  if (!doc.is_object()) return std::vector<ScenarioError>{{c.file(), 1, 1, "", "a scenario must be a JSON object"}};

  auto scenario = std::make_shared<core::Scenario>();
  scenario->source = std::string(text);
  if (auto* v = c.require(doc, "", "id", json::value_t::string, "a string id like \"first-time-manager\"")) {
    scenario->id = v->get<std::string>();
    static const std::regex id_pattern("^[a-z0-9][a-z0-9-]{1,62}$");
    if (!std::regex_match(scenario->id, id_pattern)) {
      c.fail("/id", "expected lower-case letters, digits and dashes (2 to 63 characters)");
    } else if (!file_name.empty() && std::string(file_name) != scenario->id + ".json") {
      c.fail("/id", "'" + scenario->id + "' must match the file name " + std::string(file_name) + " (rename the file to " +
                        scenario->id + ".json or change the id)");
    }
  }
  if (auto* v = c.require(doc, "", "title", json::value_t::string, "a string")) scenario->title = v->get<std::string>();
  if (auto* v = c.optional(doc, "", "description", json::value_t::string, "a string")) {
    scenario->description = v->get<std::string>();
  }
  if (auto* v = c.optional(doc, "", "competencies", json::value_t::array, "an array of strings")) {
    for (std::size_t i = 0; i < v->size(); ++i) {
      if ((*v)[i].is_string()) scenario->competencies.push_back((*v)[i].get<std::string>());
      else c.fail("/competencies/" + std::to_string(i), "expected a string");
    }
  }
  if (auto* v = c.optional(doc, "", "durationMinutes", json::value_t::number_integer, "a whole number of minutes")) {
    scenario->duration_minutes = v->get<int>();
  }
  if (auto* v = c.optional(doc, "", "mode", json::value_t::string, "\"facilitated\" or \"pod\"")) {
    scenario->mode = v->get<std::string>();
    if (scenario->mode != "facilitated" && scenario->mode != "pod") c.fail("/mode", "expected \"facilitated\" or \"pod\"");
  }
  if (auto* phases = c.require(doc, "", "phases", json::value_t::array, "a non-empty array of phases")) {
    if (phases->empty()) c.fail("/phases", "a scenario needs at least one phase");
    for (std::size_t i = 0; i < phases->size(); ++i) {
      core::Phase phase;
      read_phase(c, (*phases)[i], "/phases/" + std::to_string(i), phase);
      scenario->phases.push_back(std::move(phase));
    }
  }
  if (!c.ok()) return c.take();
  return std::shared_ptr<const core::Scenario>(std::move(scenario));
}

}  // namespace huddle::scenario
