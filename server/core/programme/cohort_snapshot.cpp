// The cohort as storage keeps it: one JSON document, rewritten whole on every change. It holds no order of
// arrival: maps in key order, the waiting anonymous texts sorted, and no author beside any anonymous text.
#include <algorithm>
#include <stdexcept>

#include "core/programme/cohort.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;

constexpr int snapshot_version = 1;

const json& array_at(const json& j, const char* key) {
  const json& v = j.at(key);
  if (!v.is_array()) throw std::runtime_error(std::string("\"") + key + "\" is not a list");
  return v;
}

json pool_to_json(int session, const AnonymousPool& pool) {
  json released = json::array();
  for (const auto& r : pool.released) released.push_back({{"id", r.id}, {"text", r.text}, {"surfaced", r.surfaced}});
  return {{"session", session}, {"waiting", pool.waiting}, {"released", std::move(released)}};
}

std::map<int, AnonymousPool> pools_from_json(const json& list) {
  std::map<int, AnonymousPool> pools;
  for (const auto& p : array_at(list, "pools")) {
    AnonymousPool pool;
    pool.waiting = p.at("waiting").get<std::vector<std::string>>();
    std::sort(pool.waiting.begin(), pool.waiting.end());
    for (const auto& r : p.at("released")) {
      pool.released.push_back({r.at("id").get<std::string>(), r.at("text").get<std::string>(), r.at("surfaced").get<bool>()});
    }
    pools[p.at("session").get<int>()] = std::move(pool);
  }
  return pools;
}

}  // namespace

json Cohort::to_json() const {
  json members = json::array();
  for (const auto& m : members_) {
    members.push_back({{"id", m.id}, {"name", m.name}, {"tokenHash", m.token_hash}, {"feedHash", m.feed_hash},
                       {"enrolledAt", m.enrolled_at}, {"removed", m.removed}});
  }
  json managers = json::array();
  for (const auto& m : managers_) {
    managers.push_back({{"tokenHash", m.token_hash}, {"member", m.member_id}, {"name", m.name}, {"invitedAt", m.invited_at}});
  }
  json runs = json::array();
  for (const auto& [session, run] : runs_) {
    json codes = json::object();
    for (const auto& [pod, code] : run.codes) codes[std::to_string(pod)] = code;
    runs.push_back({{"session", session}, {"codes", std::move(codes)}, {"startedAt", run.started_at},
                    {"pods", run.pods}, {"attended", run.attended}});
  }
  json answers = json::array();
  for (const auto& [key, a] : answers_) {
    answers.push_back({{"member", key.first}, {"session", key.second}, {"at", a.at},
                       {"yesNo", a.yes_no ? json(*a.yes_no) : json(nullptr)}, {"ratings", a.ratings}, {"text", a.text},
                       {"wroteReflection", a.wrote_reflection},
                       {"share", {{"yesNo", a.share_yes_no}, {"ratings", a.share_ratings}, {"text", a.share_text}}}});
  }
  json reflections = json::array();
  for (const auto& [session, pool] : reflections_) reflections.push_back(pool_to_json(session, pool));
  json cards = json::array();
  for (const auto& [session, pool] : refresher_cards_) cards.push_back(pool_to_json(session, pool));
  json votes = json::array();
  for (const auto& [session, counts] : refresher_votes_) votes.push_back({{"session", session}, {"counts", counts}});
  json refreshed = json::array();
  for (const auto& [member_id, session] : refreshed_) refreshed.push_back({{"member", member_id}, {"session", session}});
  json checkins = json::array();
  for (const auto& [key, c] : checkins_) {
    checkins.push_back({{"member", key.first}, {"session", key.second}, {"ticked", c.ticked}, {"note", c.note}, {"at", c.at}});
  }
  return {{"version", snapshot_version},
          {"id", id_},
          {"programme", {{"source", programme_->source}}},
          {"title", title_},
          {"keyHash", key_hash_},
          {"enrolCode", enrol_code_},
          {"startsAt", starts_at_},
          {"createdAt", created_at_},
          {"endedAt", ended_at_},
          {"members", std::move(members)},
          {"managers", std::move(managers)},
          {"runs", std::move(runs)},
          {"answers", std::move(answers)},
          {"reflections", {{"pools", std::move(reflections)}}},
          {"refresherVotes", std::move(votes)},
          {"refresherCards", {{"pools", std::move(cards)}}},
          {"refreshed", std::move(refreshed)},
          {"checkins", std::move(checkins)},
          {"webhook", {{"url", webhook_url_}, {"secret", webhook_secret_}}},
          {"notified", notified_}};
}

Cohort Cohort::from_json(const json& j, ProgrammeParser parse_programme) {
  try {
    if (!j.is_object()) throw std::runtime_error("not an object");
    if (j.at("version").get<int>() != snapshot_version) throw std::runtime_error("unknown version");
    Cohort c;
    c.id_ = j.at("id").get<std::string>();
    const auto source = j.at("programme").at("source").get<std::string>();
    c.programme_ = parse_programme(source);
    if (!c.programme_) throw std::runtime_error("its programme no longer parses");
    c.title_ = j.at("title").get<std::string>();
    c.key_hash_ = j.at("keyHash").get<std::string>();
    c.enrol_code_ = j.at("enrolCode").get<std::string>();
    c.starts_at_ = j.at("startsAt").get<Millis>();
    c.created_at_ = j.at("createdAt").get<Millis>();
    c.ended_at_ = j.at("endedAt").get<Millis>();
    for (const auto& m : array_at(j, "members")) {
      c.members_.push_back({m.at("id").get<std::string>(), m.at("name").get<std::string>(), m.at("tokenHash").get<std::string>(),
                            m.at("feedHash").get<std::string>(), m.at("enrolledAt").get<Millis>(), m.at("removed").get<bool>()});
    }
    for (const auto& m : array_at(j, "managers")) {
      c.managers_.push_back({m.at("tokenHash").get<std::string>(), m.at("member").get<std::string>(),
                             m.at("name").get<std::string>(), m.at("invitedAt").get<Millis>()});
    }
    const int sessions = static_cast<int>(c.programme_->sessions.size());
    auto session_in_range = [&](const json& v) {
      const int n = v.get<int>();
      if (n < 1 || n > sessions) throw std::runtime_error("session " + std::to_string(n) + " is not in its programme");
      return n;
    };
    for (const auto& r : array_at(j, "runs")) {
      SessionRun run;
      for (const auto& [pod, code] : r.at("codes").items()) run.codes[std::stoi(pod)] = code.get<std::string>();
      run.started_at = r.at("startedAt").get<Millis>();
      run.pods = r.at("pods").get<std::map<std::string, int>>();
      run.attended = r.at("attended").get<std::set<std::string>>();
      c.runs_[session_in_range(r.at("session"))] = std::move(run);
    }
    for (const auto& a : array_at(j, "answers")) {
      TaskAnswer answer;
      answer.at = a.at("at").get<Millis>();
      if (!a.at("yesNo").is_null()) answer.yes_no = a.at("yesNo").get<bool>();
      answer.ratings = a.at("ratings").get<std::map<std::string, int>>();
      answer.text = a.at("text").get<std::string>();
      answer.wrote_reflection = a.at("wroteReflection").get<bool>();
      answer.share_yes_no = a.at("share").at("yesNo").get<bool>();
      answer.share_ratings = a.at("share").at("ratings").get<bool>();
      answer.share_text = a.at("share").at("text").get<bool>();
      c.answers_[{a.at("member").get<std::string>(), session_in_range(a.at("session"))}] = std::move(answer);
    }
    c.reflections_ = pools_from_json(j.at("reflections"));
    c.refresher_cards_ = pools_from_json(j.at("refresherCards"));
    for (const auto& v : array_at(j, "refresherVotes")) {
      c.refresher_votes_[session_in_range(v.at("session"))] = v.at("counts").get<std::vector<int>>();
    }
    for (const auto& r : array_at(j, "refreshed")) {
      c.refreshed_.insert({r.at("member").get<std::string>(), session_in_range(r.at("session"))});
    }
    const auto checklist = c.programme_->manager_checklist.size();
    for (const auto& k : array_at(j, "checkins")) {
      Checkin checkin{k.at("ticked").get<std::vector<int>>(), k.at("note").get<std::string>(), k.at("at").get<Millis>()};
      for (int i : checkin.ticked) {
        if (i < 0 || static_cast<std::size_t>(i) >= checklist) throw std::runtime_error("a check-in ticks an item its checklist lacks");
      }
      c.checkins_[{k.at("member").get<std::string>(), session_in_range(k.at("session"))}] = std::move(checkin);
    }
    c.webhook_url_ = j.at("webhook").at("url").get<std::string>();
    c.webhook_secret_ = j.at("webhook").at("secret").get<std::string>();
    c.notified_ = j.at("notified").get<std::set<std::string>>();
    return c;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("damaged cohort snapshot: ") + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("damaged cohort snapshot: ") + e.what());
  } catch (const std::logic_error& e) {  // std::stoi on a pod number that is not one
    throw std::runtime_error(std::string("damaged cohort snapshot: ") + e.what());
  }
}

}  // namespace huddle::core
