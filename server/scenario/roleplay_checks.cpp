// roleplay: breakout rooms, a private brief per role, and a timeline every round follows.
#include <array>
#include <map>

#include "scenario/activity_checks.hpp"

namespace huddle::scenario {
namespace {

using nlohmann::json;

constexpr std::string_view placeholders_hint = "use only {code}, {phase} and {room}";

bool is_role_id(const std::string& id) {
  if (id.empty() || id.size() > 32 || id[0] < 'a' || id[0] > 'z') return false;
  for (char ch : id) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return false;
  }
  return true;
}

// Whitespace as the schema's pattern (\s in JavaScript) means it.
bool is_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

bool has_space(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    if (is_space(cp)) return true;
    i += length;
  }
  return false;
}

void check_video_link(FieldChecker& c, const json& activity, const std::string& at) {
  auto link = c.text(activity, at, "videoLinkTemplate", Need::optional, {0, 500});
  if (!link) return;
  const std::string here = pointer_to(at, "videoLinkTemplate");
  if (!link->starts_with("https://") || link->size() == 8 || has_space(*link)) {
    c.fail(here, "expected an https:// link without spaces, e.g. \"https://meet.example.com/huddle-{code}-{phase}-{room}\"");
  }
  for (std::size_t open = link->find('{'); open != std::string::npos; open = link->find('{', open + 1)) {
    const std::size_t close = link->find('}', open);
    if (close == std::string::npos) {
      c.fail(here, "a { without a closing }; " + std::string(placeholders_hint));
      return;
    }
    const std::string name = link->substr(open + 1, close - open - 1);
    if (name != "code" && name != "phase" && name != "room") {
      c.fail(here, "unknown placeholder {" + name + "}; " + std::string(placeholders_hint));
    }
  }
}

// One role: its id is returned when valid, for the uniqueness check.
std::optional<std::string> check_role(FieldChecker& c, const json& role, const std::string& at) {
  static constexpr std::array<std::string_view, 4> fields{"id", "name", "brief", "checklist"};
  if (!c.is_object(role, at, "a role: an object with id, name and brief")) return std::nullopt;
  c.allow_only(role, at, "a role", fields);
  std::optional<std::string> id;
  if (const json* value = c.field(role, at, "id", Need::required, "a role id like \"observer\"")) {
    if (value->is_string() && is_role_id(value->get<std::string>())) {
      id = value->get<std::string>();
    } else {
      c.fail(pointer_to(at, "id"),
             "expected a role id of 1 to 32 characters: lower-case letters, digits and dashes, starting with a "
             "letter (like \"observer\"), got " + describe_value(*value));
    }
  }
  c.text(role, at, "name", Need::required, {1, 60});
  c.text(role, at, "brief", Need::required, {1, 6000});
  c.text_list(role, at, "checklist", Need::optional, {1, 12, "an observer's checklist", "item", "items"}, {1, 200},
              false);
  return id;
}

void check_step(FieldChecker& c, const json& step, const std::string& at) {
  static constexpr std::array<std::string_view, 4> fields{"step", "label", "seconds", "prompt"};
  static constexpr std::array<std::string_view, 4> steps{"prepare", "play", "feedback", "reflect"};
  if (!c.is_object(step, at, "a timeline step: an object with step and seconds")) return;
  c.allow_only(step, at, "a timeline step", fields);
  c.choice(step, at, "step", Need::required, steps);
  c.text(step, at, "label", Need::optional, {1, 60});
  c.whole_number(step, at, "seconds", Need::required, 10, 3600);
  c.text(step, at, "prompt", Need::optional, {0, 1000});
}

void check_roles(FieldChecker& c, const json& activity, const std::string& at) {
  const json* roles = c.list(activity, at, "roles", Need::required, {2, 8, "a role-play", "role", "roles"});
  if (!roles) return;
  const std::string here = pointer_to(at, "roles");
  std::map<std::string, std::size_t> first_use;
  for (std::size_t i = 0; i < roles->size(); ++i) {
    const std::string role_at = pointer_to(here, i);
    auto id = check_role(c, (*roles)[i], role_at);
    if (!id) continue;
    auto [it, fresh] = first_use.emplace(*id, i);
    if (!fresh) {
      c.fail(pointer_to(role_at, "id"), "role id \"" + *id + "\" is already used by role " +
                                            std::to_string(it->second + 1) + "; role ids must be unique in a role-play");
    }
  }
}

void check_timeline(FieldChecker& c, const json& activity, const std::string& at) {
  const json* timeline =
      c.list(activity, at, "timeline", Need::required, {1, 8, "a role-play's timeline", "step", "steps"});
  if (!timeline) return;
  const std::string here = pointer_to(at, "timeline");
  bool plays = false;
  for (std::size_t i = 0; i < timeline->size(); ++i) {
    const json& step = (*timeline)[i];
    check_step(c, step, pointer_to(here, i));
    if (auto kind = step.is_object() ? step.find("step") : step.end(); kind != step.end() && kind->is_string()) {
      plays = plays || kind->get_ref<const std::string&>() == "play";
    }
  }
  if (!plays && !timeline->empty()) {
    c.fail(here, "a role-play's timeline needs a \"play\" step: the conversation itself");
  }
}

}  // namespace

void check_roleplay(FieldChecker& c, const json& activity, const std::string& at, const ActivityContext& context) {
  static constexpr std::array<std::string_view, 9> fields{"kind",    "situation", "groupSize", "roles",
                                                          "timeline", "rounds",   "rotation",  "forming",
                                                          "videoLinkTemplate"};
  static constexpr std::array<std::string_view, 5> forming_modes{"auto", "manual", "choose", "reuse", "new-partners"};

  c.allow_only(activity, at, "a role-play", fields);
  c.text(activity, at, "situation", Need::optional, {0, 4000});

  auto group_size = c.whole_number(activity, at, "groupSize", Need::required, 2, 8);
  if (context.pod && group_size && (*group_size < 3 || *group_size > 5)) {
    c.fail(pointer_to(at, "groupSize"), "in a pod (mode \"pod\") groupSize must be 3 to 5, the size of pod the script "
                                        "is written for; got " + std::to_string(*group_size));
  }
  c.whole_number(activity, at, "rounds", Need::optional, 1, 8);
  c.flag(activity, at, "rotation", Need::optional);

  if (context.pod) {
    c.forbid(activity, at, "forming",
             "forming is not allowed in a pod (mode \"pod\"): the pod is the room; remove it");
  } else if (c.choice(activity, at, "forming", Need::optional, forming_modes) == "reuse" && !context.after_roleplay) {
    c.fail(pointer_to(at, "forming"),
           "forming \"reuse\" keeps the rooms of an earlier roleplay phase, and there is none before this one");
  }

  check_roles(c, activity, at);
  check_timeline(c, activity, at);
  check_video_link(c, activity, at);
}

}  // namespace huddle::scenario
