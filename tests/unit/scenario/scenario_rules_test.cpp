// Every rule of scenarios/schema/scenario.schema.json and scenarios/README.md, one broken document per row:
// each row is valid except for one problem, which must be reported once, at the right pointer (and place in
// the text), in words a facilitator can act on.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "scenario/scenario_parser.hpp"

namespace huddle::scenario {
namespace {

// --- small valid building blocks; `extra` fields start with a comma -------------------------------------

std::string doc(const std::string& phases, const std::string& top = "") {
  return R"({"id":"demo","title":"Demo","description":"","competencies":[],"durationMinutes":30)" + top +
         R"(,"phases":[)" + phases + "]}";
}
std::string pod(const std::string& phases) { return doc(phases, R"(,"mode":"pod")"); }
std::string phase(const std::string& activity, const std::string& extra = "") {
  return R"({"title":"P","notes":"")" + extra + R"(,"activity":)" + activity + "}";
}
std::string info(const std::string& extra = "") { return R"({"kind":"info","text":"Hello")" + extra + "}"; }
std::string poll(const std::string& fields) { return R"({"kind":"poll","question":"Q?")" + fields + "}"; }
std::string cards(const std::string& extra = "") { return R"({"kind":"cards","prompt":"What?")" + extra + "}"; }
std::string fishbowl(const std::string& extra = "") { return R"({"kind":"fishbowl","topic":"T")" + extra + "}"; }
std::string role(const std::string& id, const std::string& extra = "") {
  return R"({"id":")" + id + R"(","name":"N","brief":"B")" + extra + "}";
}
const std::string two_roles = "[" + role("a") + "," + role("b") + "]";
const std::string play = R"({"step":"play","seconds":60})";
std::string roleplay(const std::string& extra = "", const std::string& roles = two_roles,
                     const std::string& timeline = "[" + play + "]", const std::string& group_size = "3") {
  return R"({"kind":"roleplay","groupSize":)" + group_size + R"(,"roles":)" + roles + R"(,"timeline":)" + timeline +
         extra + "}";
}
// One phase holding `activity`.
std::string with(const std::string& activity, const std::string& phase_extra = "") {
  return doc(phase(activity, phase_extra));
}
// A JSON array of `n` distinct strings.
std::string strings(std::size_t n, const std::string& prefix = "s") {
  std::string out = "[";
  for (std::size_t i = 0; i < n; ++i) out += (i ? ",\"" : "\"") + prefix + std::to_string(i) + "\"";
  return out + "]";
}
std::string text_of(std::size_t n) { return "\"" + std::string(n, 'x') + "\""; }
std::string joined(std::size_t n, const std::string& item) {
  std::string out = "[";
  for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + item;
  return out + "]";
}
std::string roles_of(std::size_t n) {
  std::string out = "[";
  for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + role("r" + std::to_string(i));
  return out + "]";
}

std::vector<ScenarioError> errors_of(const std::string& text) {
  auto parsed = parse_scenario(text, "demo.json");
  if (auto* errors = std::get_if<std::vector<ScenarioError>>(&parsed)) return *errors;
  return {};
}

std::string all(const std::vector<ScenarioError>& errors) {
  std::string out;
  for (const auto& e : errors) out += "\n  " + e.describe();
  return out.empty() ? "\n  (no errors)" : out;
}

struct Broken {
  const char* rule;
  std::string text;
  std::string pointer;
  std::string message_part;
  std::string line_column = "";  // "line:column" when the row checks the place
  std::size_t count = 1;         // errors expected in the file
};

// A multi-line file, for rows that check where an error is reported.
const std::string placed =
    "{\n"
    "  \"id\": \"demo\", \"title\": \"Demo\", \"description\": \"\", \"competencies\": [], \"durationMinutes\": 30,\n"
    "  \"phases\": [\n"
    "    { \"title\": \"Check-in\", \"notes\": \"\",\n"
    "      \"activity\": {\n"
    "        /* the question is misspelt */\n"
    "        \"kind\": \"poll\", \"pollKind\": \"open\", \"quesiton\": \"How are you?\" } },\n"
    "    {\n"
    "      \"title\": \"Practice\", // no notes\n"
    "      \"activity\": {\n"
    "        \"kind\": \"roleplay\", \"groupSize\": 3,\n"
    "        \"roles\": [ { \"id\": \"a\", \"name\": \"A \\\"the\\\" one\", \"brief\": \"b\" } ],\n"
    "        \"timeline\": [ { \"step\": \"play\", \"seconds\": 60 } ]\n"
    "      }\n"
    "    }\n"
    "  ]\n"
    "}\n";

const std::vector<Broken>& table() {
  static const std::vector<Broken> rows{
      // --- places in the text --------------------------------------------------------------------
      {"typo'd field, located", placed, "/phases/0/activity/quesiton", "did you mean \"question\"", "7:57", 4},
      {"missing field: its object", placed, "/phases/1/notes", "missing", "8:5", 4},
      {"too few roles, located", placed, "/phases/1/activity/roles", "a role-play needs at least 2 roles", "12:18", 4},
      {"JSON syntax error", "{\n  \"id\": \"demo\",\n  \"title\": oops\n}", "", "not valid JSON", "3:12"},
      {"number too large for JSON", "{\n  \"durationMinutes\":  1e400 }", "", "number overflow", "2:23"},
      {"repeated key", doc(R"({"title":"P","notes":"a","notes":"b","activity":)" + info() + "}"), "/phases/0/notes",
       "written earlier in this object", "1:120"},

      // --- the scenario ----------------------------------------------------------------------------
      {"not an object", "[1, 2]", "", "must be a JSON object"},
      {"unknown top-level field", doc(phase(info()), R"(,"titel":"x")"), "/titel",
       "unknown field \"titel\" (did you mean \"title\"?); a scenario allows $schema, id, title"},
      {"unknown field with / and ~ in its name", "{\"id\": \"demo\",\n \"a/b~\": 1," + doc(phase(info())).substr(13),
       "/a~1b~0", "unknown field \"a/b~\"", "2:10"},
      {"$schema not a string", doc(phase(info()), R"(,"$schema":1)"), "/$schema", "expected a string"},
      {"id missing", R"({"title":"t","description":"","competencies":[],"durationMinutes":1,"phases":[)" +
                         phase(info()) + "]}",
       "/id", "missing"},
      {"id with capitals and spaces", R"({"id":"Demo X","title":"t","description":"","competencies":[],)"
                                      R"("durationMinutes":1,"phases":[)" + phase(info()) + "]}",
       "/id", "lower-case letters, digits and dashes", "", 1},
      {"id of one character", R"({"id":"d","title":"t","description":"","competencies":[],"durationMinutes":1,)"
                              R"("phases":[)" + phase(info()) + "]}",
       "/id", "2 to 63 characters"},
      {"id not the file name", R"({"id":"other","title":"t","description":"","competencies":[],"durationMinutes":1,)"
                               R"("phases":[)" + phase(info()) + "]}",
       "/id", "must match the file name demo.json"},
      {"title empty", R"({"id":"demo","title":"","description":"","competencies":[],"durationMinutes":1,)"
                      R"("phases":[)" + phase(info()) + "]}",
       "/title", "must not be empty"},
      {"title too long", R"({"id":"demo","title":)" + text_of(121) +
                             R"(,"description":"","competencies":[],"durationMinutes":1,"phases":[)" + phase(info()) +
                             "]}",
       "/title", "too long: 121 characters, at most 120"},
      {"description missing", R"({"id":"demo","title":"t","competencies":[],"durationMinutes":1,"phases":[)" +
                                  phase(info()) + "]}",
       "/description", "missing: expected a string of up to 1000 characters"},
      {"competencies missing", R"({"id":"demo","title":"t","description":"","durationMinutes":1,"phases":[)" +
                                   phase(info()) + "]}",
       "/competencies", "missing"},
      {"competency listed twice", R"({"id":"demo","title":"t","description":"","competencies":["a","b","a"],)"
                                  R"("durationMinutes":1,"phases":[)" + phase(info()) + "]}",
       "/competencies/2", "\"a\" is listed twice"},
      {"too many competencies", R"({"id":"demo","title":"t","description":"","competencies":)" + strings(13) +
                                    R"(,"durationMinutes":1,"phases":[)" + phase(info()) + "]}",
       "/competencies", "a scenario can have at most 12 competencies (found 13)"},
      {"competency empty", R"({"id":"demo","title":"t","description":"","competencies":[""],)"
                           R"("durationMinutes":1,"phases":[)" + phase(info()) + "]}",
       "/competencies/0", "must not be empty"},
      {"durationMinutes zero", R"({"id":"demo","title":"t","description":"","competencies":[],"durationMinutes":0,)"
                               R"("phases":[)" + phase(info()) + "]}",
       "/durationMinutes", "expected a whole number from 1 to 1440, got the number 0"},
      {"durationMinutes fractional", R"({"id":"demo","title":"t","description":"","competencies":[],)"
                                     R"("durationMinutes":2.5,"phases":[)" + phase(info()) + "]}",
       "/durationMinutes", "whole number"},
      {"mode unknown", doc(phase(info()), R"(,"mode":"solo")"), "/mode",
       "expected one of facilitated, pod, got \"solo\""},
      {"no phases", doc(""), "/phases", "a scenario needs at least one phase"},
      {"too many phases", doc(joined(101, phase(info())).substr(1, joined(101, phase(info())).size() - 2)), "/phases",
       "at most 100 phases"},
      {"phase not an object", doc("3"), "/phases/0", "expected a phase"},

      // --- phases ----------------------------------------------------------------------------------
      {"unknown phase field", with(info(), R"(,"duration":60)"), "/phases/0/duration",
       "did you mean \"durationSeconds\"?); a phase allows title, notes, durationSeconds, autoAdvance, activity"},
      {"phase title missing", doc(R"({"notes":"","activity":)" + info() + "}"), "/phases/0/title", "missing"},
      {"notes missing", doc(R"({"title":"P","activity":)" + info() + "}"), "/phases/0/notes", "missing"},
      {"notes too long", doc(R"({"title":"P","notes":)" + text_of(8001) + R"(,"activity":)" + info() + "}"),
       "/phases/0/notes", "at most 8000"},
      {"durationSeconds too long", with(info(), R"(,"durationSeconds":86401)"), "/phases/0/durationSeconds",
       "1 to 86400"},
      {"autoAdvance not a boolean", with(info(), R"(,"durationSeconds":60,"autoAdvance":"yes")"),
       "/phases/0/autoAdvance", "expected true or false, got \"yes\""},
      {"autoAdvance without durationSeconds", with(info(), R"(,"autoAdvance":true)"), "/phases/0/autoAdvance",
       "autoAdvance needs durationSeconds"},
      {"activity missing", doc(R"({"title":"P","notes":""})"), "/phases/0/activity", "missing"},
      {"activity not an object", doc(R"({"title":"P","notes":"","activity":"poll"})"), "/phases/0/activity",
       "expected an object with a kind"},
      {"kind missing", with(R"({"text":"x"})"), "/phases/0/activity/kind", "missing"},
      {"kind unknown", with(R"({"kind":"quiz"})"), "/phases/0/activity/kind",
       "expected one of info, poll, cards, roleplay, fishbowl, got \"quiz\""},

      // --- info ------------------------------------------------------------------------------------
      {"info text missing", with(R"({"kind":"info"})"), "/phases/0/activity/text", "missing"},
      {"info text too long", with(R"({"kind":"info","text":)" + text_of(4001) + "}"), "/phases/0/activity/text",
       "at most 4000"},
      {"info unknown field", with(info(R"(,"title":"x")")), "/phases/0/activity/title",
       "an info activity allows kind, text"},

      // --- poll ------------------------------------------------------------------------------------
      {"pollKind unknown", with(poll(R"(,"pollKind":"rating")")), "/phases/0/activity/pollKind",
       "expected one of single, multi, scale, wordcloud, open"},
      {"pollKind missing", with(poll("")), "/phases/0/activity/pollKind", "missing"},
      {"question misspelt", with(R"({"kind":"poll","pollKind":"open","quesiton":"Q?"})"),
       "/phases/0/activity/quesiton",
       "unknown field \"quesiton\" (did you mean \"question\"?); a poll allows kind, pollKind, question, options, "
       "maxChoices, scale, maxEntries, maxLength, anonymous, results, timerSeconds",
       "", 2},  // and the question is missing
      {"question too long", with(R"({"kind":"poll","pollKind":"open","question":)" + text_of(301) + "}"),
       "/phases/0/activity/question", "at most 300"},
      {"single without options", with(poll(R"(,"pollKind":"single")")), "/phases/0/activity/options", "missing"},
      {"one option", with(poll(R"(,"pollKind":"single","options":["a"])")), "/phases/0/activity/options",
       "a poll needs at least 2 options (found 1)"},
      {"thirteen options", with(poll(R"(,"pollKind":"multi","options":)" + strings(13))),
       "/phases/0/activity/options", "at most 12 options"},
      {"option twice", with(poll(R"(,"pollKind":"single","options":["Yes","No","Yes"])")),
       "/phases/0/activity/options/2", "\"Yes\" is listed twice; each option must be different"},
      {"option too long", with(poll(R"(,"pollKind":"single","options":["a",)" + text_of(121) + "]")),
       "/phases/0/activity/options/1", "at most 120"},
      {"options on a scale poll",
       with(poll(R"(,"pollKind":"scale","scale":{"max":5,"minLabel":"a","maxLabel":"b"},"options":["a","b"])")),
       "/phases/0/activity/options", "only for single and multi polls (this poll is \"scale\")"},
      {"maxChoices on a single poll", with(poll(R"(,"pollKind":"single","options":["a","b"],"maxChoices":1)")),
       "/phases/0/activity/maxChoices", "only for multi polls"},
      {"maxChoices above the options", with(poll(R"(,"pollKind":"multi","options":["a","b","c"],"maxChoices":4)")),
       "/phases/0/activity/maxChoices", "at most the number of options"},
      {"maxChoices zero", with(poll(R"(,"pollKind":"multi","options":["a","b"],"maxChoices":0)")),
       "/phases/0/activity/maxChoices", "1 to 12"},
      {"scale poll without scale", with(poll(R"(,"pollKind":"scale")")), "/phases/0/activity/scale", "missing"},
      {"scale on a single poll",
       with(poll(R"(,"pollKind":"single","options":["a","b"],"scale":{"max":5,"minLabel":"a","maxLabel":"b"})")),
       "/phases/0/activity/scale", "only for scale polls"},
      {"scale of one point", with(poll(R"(,"pollKind":"scale","scale":{"min":3,"max":3,"minLabel":"a","maxLabel":"b"})")),
       "/phases/0/activity/scale/max", "max - min must be 1 to 10; here it is 3 - 3 = 0"},
      {"scale of twelve points",
       with(poll(R"(,"pollKind":"scale","scale":{"min":0,"max":11,"minLabel":"a","maxLabel":"b"})")),
       "/phases/0/activity/scale/max", "2 to 11 points"},
      {"scale span with the default min",
       with(poll(R"(,"pollKind":"scale","scale":{"max":15,"minLabel":"a","maxLabel":"b"})")),
       "/phases/0/activity/scale/max", "(min is 1 when left out)"},
      {"scale min out of range",
       with(poll(R"(,"pollKind":"scale","scale":{"min":-11,"max":-5,"minLabel":"a","maxLabel":"b"})")),
       "/phases/0/activity/scale/min", "-10 to 10"},
      {"scale max missing", with(poll(R"(,"pollKind":"scale","scale":{"minLabel":"a","maxLabel":"b"})")),
       "/phases/0/activity/scale/max", "missing"},
      {"scale label missing", with(poll(R"(,"pollKind":"scale","scale":{"max":5,"maxLabel":"b"})")),
       "/phases/0/activity/scale/minLabel", "missing"},
      {"scale label too long",
       with(poll(R"(,"pollKind":"scale","scale":{"max":5,"minLabel":"a","maxLabel":)" + text_of(41) + "}")),
       "/phases/0/activity/scale/maxLabel", "at most 40"},
      {"scale unknown field",
       with(poll(R"(,"pollKind":"scale","scale":{"max":5,"minLabel":"a","maxLabel":"b","step":1})")),
       "/phases/0/activity/scale/step", "a scale allows min, max, minLabel, maxLabel"},
      {"maxEntries on a single poll", with(poll(R"(,"pollKind":"single","options":["a","b"],"maxEntries":2)")),
       "/phases/0/activity/maxEntries", "only for wordcloud and open polls"},
      {"maxLength on a multi poll", with(poll(R"(,"pollKind":"multi","options":["a","b"],"maxLength":20)")),
       "/phases/0/activity/maxLength", "only for wordcloud and open polls"},
      {"wordcloud answers too long", with(poll(R"(,"pollKind":"wordcloud","maxLength":41)")),
       "/phases/0/activity/maxLength", "at most 40"},
      {"open answers too long", with(poll(R"(,"pollKind":"open","maxLength":1001)")), "/phases/0/activity/maxLength",
       "1 to 1000"},
      {"maxEntries too many", with(poll(R"(,"pollKind":"open","maxEntries":11)")), "/phases/0/activity/maxEntries",
       "1 to 10"},
      {"results unknown", with(poll(R"(,"pollKind":"open","results":"visible")")), "/phases/0/activity/results",
       "expected one of hidden, live"},
      {"anonymous not a boolean", with(poll(R"(,"pollKind":"open","anonymous":"no")")),
       "/phases/0/activity/anonymous", "true or false"},
      {"timer too short", with(poll(R"(,"pollKind":"open","timerSeconds":5)")), "/phases/0/activity/timerSeconds",
       "10 to 3600"},

      // --- cards -----------------------------------------------------------------------------------
      {"cards prompt missing", with(R"({"kind":"cards"})"), "/phases/0/activity/prompt", "missing"},
      {"releaseThreshold zero", with(cards(R"(,"releaseThreshold":0)")), "/phases/0/activity/releaseThreshold",
       "1 to 50"},
      {"moderation unknown", with(cards(R"(,"moderation":"review")")), "/phases/0/activity/moderation",
       "expected one of none, approve"},
      {"cards maxLength too small", with(cards(R"(,"maxLength":19)")), "/phases/0/activity/maxLength", "20 to 1000"},
      {"maxPerPerson too many", with(cards(R"(,"maxPerPerson":21)")), "/phases/0/activity/maxPerPerson", "1 to 20"},
      {"votes not a boolean", with(cards(R"(,"votes":1)")), "/phases/0/activity/votes", "true or false"},
      {"cards unknown field", with(cards(R"(,"threshold":3)")), "/phases/0/activity/threshold",
       "a cards activity allows kind, prompt, releaseThreshold"},

      // --- roleplay --------------------------------------------------------------------------------
      {"one role", with(roleplay("", "[" + role("a") + "]")), "/phases/0/activity/roles",
       "a role-play needs at least 2 roles (found 1)"},
      {"nine roles", with(roleplay("", roles_of(9))), "/phases/0/activity/roles", "a role-play can have at most 8 roles"},
      {"roles missing", with(R"({"kind":"roleplay","groupSize":3,"timeline":[)" + play + "]}"),
       "/phases/0/activity/roles", "missing"},
      {"role ids not unique", with(roleplay("", "[" + role("a") + "," + role("b") + "," + role("a") + "]")),
       "/phases/0/activity/roles/2/id", "role id \"a\" is already used by role 1"},
      {"role id with capitals", with(roleplay("", "[" + role("Observer") + "," + role("b") + "]")),
       "/phases/0/activity/roles/0/id", "lower-case letters, digits and dashes, starting with a letter"},
      {"role id starting with a digit", with(roleplay("", "[" + role("1st") + "," + role("b") + "]")),
       "/phases/0/activity/roles/0/id", "starting with a letter"},
      {"role id too long", with(roleplay("", "[" + role(std::string(33, 'a')) + "," + role("b") + "]")),
       "/phases/0/activity/roles/0/id", "1 to 32 characters"},
      {"role name missing", with(roleplay("", R"([{"id":"a","brief":"b"},)" + role("b") + "]")),
       "/phases/0/activity/roles/0/name", "missing"},
      {"role brief too long", with(roleplay("", R"([{"id":"a","name":"A","brief":)" + text_of(6001) + "}," +
                                                    role("b") + "]")),
       "/phases/0/activity/roles/0/brief", "at most 6000"},
      {"checklist empty", with(roleplay("", "[" + role("a") + "," + role("b", R"(,"checklist":[])") + "]")),
       "/phases/0/activity/roles/1/checklist", "needs at least one item"},
      {"checklist too long", with(roleplay("", "[" + role("a") + "," + role("b", ",\"checklist\":" + strings(13)) + "]")),
       "/phases/0/activity/roles/1/checklist", "at most 12 items"},
      {"checklist item too long",
       with(roleplay("", "[" + role("a") + "," + role("b", ",\"checklist\":[" + text_of(201) + "]") + "]")),
       "/phases/0/activity/roles/1/checklist/0", "at most 200"},
      {"role unknown field", with(roleplay("", "[" + role("a", R"(,"notes":"x")") + "," + role("b") + "]")),
       "/phases/0/activity/roles/0/notes", "a role allows id, name, brief, checklist"},
      {"role not an object", with(roleplay("", "[" + role("a") + ",\"b\"]")), "/phases/0/activity/roles/1",
       "expected a role"},
      {"groupSize missing", with(R"({"kind":"roleplay","roles":)" + two_roles + R"(,"timeline":[)" + play + "]}"),
       "/phases/0/activity/groupSize", "missing"},
      {"groupSize too big", with(roleplay("", two_roles, "[" + play + "]", "9")), "/phases/0/activity/groupSize",
       "2 to 8"},
      {"rounds zero", with(roleplay(R"(,"rounds":0)")), "/phases/0/activity/rounds", "1 to 8"},
      {"rotation not a boolean", with(roleplay(R"(,"rotation":"on")")), "/phases/0/activity/rotation",
       "true or false"},
      {"forming unknown", with(roleplay(R"(,"forming":"random")")), "/phases/0/activity/forming",
       "expected one of auto, manual, choose, reuse, new-partners"},
      {"reuse with no earlier roleplay",
       doc(phase(info()) + "," + phase(roleplay(R"(,"forming":"reuse")"))), "/phases/1/activity/forming",
       "earlier roleplay phase"},
      {"timeline empty", with(roleplay("", two_roles, "[]")), "/phases/0/activity/timeline",
       "a role-play's timeline needs at least one step"},
      {"timeline of nine steps", with(roleplay("", two_roles, joined(9, play))), "/phases/0/activity/timeline",
       "at most 8 steps"},
      {"timeline without play", with(roleplay("", two_roles, R"([{"step":"prepare","seconds":60}])")),
       "/phases/0/activity/timeline", "needs a \"play\" step"},
      {"step unknown", with(roleplay("", two_roles, R"([{"step":"debrief","seconds":60},)" + play + "]")),
       "/phases/0/activity/timeline/0/step", "expected one of prepare, play, feedback, reflect"},
      {"step too short", with(roleplay("", two_roles, R"([{"step":"play","seconds":5}])")),
       "/phases/0/activity/timeline/0/seconds", "10 to 3600"},
      {"step seconds missing", with(roleplay("", two_roles, R"([{"step":"play"}])")),
       "/phases/0/activity/timeline/0/seconds", "missing"},
      {"step label empty", with(roleplay("", two_roles, R"([{"step":"play","seconds":60,"label":""}])")),
       "/phases/0/activity/timeline/0/label", "must not be empty"},
      {"step prompt too long",
       with(roleplay("", two_roles, R"([{"step":"play","seconds":60,"prompt":)" + text_of(1001) + "}]")),
       "/phases/0/activity/timeline/0/prompt", "at most 1000"},
      {"step unknown field", with(roleplay("", two_roles, R"([{"step":"play","seconds":60,"minutes":1}])")),
       "/phases/0/activity/timeline/0/minutes", "a timeline step allows step, label, seconds, prompt"},
      {"situation too long", with(roleplay(",\"situation\":" + text_of(4001))), "/phases/0/activity/situation",
       "at most 4000"},
      {"roleplay unknown field", with(roleplay(R"(,"group":3)")), "/phases/0/activity/group",
       "a role-play allows kind, situation, groupSize"},
      {"video link not https", with(roleplay(R"(,"videoLinkTemplate":"http://meet.example.com/{room}")")),
       "/phases/0/activity/videoLinkTemplate", "expected an https:// link"},
      {"video link with a space", with(roleplay(R"(,"videoLinkTemplate":"https://meet.example.com/a b")")),
       "/phases/0/activity/videoLinkTemplate", "without spaces"},
      {"video link placeholder unknown",
       with(roleplay(R"(,"videoLinkTemplate":"https://meet.example.com/{code}-{team}")")),
       "/phases/0/activity/videoLinkTemplate", "unknown placeholder {team}; use only {code}, {phase} and {room}"},
      {"video link placeholder unclosed", with(roleplay(R"(,"videoLinkTemplate":"https://meet.example.com/{room")")),
       "/phases/0/activity/videoLinkTemplate", "without a closing }"},
      {"video link too long",
       with(roleplay(",\"videoLinkTemplate\":\"https://" + std::string(493, 'x') + "\"")),
       "/phases/0/activity/videoLinkTemplate", "at most 500"},

      // --- fishbowl --------------------------------------------------------------------------------
      {"fishbowl topic missing", with(R"({"kind":"fishbowl"})"), "/phases/0/activity/topic", "missing"},
      {"fishbowl one seat", with(fishbowl(R"(,"seats":1)")), "/phases/0/activity/seats", "2 to 8"},
      {"seating unknown", with(fishbowl(R"(,"seating":"random")")), "/phases/0/activity/seating",
       "expected one of volunteer, facilitator"},
      {"observations unknown", with(fishbowl(R"(,"observations":"public")")), "/phases/0/activity/observations",
       "expected one of named, anonymous"},
      {"emptyChair not a boolean", with(fishbowl(R"(,"emptyChair":"yes")")), "/phases/0/activity/emptyChair",
       "true or false"},
      {"fishbowl prompt too long", with(fishbowl(",\"prompt\":" + text_of(301))), "/phases/0/activity/prompt",
       "at most 300"},
      {"fishbowl unknown field", with(fishbowl(R"(,"chairs":4)")), "/phases/0/activity/chairs",
       "a fishbowl allows kind, topic, seats"},

      // --- peer pods -------------------------------------------------------------------------------
      {"pod without a roleplay", pod(phase(info())), "/phases", "needs at least one roleplay phase"},
      {"fishbowl in a pod", pod(phase(roleplay()) + "," + phase(fishbowl())), "/phases/1/activity/kind",
       "a fishbowl is not allowed in a pod"},
      {"pod group of six", pod(phase(roleplay("", two_roles, "[" + play + "]", "6"))), "/phases/0/activity/groupSize",
       "in a pod (mode \"pod\") groupSize must be 3 to 5"},
      {"pod group of two", pod(phase(roleplay("", two_roles, "[" + play + "]", "2"))), "/phases/0/activity/groupSize",
       "3 to 5"},
      {"forming in a pod", pod(phase(roleplay(R"(,"forming":"auto")"))), "/phases/0/activity/forming",
       "forming is not allowed in a pod"},
      {"approved cards in a pod", pod(phase(roleplay()) + "," + phase(cards(R"(,"moderation":"approve")"))),
       "/phases/1/activity/moderation", "moderation \"approve\" is not allowed in a pod"},
  };
  return rows;
}

TEST(ScenarioRules, EachBrokenFileGetsItsOneError) {
  EXPECT_GE(table().size(), 30u);
  for (const auto& row : table()) {
    SCOPED_TRACE(row.rule);
    const auto errors = errors_of(row.text);
    EXPECT_EQ(errors.size(), row.count) << all(errors);
    const ScenarioError* match = nullptr;
    for (const auto& e : errors) {
      EXPECT_EQ(e.file, "demo.json");
      EXPECT_GT(e.line, 0) << e.describe();
      EXPECT_GT(e.column, 0) << e.describe();
      if (!match && e.pointer == row.pointer && e.message.find(row.message_part) != std::string::npos) match = &e;
    }
    EXPECT_NE(match, nullptr) << "expected " << row.pointer << ": ..." << row.message_part << "; got" << all(errors);
    if (match && !row.line_column.empty()) {
      EXPECT_EQ(std::to_string(match->line) + ":" + std::to_string(match->column), row.line_column)
          << match->describe();
    }
  }
}

TEST(ScenarioRules, MessagesReadAsTheReadmeExampleDoes) {
  const auto errors = errors_of(placed);
  std::vector<std::string> described;
  for (const auto& e : errors) described.push_back(e.describe());
  // In the order they appear in the file; a missing field is placed at its enclosing object.
  const std::vector<std::string> expected{
      "demo.json:5:19: /phases/0/activity/question: missing: expected a string of 1 to 300 characters",
      "demo.json:7:57: /phases/0/activity/quesiton: unknown field \"quesiton\" (did you mean \"question\"?); a poll "
      "allows kind, pollKind, question, options, maxChoices, scale, maxEntries, maxLength, anonymous, results, "
      "timerSeconds",
      "demo.json:8:5: /phases/1/notes: missing: expected a string of up to 8000 characters",
      "demo.json:12:18: /phases/1/activity/roles: a role-play needs at least 2 roles (found 1)",
  };
  EXPECT_EQ(described, expected);
}

// Things the format allows that a careless check might refuse.
TEST(ScenarioRules, AcceptsWhatTheFormatAllows) {
  const std::vector<std::pair<const char*, std::string>> valid{
      {"reuse after an earlier roleplay",
       doc(phase(roleplay()) + "," + phase(info()) + "," + phase(roleplay(R"(,"forming":"reuse","rotation":true)")))},
      {"autoAdvance on a roleplay needs no duration", with(roleplay(), R"(,"autoAdvance":true)")},
      {"autoAdvance with a duration", with(info(), R"(,"autoAdvance":true,"durationSeconds":60)")},
      {"autoAdvance false needs nothing", with(info(), R"(,"autoAdvance":false)")},
      {"pod with an explicit moderation none",
       pod(phase(roleplay("", two_roles, "[" + play + "]", "5")) + "," + phase(cards(R"(,"moderation":"none")")))},
      {"whole numbers written as decimals", with(roleplay(R"(,"rounds":2.0)", two_roles, "[" + play + "]", "3.0"))},
      {"widest scale", with(poll(R"(,"pollKind":"scale","scale":{"min":-10,"max":0,"minLabel":"a","maxLabel":"b"})"))},
      {"two-point scale", with(poll(R"(,"pollKind":"scale","scale":{"max":2,"minLabel":"a","maxLabel":"b"})"))},
      {"longest wordcloud answer", with(poll(R"(,"pollKind":"wordcloud","maxLength":40,"maxEntries":10)"))},
      {"maxChoices equal to the options", with(poll(R"(,"pollKind":"multi","options":["a","b"],"maxChoices":2)"))},
      {"every optional field", with(roleplay(
           R"(,"situation":"","rounds":8,"rotation":false,"forming":"new-partners","videoLinkTemplate":)"
           R"("https://meet.example.com/h-{code}-{phase}-{room}")",
           "[" + role("a") + "," + role("z-9", R"(,"checklist":["one"])") + "]",
           R"([{"step":"prepare","seconds":10,"label":"Read","prompt":""},)" + play +
               R"(,{"step":"feedback","seconds":3600},{"step":"reflect","seconds":60}])",
           "8"))},
      {"cards and fishbowl with every field",
       doc(phase(cards(R"(,"releaseThreshold":50,"moderation":"approve","maxLength":20,"maxPerPerson":20,"votes":false)")) +
           "," + phase(fishbowl(R"(,"seats":8,"emptyChair":true,"seating":"facilitator","observations":"named","prompt":"")")))},
      {"titles counted in characters, not bytes",
       R"({"id":"demo","title":")" + [] { std::string s; for (int i = 0; i < 120; ++i) s += "\xC3\xA9"; return s; }() +
           R"(","description":"","competencies":[],"durationMinutes":1,"phases":[)" + phase(info()) + "]}"},
      {"$schema and comments", "// header\n{\"$schema\": \"./schema/scenario.schema.json\", /* x */" +
                                   doc(phase(info())).substr(1)},
  };
  for (const auto& [what, text] : valid) {
    auto parsed = parse_scenario(text, "demo.json");
    auto* errors = std::get_if<std::vector<ScenarioError>>(&parsed);
    EXPECT_EQ(errors, nullptr) << what << ":" << (errors ? all(*errors) : "");
  }
}

TEST(ScenarioRules, ReportsEveryProblemInTextOrder) {
  const std::string text = doc(phase(poll(R"(,"pollKind":"single","options":["a"])")) + "," +
                                   phase(roleplay(R"(,"forming":"reuse")", "[" + role("a") + "]")) + "," +
                                   phase(fishbowl(R"(,"seats":10)")),
                               R"(,"mode":"solo")");
  const auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 5u) << all(errors);
  EXPECT_EQ(errors[0].pointer, "/mode");
  EXPECT_EQ(errors[1].pointer, "/phases/0/activity/options");
  EXPECT_EQ(errors[2].pointer, "/phases/1/activity/roles");  // written before forming
  EXPECT_EQ(errors[3].pointer, "/phases/1/activity/forming");
  EXPECT_EQ(errors[4].pointer, "/phases/2/activity/seats");
  for (std::size_t i = 1; i < errors.size(); ++i) EXPECT_LT(errors[i - 1].column, errors[i].column);
}

TEST(ScenarioRules, KeepsTheActivityAndTheDurationAsWritten) {
  const std::string text =
      doc(phase(roleplay(R"(,"rounds":3)", two_roles, R"([{"step":"prepare","seconds":60},)" + play + "]", "3.0")) +
          "," + phase(roleplay("", two_roles, "[" + play + "]"), R"(,"durationSeconds":500)"));
  auto parsed = parse_scenario(text, "demo.json");
  ASSERT_TRUE(std::holds_alternative<std::shared_ptr<const core::Scenario>>(parsed));
  const auto& s = *std::get<std::shared_ptr<const core::Scenario>>(parsed);
  ASSERT_EQ(s.phases.size(), 2u);
  EXPECT_EQ(s.phases[0].activity_kind, "roleplay");
  EXPECT_FALSE(s.phases[0].duration_seconds.has_value());  // no default filled in: no phase timer
  EXPECT_EQ(s.phases[1].duration_seconds, 500);
  EXPECT_EQ(s.phases[0].activity.at("rounds"), 3);
  EXPECT_TRUE(s.phases[0].activity.at("groupSize").is_number_integer());  // 3.0 reads as 3
  EXPECT_EQ(s.phases[0].activity.at("roles").size(), 2u);
}

// Nesting deep enough to overflow the stack of a recursive walk or copy is reported, not a crash.
TEST(ScenarioRules, DeeplyNestedValuesAreReportedNotFollowed) {
  const std::size_t depth = 300000;
  const std::string deep = std::string(depth, '[') + std::string(depth, ']');
  const auto errors = errors_of(with(R"({"kind":"info","text":)" + deep + "}"));
  ASSERT_EQ(errors.size(), 1u) << all(errors);
  EXPECT_EQ(errors[0].pointer, "/phases/0/activity/text");
  EXPECT_NE(errors[0].message.find("got an array"), std::string::npos);
}

}  // namespace
}  // namespace huddle::scenario
