#include "core/report.hpp"

#include <cmath>

#include "core/breakout_rules.hpp"
#include "core/csv_field.hpp"
#include "core/breakouts/breakout_views.hpp"
#include "core/fishbowl/fishbowl_views.hpp"
#include "core/cards/board_views.hpp"
#include "core/polls/poll_views.hpp"

namespace huddle::core {

using nlohmann::json;

namespace {

double percent(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10.0;
}

json agenda(const SessionState& s, Millis now) {
  json phases = json::array();
  for (std::size_t i = 0; i < s.scenario->phases.size(); ++i) {
    const Phase& p = s.scenario->phases[i];
    const auto planned = planned_seconds(p);
    json visits = json::array();
    for (std::size_t v = 0; v < s.phase_log.size(); ++v) {
      if (s.phase_log[v].phase != static_cast<int>(i)) continue;
      // A visit lasts until the next phase started, or the session ended, or (still running) now.
      Millis end = v + 1 < s.phase_log.size() ? s.phase_log[v + 1].started_at : (s.ended_at ? s.ended_at : now);
      visits.push_back({{"startedAt", s.phase_log[v].started_at}, {"endedAt", end},
                        {"seconds", (end - s.phase_log[v].started_at) / 1000}});
    }
    phases.push_back({{"index", i},
                      {"title", p.title},
                      {"activity", p.activity_kind},
                      {"plannedSeconds", planned ? json(*planned) : json(nullptr)},
                      {"visits", std::move(visits)}});
  }
  return phases;
}

json attendance(const SessionState& s) {
  json people = json::array();
  for (const auto& p : s.participants) {
    people.push_back({{"name", p.name},
                      {"joinedAt", p.joined_at},
                      {"leftAt", p.active ? json(nullptr) : json(p.left_at)},
                      {"removed", p.removed}});
  }
  return {{"joined", s.participants.size()}, {"stillIn", s.active_count}, {"participants", std::move(people)}};
}

}  // namespace

json session_report(const SessionState& s, Millis now) {
  const std::size_t joined = s.participants.size();
  json polls = json::array();
  json participation = json::array();
  for (const auto& id : s.activity.poll_order) {
    const PollSlot* slot = s.activity.find_poll(id);
    if (!slot) continue;
    json poll = poll_facilitator_view(slot->poll);
    poll["phase"] = slot->phase ? json(*slot->phase) : json(nullptr);
    poll["quick"] = slot->quick;
    poll["participation"] = percent(slot->poll.voter_count(), joined);
    polls.push_back(std::move(poll));
    participation.push_back({{"phase", slot->phase ? json(*slot->phase) : json(nullptr)},
                             {"activity", "poll"},
                             {"item", id},
                             {"people", slot->poll.voter_count()},
                             {"percent", percent(slot->poll.voter_count(), joined)}});
  }
  json boards = json::array();
  for (const auto& [phase, board] : s.activity.boards) {
    json view = board_facilitator_view(board, CardSort::votes);
    view["phase"] = phase;
    view["title"] = s.scenario->phases[static_cast<std::size_t>(phase)].title;
    view["heldBack"] = board.waiting_count();
    std::size_t votes = 0;
    for (const auto& card : board.cards()) votes += card.vote_count();
    view["meTooVotes"] = votes;
    boards.push_back(std::move(view));
    // Cards have no authors, so how many people wrote is unknowable by design: report cards per person.
    participation.push_back({{"phase", phase},
                             {"activity", "cards"},
                             {"item", "cards"},
                             {"cards", board.cards().size() + board.waiting_count()},
                             {"cardsPerPerson", joined == 0 ? 0.0
                                                            : std::round(10.0 * static_cast<double>(board.cards().size() +
                                                                                                   board.waiting_count()) /
                                                                         static_cast<double>(joined)) / 10.0}});
  }
  json breakouts = breakouts_report(s);
  for (const auto& b : breakouts) {
    participation.push_back({{"phase", b["phase"]},
                             {"activity", "roleplay"},
                             {"item", "rooms"},
                             {"people", b["people"]},
                             {"percent", percent(b["people"].get<std::size_t>(), joined)}});
  }
  json fishbowls = fishbowl_report(s, now);
  for (const auto& f : fishbowls) {
    participation.push_back({{"phase", f["phase"]},
                             {"activity", "fishbowl"},
                             {"item", "inner circle"},
                             {"people", f["talk"].size()},
                             {"percent", percent(f["talk"].size(), joined)}});
  }
  return {{"code", s.code},
          {"title", s.scenario->title},
          {"scenarioId", s.scenario->id},
          {"status", to_string(s.status)},
          {"createdAt", s.created_at},
          {"endedAt", s.ended_at ? json(s.ended_at) : json(nullptr)},
          {"generatedAt", now},
          {"agenda", agenda(s, now)},
          {"attendance", attendance(s)},
          {"polls", std::move(polls)},
          {"boards", std::move(boards)},
          {"breakouts", std::move(breakouts)},
          {"fishbowls", std::move(fishbowls)},
          {"participation", std::move(participation)}};
}

namespace {

void row(std::string& out, const char* section, const json& phase, const json& title, const json& item,
         const json& detail, const json& count, const json& pct) {
  out += std::string(section) + "," + csv_field(phase) + "," + csv_field(title) + "," + csv_field(item) + "," +
         csv_field(detail) + "," + csv_field(count) + "," + csv_field(pct) + "\r\n";
}

}  // namespace

std::string session_report_csv(const json& r) {
  std::string out = "section,phase,title,item,detail,count,percent\r\n";
  for (const auto& p : r["agenda"]) {
    for (const auto& v : p["visits"]) row(out, "agenda", p["index"], p["title"], p["activity"], v["startedAt"], v["seconds"], nullptr);
  }
  for (const auto& p : r["attendance"]["participants"]) {
    row(out, "attendance", nullptr, p["name"], p["removed"].get<bool>() ? "removed" : (p["leftAt"].is_null() ? "in" : "left"),
        p["joinedAt"], nullptr, nullptr);
  }
  for (const auto& poll : r["polls"]) {
    const json& res = poll["results"];
    const json& q = poll["question"];
    if (res.contains("options")) {
      for (const auto& o : res["options"]) row(out, "poll", poll["phase"], q, poll["pollId"], o["option"], o["count"], o["percent"]);
    }
    if (res.contains("points")) {
      for (const auto& o : res["points"]) row(out, "poll", poll["phase"], q, poll["pollId"], o["value"], o["count"], o["percent"]);
      row(out, "poll", poll["phase"], q, poll["pollId"], "average", res["average"], nullptr);
    }
    if (res.contains("words")) {
      for (const auto& w : res["words"]) row(out, "poll", poll["phase"], q, poll["pollId"], w["word"], w["count"], nullptr);
    }
    if (res.contains("texts")) {
      for (const auto& t : res["texts"]) row(out, "poll", poll["phase"], q, poll["pollId"], t, nullptr, nullptr);
    }
    if (poll.contains("answers")) {  // named polls only
      for (const auto& a : poll["answers"]) row(out, "poll answer", poll["phase"], q, a["name"], a["ballot"].dump(), nullptr, nullptr);
    }
  }
  for (const auto& b : r["boards"]) {
    for (const auto& c : b["cards"]) {
      row(out, "card", b["phase"], b["title"], c["text"], c["group"].is_null() ? json(nullptr) : c["group"]["name"], c["votes"], nullptr);
    }
  }
  for (const auto& b : r["breakouts"]) {
    for (const auto& item : b["checklistSummary"]) {
      row(out, "checklist", b["phase"], b["title"], item["item"], item["role"], item["ticked"], nullptr);
    }
    for (const auto& o : b["observations"]) {
      row(out, "observation", b["phase"], b["title"], o["observer"], o["note"], o["round"], nullptr);
    }
  }
  for (const auto& f : r["fishbowls"]) {
    for (const auto& t : f["talk"]) {
      const double share = std::round(t["share"].get<double>() * 1000.0) / 10.0;
      row(out, "talk-time", f["phase"], f["title"], t["name"], t["ms"], t["turns"], share);
    }
    for (const auto& o : f["observations"]) {
      const char* section = o["surfaced"].get<bool>() ? "outer circle (surfaced)" : "outer circle";
      row(out, section, f["phase"], f["title"], o["name"], o["text"], nullptr, nullptr);
    }
  }
  for (const auto& p : r["participation"]) {
    row(out, "participation", p["phase"], p["activity"], p["item"], nullptr,
        p.contains("people") ? p["people"] : p["cards"], p.contains("percent") ? p["percent"] : p["cardsPerPerson"]);
  }
  return out;
}

}  // namespace huddle::core
