#include "scenario/programme_parser.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/programme/programme_limits.hpp"
#include "scenario/field_checker.hpp"
#include "scenario/json_locator.hpp"
#include "scenario/syntax_error.hpp"

namespace huddle::scenario {
namespace {

using nlohmann::json;

// Scenario ids and competencies are checked against the scenario folder when it is there (a file being
// loaded or checked); a cohort's stored copy is rebuilt without it (`scenarios` null).
struct Reading {
  FieldChecker& c;
  const ScenarioLookup* scenarios;
  bool stored() const { return scenarios == nullptr; }
};

bool is_programme_id(const std::string& id) {
  if (id.size() < core::min_programme_id_chars || id.size() > core::max_programme_id_chars) return false;
  return std::all_of(id.begin(), id.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
  });
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string days(int n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

void read_header(FieldChecker& c, const json& doc, std::string_view file_name, core::Programme& programme) {
  static constexpr std::array<std::string_view, 9> fields{"$schema",  "id",   "title",           "description",
                                                          "language", "reflections", "pods", "managerChecklist",
                                                          "sessions"};
  static constexpr std::array<std::string_view, 2> reflections{"anonymous", "named"};
  c.allow_only(doc, "", "a programme", fields);

  if (const json* schema = c.field(doc, "", "$schema", Need::optional, "a string"); schema && !schema->is_string()) {
    c.fail("/$schema", "expected a string such as \"../schema/programme.schema.json\", got " + describe_value(*schema));
  }
  if (const json* id = c.field(doc, "", "id", Need::required, "a string id like \"first-time-manager-6-weeks\"")) {
    if (!id->is_string() || !is_programme_id(id->get<std::string>())) {
      c.fail("/id", "expected " + std::to_string(core::min_programme_id_chars) + " to " +
                        std::to_string(core::max_programme_id_chars) +
                        " characters: lower-case letters, digits and dashes (like \"first-time-manager-6-weeks\"), "
                        "got " + describe_value(*id));
    } else {
      programme.id = id->get<std::string>();
      if (!file_name.empty() && std::string(file_name) != programme.id + ".json") {
        c.fail("/id", "'" + programme.id + "' must match the file name " + std::string(file_name) +
                          " (rename the file to " + programme.id + ".json or change the id)");
      }
    }
  }
  if (auto v = c.text(doc, "", "title", Need::required,
                      {core::min_programme_title_chars, core::max_programme_title_chars})) {
    programme.title = *v;
  }
  if (auto v = c.text(doc, "", "description", Need::required, {0, core::max_programme_description_chars})) {
    programme.description = *v;
  }
  if (auto v = c.language(doc, "", "language", Need::optional)) programme.language = *v;
  if (auto v = c.choice(doc, "", "reflections", Need::optional, reflections)) {
    programme.anonymous_reflections = *v == "anonymous";
  }
  if (auto v = c.text_list(doc, "", "managerChecklist", Need::required,
                           {1, core::max_checklist_items, "a manager's checklist", "item", "items"},
                           {core::min_checklist_item_chars, core::max_checklist_item_chars}, true)) {
    programme.manager_checklist = *v;
  }
}

void read_pods(FieldChecker& c, const json& doc, core::Programme& programme) {
  static constexpr std::array<std::string_view, 2> fields{"size", "rotate"};
  static constexpr std::array<std::string_view, 2> rotations{"never", "every-session"};
  static constexpr std::string_view expected = "an object with size (3 to 5) and rotate (never or every-session)";
  const json* pods = c.field(doc, "", "pods", Need::optional, expected);
  if (!pods || !c.is_object(*pods, "/pods", expected)) return;
  c.allow_only(*pods, "/pods", "pods", fields);
  if (auto v = c.whole_number(*pods, "/pods", "size", Need::optional, core::min_pod_size, core::max_pod_size)) {
    programme.pod_size = *v;
  }
  if (auto v = c.choice(*pods, "/pods", "rotate", Need::optional, rotations)) {
    programme.rotate_pods = *v == "every-session";
  }
}

// The planned day of each session, where it is a valid number (the checks between sessions need them all
// before any session is read).
std::vector<std::optional<int>> planned_days(const json& sessions) {
  std::vector<std::optional<int>> out;
  for (const auto& session : sessions) {
    std::optional<int> day;
    if (session.is_object() && session.contains("day")) {
      const json& value = session.at("day");
      if (value.is_number()) {
        const double d = value.get<double>();
        if (d >= 0 && d <= core::max_programme_day && d == std::floor(d)) day = static_cast<int>(d);
      }
    }
    out.push_back(day);
  }
  return out;
}

// The session's scenario, when the file names one the folder has; reports one it doesn't.
std::shared_ptr<const core::Scenario> read_scenario(Reading& r, const json& session, const std::string& at,
                                                    core::ProgrammeSession& out) {
  auto id = r.c.text(session, at, "scenario", Need::required, {1, 63});
  if (!id) return nullptr;
  out.scenario = *id;
  if (r.stored()) return nullptr;
  auto scenario = r.scenarios->find(*id);
  if (!scenario) {
    r.c.fail(pointer_to(at, "scenario"),
             "no scenario '" + *id + "' in this folder (scenarios: " + join(r.scenarios->ids()) + ")");
  }
  return scenario;
}

void read_day(FieldChecker& c, const json& session, const std::string& at, std::size_t index,
              const std::vector<std::optional<int>>& days_of, core::ProgrammeSession& out) {
  auto day = c.whole_number(session, at, "day", Need::required, 0, core::max_programme_day);
  if (!day) return;
  out.day = *day;
  if (index == 0 && *day != 0) {
    c.fail(pointer_to(at, "day"), "the first session is on day 0, the cohort's start (the other days count from it), "
                                  "got " + std::to_string(*day));
  }
  if (index > 0 && days_of[index - 1] && *day < *days_of[index - 1]) {
    c.fail(pointer_to(at, "day"), "day " + std::to_string(*day) + " is before the session above it (day " +
                                      std::to_string(*days_of[index - 1]) +
                                      "): list the sessions in the order they happen");
  }
}

// The competencies a bring-back's `rating` asks about: true for all of the scenario's, or a list of them.
std::optional<std::vector<std::string>> read_rating(Reading& r, const json& bring_back, const std::string& at,
                                                    const core::Scenario* scenario) {
  const std::string here = pointer_to(at, "rating");
  const json& rating = bring_back.at("rating");
  if (rating.is_boolean() && rating.get<bool>()) {
    if (r.stored()) {
      r.c.fail(here, "a stored programme lists its competencies: \"rating\": true needs the scenario to say which");
      return std::nullopt;
    }
    if (scenario && scenario->competencies.empty()) {
      r.c.fail(here, "scenario '" + scenario->id + "' lists no competencies to rate: ask for text or yesNo instead");
      return std::nullopt;
    }
    return scenario ? std::optional(scenario->competencies) : std::nullopt;
  }
  if (!rating.is_array()) {
    r.c.fail(here, "expected true (a 1-5 self-rating on each of the scenario's competencies) or a list of some of "
                   "them, got " + describe_value(rating) + " (leave rating out to ask for none)");
    return std::nullopt;
  }
  auto names = r.c.text_list(bring_back, at, "rating", Need::required, {1, 12, "a rating", "competency", "competencies"},
                             {1, 60}, true);
  if (!names || !scenario) return names;
  bool all_known = true;
  for (std::size_t i = 0; i < names->size(); ++i) {
    const auto& known = scenario->competencies;
    if (std::find(known.begin(), known.end(), (*names)[i]) != known.end()) continue;
    r.c.fail(pointer_to(here, i), "'" + (*names)[i] + "' is not a competency of scenario '" + scenario->id +
                                      "' (its competencies: " + join(known) + ")");
    all_known = false;
  }
  return all_known ? names : std::nullopt;
}

void read_bring_back(Reading& r, const json& task, const std::string& at, const core::Scenario* scenario,
                     core::MicroTask& out) {
  static constexpr std::array<std::string_view, 3> fields{"text", "rating", "yesNo"};
  static constexpr std::string_view expected = "an object with at least one of text, rating and yesNo";
  const json* bring_back = r.c.field(task, at, "bringBack", Need::required, expected);
  const std::string here = pointer_to(at, "bringBack");
  if (!bring_back || !r.c.is_object(*bring_back, here, expected)) return;
  r.c.allow_only(*bring_back, here, "bringBack", fields);
  const TextRule prompt{core::min_prompt_chars, core::max_prompt_chars};
  if (auto v = r.c.text(*bring_back, here, "text", Need::optional, prompt)) out.text_prompt = *v;
  if (auto v = r.c.text(*bring_back, here, "yesNo", Need::optional, prompt)) out.yes_no_question = *v;
  if (bring_back->contains("rating")) {
    if (auto v = read_rating(r, *bring_back, here, scenario)) out.competencies = *v;
  }
  if (!bring_back->contains("text") && !bring_back->contains("rating") && !bring_back->contains("yesNo")) {
    r.c.fail(here, "asks for nothing: give at least one of text (a reflection's prompt), rating (a 1-5 self-rating) "
                   "and yesNo (a question answered yes or no)");
  }
}

// `gap`: days from this session to the next, when there is a next one and both days are known.
void read_task(Reading& r, const json& task, const std::string& at, const core::Scenario* scenario,
               std::optional<int> gap, core::MicroTask& out) {
  static constexpr std::array<std::string_view, 4> fields{"title", "text", "dueDays", "bringBack"};
  if (!r.c.is_object(task, at, "a micro-task: an object with title, text, dueDays and bringBack")) return;
  r.c.allow_only(task, at, "a micro-task", fields);
  if (auto v = r.c.text(task, at, "title", Need::required, {core::min_task_title_chars, core::max_task_title_chars})) {
    out.title = *v;
  }
  if (auto v = r.c.text(task, at, "text", Need::required, {core::min_task_text_chars, core::max_task_text_chars})) {
    out.text = *v;
  }
  if (auto v = r.c.whole_number(task, at, "dueDays", Need::required, 1, core::max_task_due_days)) {
    out.due_days = *v;
    if (gap && *v > *gap) {
      r.c.fail(pointer_to(at, "dueDays"), "due " + days(*v) + " after this session, but the next session is " +
                                              days(*gap) + " after it: a task is due by the next session, "
                                              "where what people bring back is used");
    }
  }
  read_bring_back(r, task, at, scenario, out);
}

void read_refresher_poll(FieldChecker& c, const json& poll, const std::string& at, core::Refresher& out) {
  static constexpr std::array<std::string_view, 2> fields{"question", "options"};
  if (!c.is_object(poll, at, "a poll: an object with question and options")) return;
  c.allow_only(poll, at, "a refresher's poll", fields);
  if (auto v = c.text(poll, at, "question", Need::required, {core::min_prompt_chars, core::max_prompt_chars})) {
    out.poll_question = *v;
  }
  if (auto v = c.text_list(poll, at, "options", Need::required,
                           {core::min_refresher_options, core::max_refresher_options, "a refresher's poll", "option",
                            "options"},
                           {1, core::max_refresher_option_chars}, true)) {
    out.options = *v;
  }
}

void read_refresher(FieldChecker& c, const json& refresher, const std::string& at, std::optional<int> gap,
                    core::Refresher& out) {
  static constexpr std::array<std::string_view, 3> fields{"day", "poll", "card"};
  if (!c.is_object(refresher, at, "a refresher: an object with day and either poll or card")) return;
  c.allow_only(refresher, at, "a refresher", fields);
  if (auto v = c.whole_number(refresher, at, "day", Need::required, 1, core::max_refresher_day)) {
    out.day = *v;
    if (gap && *v >= *gap) {
      c.fail(pointer_to(at, "day"), "opens " + days(*v) + " after this session, but the next session is " +
                                        days(*gap) + " after it: a refresher goes between two sessions");
    }
  }
  const bool poll = refresher.contains("poll"), card = refresher.contains("card");
  if (poll && card) {
    c.fail(at, "has both a poll and a card: a refresher is one or the other (give the next session one for the "
               "other)");
  } else if (!poll && !card) {
    c.fail(at, "needs a poll (a question with options) or a card (a prompt answered in a few words)");
  }
  if (poll) read_refresher_poll(c, refresher.at("poll"), pointer_to(at, "poll"), out);
  if (auto v = c.text(refresher, at, "card", Need::optional, {core::min_prompt_chars, core::max_prompt_chars})) {
    out.card_prompt = *v;
  }
}

void read_session(Reading& r, const json& session, const std::string& at, std::size_t index, bool last,
                  const std::vector<std::optional<int>>& days_of, core::ProgrammeSession& out) {
  static constexpr std::array<std::string_view, 5> fields{"scenario", "day", "title", "task", "refresher"};
  // A stored copy also spells out what the session took from its scenario (self_contained_source).
  static constexpr std::array<std::string_view, 7> stored_fields{"scenario", "day",  "title",          "task",
                                                                 "refresher", "pod", "durationMinutes"};
  if (!r.c.is_object(session, at, "a session: an object with scenario, day and task")) return;
  if (r.stored()) r.c.allow_only(session, at, "a session", stored_fields);
  else r.c.allow_only(session, at, "a session", fields);
  auto scenario = read_scenario(r, session, at, out);
  if (scenario) {
    out.pod = scenario->mode == "pod";
    out.duration_minutes = scenario->duration_minutes;
  } else if (r.stored()) {
    if (auto v = r.c.flag(session, at, "pod", Need::required)) out.pod = *v;
    if (auto v = r.c.whole_number(session, at, "durationMinutes", Need::required, 0, 24 * 60)) out.duration_minutes = *v;
  }
  read_day(r.c, session, at, index, days_of, out);
  std::optional<int> gap;
  if (!last && days_of[index] && days_of[index + 1]) gap = *days_of[index + 1] - *days_of[index];

  // A stored programme carries its scenario's title where the file had none (parse_programme), and those
  // are up to 120 characters, as scenario titles are.
  const TextRule title_rule = r.stored() ? TextRule{1, 120}
                                         : TextRule{core::min_session_title_chars, core::max_session_title_chars};
  if (auto v = r.c.text(session, at, "title", r.stored() ? Need::required : Need::optional, title_rule)) {
    out.title = *v;
  } else if (scenario && !session.contains("title")) {
    out.title = scenario->title;
  }

  if (const json* task = r.c.field(session, at, "task", last ? Need::optional : Need::required,
                                   "a micro-task: every session but the last is followed by one, which the next "
                                   "session picks up")) {
    read_task(r, *task, pointer_to(at, "task"), scenario.get(), gap, out.task.emplace());
  }
  if (const json* refresher = r.c.field(session, at, "refresher", Need::optional, "a refresher")) {
    read_refresher(r.c, *refresher, pointer_to(at, "refresher"), gap, out.refresher.emplace());
  }
}

void read_sessions(Reading& r, const json& doc, core::Programme& programme) {
  const json* sessions =
      r.c.list(doc, "", "sessions", Need::required, {1, core::max_programme_sessions, "a programme", "session", "sessions"});
  if (!sessions) return;
  const auto days_of = planned_days(*sessions);
  for (std::size_t i = 0; i < sessions->size(); ++i) {
    core::ProgrammeSession session;
    read_session(r, (*sessions)[i], pointer_to("/sessions", i), i, i + 1 == sessions->size(), days_of, session);
    programme.sessions.push_back(std::move(session));
  }
}

// The file's text with what the programme took from its scenarios written in (programme_parser.hpp), by
// editing the text in place, back to front so that earlier offsets stay right.
std::string self_contained_source(std::string_view text, const JsonLocator& locator, const json& doc,
                                  const core::Programme& programme) {
  struct Edit {
    std::size_t offset;
    std::size_t erase;
    std::string insert;
  };
  std::vector<Edit> edits;
  const json& sessions = doc.at("sessions");
  for (std::size_t i = 0; i < programme.sessions.size(); ++i) {
    const std::string at = pointer_to("/sessions", i);
    const auto& session = programme.sessions[i];
    std::string taken = "\"pod\": " + std::string(session.pod ? "true" : "false") +
                        ", \"durationMinutes\": " + std::to_string(session.duration_minutes) + ", ";
    if (!sessions.at(i).contains("title")) taken += "\"title\": " + json(session.title).dump() + ", ";
    edits.push_back({locator.find(at)->offset + 1, 0, taken});
    const std::string rating = at + "/task/bringBack/rating";
    if (session.task && sessions.at(i).at("task").at("bringBack").value("rating", json()).is_boolean()) {
      edits.push_back({locator.find(rating)->offset, 4, json(session.task->competencies).dump()});
    }
  }
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.offset > b.offset; });
  std::string out(text);
  for (const auto& edit : edits) out.replace(edit.offset, edit.erase, edit.insert);
  return out;
}

ProgrammeParseResult parse(std::string_view text, std::string_view file_name, const ScenarioLookup* scenarios) {
  const std::string file(file_name.empty() ? "<programme>" : file_name);
  json doc;
  if (auto error = syntax_error(text, file, doc)) return std::vector<ScenarioError>{*error};

  const JsonLocator locator(text);
  FieldChecker c(file, locator);
  c.report_duplicate_keys();
  if (!doc.is_object()) {
    c.fail("", "a programme must be a JSON object: { \"id\": ..., \"title\": ..., \"sessions\": [...] }");
    return c.take();
  }
  auto programme = std::make_shared<core::Programme>();
  Reading r{c, scenarios};
  read_header(c, doc, file_name, *programme);
  read_pods(c, doc, *programme);
  read_sessions(r, doc, *programme);
  if (!c.ok()) return c.take();
  programme->source = r.stored() ? std::string(text) : self_contained_source(text, locator, doc, *programme);
  return std::shared_ptr<const core::Programme>(std::move(programme));
}

}  // namespace

ProgrammeParseResult parse_programme(std::string_view text, std::string_view file_name,
                                     const ScenarioLookup& scenarios) {
  return parse(text, file_name, &scenarios);
}

std::shared_ptr<const core::Programme> parse_stored_programme(const std::string& source) {
  auto parsed = parse(source, "", nullptr);
  if (auto* errors = std::get_if<std::vector<ScenarioError>>(&parsed)) {
    throw std::runtime_error("stored programme does not parse: " + errors->front().describe());
  }
  return std::get<std::shared_ptr<const core::Programme>>(parsed);
}

}  // namespace huddle::scenario
