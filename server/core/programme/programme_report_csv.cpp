#include "core/programme/programme_report_csv.hpp"

#include "core/csv_field.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;

// A report's field, or null when it is missing (the hub adds parts of the report; nothing here may crash on it).
const json& field(const json& j, const char* key) {
  static const json null;
  if (!j.is_object()) return null;
  auto it = j.find(key);
  return it == j.end() ? null : *it;
}

const json& items(const json& j, const char* key) {
  static const json empty = json::array();
  const json& v = field(j, key);
  return v.is_array() ? v : empty;
}

void row(std::string& out, const char* section, const json& session, const json& title, const json& item,
         const json& detail, const json& count, const json& of) {
  out += std::string(section) + "," + csv_field(session) + "," + csv_field(title) + "," + csv_field(item) + "," +
         csv_field(detail) + "," + csv_field(count) + "," + csv_field(of) + "\r\n";
}

}  // namespace

std::string programme_report_csv(const json& r) {
  std::string out = "section,session,title,item,detail,count,of\r\n";
  for (const auto& a : items(r, "attendance")) row(out, "attendance", field(a, "session"), field(a, "title"), nullptr, nullptr, field(a, "attended"), field(a, "of"));
  for (const auto& p : items(r, "people")) {
    const json& attended = items(p, "attended");
    const json& tasks = items(p, "tasks");
    for (std::size_t i = 0; i < attended.size(); ++i) {
      const bool done = i < tasks.size() && tasks[i] == true;
      row(out, "person", i + 1, field(p, "name"), attended[i] == true ? "attended" : "absent", done ? "task done" : "no task done",
          nullptr, nullptr);
    }
  }
  for (const auto& t : items(r, "tasks")) row(out, "task", field(t, "session"), nullptr, nullptr, nullptr, field(t, "done"), field(t, "of"));
  for (const auto& c : items(r, "ratings")) {
    for (const auto& p : items(c, "points")) row(out, "rating", field(p, "session"), field(c, "competency"), "mean", field(p, "mean"), field(p, "count"), nullptr);
  }
  for (const auto& c : items(r, "checkins")) row(out, "check-in", field(c, "session"), nullptr, nullptr, nullptr, field(c, "done"), field(c, "of"));
  for (const auto& s : items(r, "reflections")) {
    for (const auto& t : items(s, "texts")) row(out, "reflection", field(s, "session"), nullptr, t, nullptr, nullptr, nullptr);
  }
  for (const auto& s : items(r, "refresherCards")) {
    for (const auto& t : items(s, "texts")) row(out, "refresher card", field(s, "session"), nullptr, t, nullptr, nullptr, nullptr);
  }
  for (const auto& q : items(r, "repeatedPolls")) {
    for (const auto& a : items(q, "asked")) {
      const json& res = field(a, "results");
      row(out, "repeated poll", field(a, "session"), field(q, "question"), field(q, "kind"), field(a, "code"), field(a, "votes"), nullptr);
      for (const auto& o : items(res, "options")) {
         row(out, "repeated poll option", field(a, "session"), field(q, "question"), field(o, "option"), field(a, "code"), field(o, "count"), nullptr);
      }
      for (const auto& o : items(res, "points")) {
         row(out, "repeated poll option", field(a, "session"), field(q, "question"), field(o, "value"), field(a, "code"), field(o, "count"), nullptr);
      }
      if (!field(res, "average").is_null()) {
        row(out, "repeated poll average", field(a, "session"), field(q, "question"), "average", field(a, "code"), field(res, "average"), nullptr);
      }
    }
  }
  return out;
}

}  // namespace huddle::core
