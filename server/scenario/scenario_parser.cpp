#include "scenario/scenario_parser.hpp"

#include <array>
#include <cmath>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/breakouts/roleplay_settings.hpp"
#include "scenario/activity_checks.hpp"
#include "scenario/field_checker.hpp"
#include "scenario/json_locator.hpp"
#include "scenario/syntax_error.hpp"

namespace huddle::scenario {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> activity_kinds{"info", "poll", "cards", "roleplay", "fishbowl"};

bool is_scenario_id(const std::string& id) {
  if (id.size() < 2 || id.size() > 63) return false;
  for (char ch : id) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return false;
  }
  return id[0] != '-';
}

// JSON Schema counts 3.0 as an integer, so the checks accept it; later code reading the activity's
// settings should see the integer 3 rather than have to allow for it.
void whole_numbers_as_integers(json& value) {
  if (value.is_structured()) {
    for (auto& child : value) whole_numbers_as_integers(child);
  } else if (value.is_number_float()) {
    const double d = value.get<double>();
    constexpr double limit = 9.0e15;  // well inside the range of both double and int64
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < limit) value = static_cast<std::int64_t>(d);
  }
}

void read_header(FieldChecker& c, const json& doc, std::string_view file_name, core::Scenario& scenario) {
  static constexpr std::array<std::string_view, 9> fields{"$schema", "id",   "title",    "description", "competencies",
                                                          "durationMinutes", "mode", "language", "phases"};
  static constexpr std::array<std::string_view, 2> modes{"facilitated", "pod"};
  c.allow_only(doc, "", "a scenario", fields);

  if (const json* schema = c.field(doc, "", "$schema", Need::optional, "a string"); schema && !schema->is_string()) {
    c.fail("/$schema", "expected a string such as \"./schema/scenario.schema.json\", got " + describe_value(*schema));
  }
  if (const json* id = c.field(doc, "", "id", Need::required, "a string id like \"first-time-manager\"")) {
    if (!id->is_string() || !is_scenario_id(id->get<std::string>())) {
      c.fail("/id", "expected 2 to 63 characters: lower-case letters, digits and dashes, not starting with a dash "
                    "(like \"first-time-manager\"), got " + describe_value(*id));
    } else {
      scenario.id = id->get<std::string>();
      if (!file_name.empty() && std::string(file_name) != scenario.id + ".json") {
        c.fail("/id", "'" + scenario.id + "' must match the file name " + std::string(file_name) +
                          " (rename the file to " + scenario.id + ".json or change the id)");
      }
    }
  }
  if (auto v = c.text(doc, "", "title", Need::required, {1, 120})) scenario.title = *v;
  if (auto v = c.text(doc, "", "description", Need::required, {0, 1000})) scenario.description = *v;
  if (auto v = c.text_list(doc, "", "competencies", Need::required, {0, 12, "a scenario", "competency", "competencies"},
                           {1, 60}, true)) {
    scenario.competencies = *v;
  }
  if (auto v = c.whole_number(doc, "", "durationMinutes", Need::required, 1, 1440)) scenario.duration_minutes = *v;
  if (auto v = c.choice(doc, "", "mode", Need::optional, modes)) scenario.mode = *v;
  if (auto v = c.language(doc, "", "language", Need::optional)) scenario.language = *v;
}

void check_activity(FieldChecker& c, const std::string& kind, const json& activity, const std::string& at,
                    const ActivityContext& context) {
  if (kind == "info") check_info(c, activity, at, context);
  else if (kind == "poll") check_poll(c, activity, at, context);
  else if (kind == "cards") check_cards(c, activity, at, context);
  else if (kind == "roleplay") check_roleplay(c, activity, at, context);
  else if (kind == "fishbowl") check_fishbowl(c, activity, at, context);
}

// One phase; returns its activity kind when that is valid.
std::optional<std::string> read_phase(FieldChecker& c, const json& j, const std::string& at,
                                      const ActivityContext& context, core::Phase& phase) {
  static constexpr std::array<std::string_view, 5> fields{"title", "notes", "durationSeconds", "autoAdvance",
                                                          "activity"};
  if (!c.is_object(j, at, "a phase: an object with title, notes and activity")) return std::nullopt;
  c.allow_only(j, at, "a phase", fields);
  if (auto v = c.text(j, at, "title", Need::required, {1, 120})) phase.title = *v;
  if (auto v = c.text(j, at, "notes", Need::required, {0, 8000})) phase.notes = *v;
  phase.duration_seconds = c.whole_number(j, at, "durationSeconds", Need::optional, 1, 86400);
  if (auto v = c.flag(j, at, "autoAdvance", Need::optional)) phase.auto_advance = *v;

  static constexpr std::string_view expected = "an object with a kind (info, poll, cards, roleplay or fishbowl)";
  const std::string activity_at = pointer_to(at, "activity");
  std::optional<std::string> kind;
  if (const json* activity = c.field(j, at, "activity", Need::required, expected);
      activity && c.is_object(*activity, activity_at, expected)) {
    kind = c.choice(*activity, activity_at, "kind", Need::required, activity_kinds);
    if (kind) {
      phase.activity_kind = *kind;
      check_activity(c, *kind, *activity, activity_at, context);
    }
  }
  if (phase.auto_advance && kind && *kind != "roleplay" && !j.contains("durationSeconds")) {
    c.fail(pointer_to(at, "autoAdvance"), "autoAdvance needs durationSeconds, so the phase knows when to move on "
                                          "(only a roleplay moves on by itself when its last round ends)");
  }
  return kind;
}

void read_phases(FieldChecker& c, const json& doc, core::Scenario& scenario) {
  const json* phases = c.list(doc, "", "phases", Need::required, {1, 100, "a scenario", "phase", "phases"});
  if (!phases) return;
  ActivityContext context{scenario.mode == "pod", false};
  bool every_kind_known = true;
  for (std::size_t i = 0; i < phases->size(); ++i) {
    core::Phase phase;
    auto kind = read_phase(c, (*phases)[i], pointer_to("/phases", i), context, phase);
    every_kind_known = every_kind_known && kind.has_value();
    context.after_roleplay = context.after_roleplay || kind == "roleplay";
    scenario.phases.push_back(std::move(phase));
  }
  // Only when every phase's kind could be read: a misspelt kind is reported already, and may be the roleplay.
  if (context.pod && every_kind_known && !phases->empty() && !context.after_roleplay) {
    c.fail("/phases", "a pod (mode \"pod\") needs at least one roleplay phase: practising together is what a pod "
                      "is for");
  }
}

// Keeps each activity's settings as written, for the features that read them. Only called on a valid
// scenario: copying a value is recursive in nlohmann::json, and only a valid activity is known to be shallow
// (every field is checked, so nothing can nest deeper than a role's checklist).
void keep_activities(const json& doc, core::Scenario& scenario) {
  const json& phases = doc.at("phases");
  for (std::size_t i = 0; i < scenario.phases.size(); ++i) {
    auto& phase = scenario.phases[i];
    phase.activity = phases.at(i).at("activity");
    whole_numbers_as_integers(phase.activity);
    if (phase.activity_kind == "roleplay") {
      phase.roleplay = std::make_shared<const core::RoleplaySettings>(core::RoleplaySettings::from_activity(phase.activity));
    }
  }
}

}  // namespace

ParseResult parse_scenario(std::string_view text, std::string_view file_name) {
  const std::string file(file_name.empty() ? "<scenario>" : file_name);
  json doc;
  if (auto error = syntax_error(text, file, doc)) return std::vector<ScenarioError>{*error};

  const JsonLocator locator(text);
  FieldChecker c(file, locator);
  c.report_duplicate_keys();
  if (!doc.is_object()) {
    c.fail("", "a scenario must be a JSON object: { \"id\": ..., \"title\": ..., \"phases\": [...] }");
    return c.take();
  }

  auto scenario = std::make_shared<core::Scenario>();
  scenario->source = std::string(text);
  read_header(c, doc, file_name, *scenario);
  read_phases(c, doc, *scenario);
  if (!c.ok()) return c.take();
  // durationSeconds stays as written (none on most roleplays): the phase timer runs only where the
  // author set one, and a roleplay's own rounds say when it ends.
  keep_activities(doc, *scenario);
  return std::shared_ptr<const core::Scenario>(std::move(scenario));
}

}  // namespace huddle::scenario
